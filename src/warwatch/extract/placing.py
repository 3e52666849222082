"""Places of one sentence, resolved in context: units written beside a name, the sentence's other
places, the towns of the report's earlier events, and the country the places agree on.

Pure: the gazetteer is reached only through ``Knowledge`` (``resolve_place``, ``resolve_within``).
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Span

from warwatch.extract import place_marks, place_naming, places
from warwatch.extract.knowledge import Knowledge
from warwatch.extract.layout import Layout
from warwatch.extract.place_marks import FreeNames
from warwatch.records import Place

_NAME_GLUE = frozenset({"of", "for", "and", "the", "al", "el", "de"})

_HINTS = {"admin": "province", "city": "city"}
_UNITS = frozenset({"country", "admin1", "admin2"})  # places that name a country's units


def resolve_places(
    sent: Span,
    focus: list[str],
    kb: Knowledge,
    earlier: list[Place],
    parts: Layout | None = None,
) -> list[Place]:
    """Resolve each place mention; 'X (District, Province)' and 'X, Province' narrow the search to
    the enclosing units, and a name the gazetteer lacks falls back to the enclosing admin-1.
    Names in the article's headline, dateline or other non-body ``parts`` are not read."""
    resolved: list[Place] = []
    kept: list[places.Mention] = []
    free: FreeNames = {}
    for mention in _body_mentions(sent, kb, parts) or _towns_read_as_names(sent, focus, kb, parts):
        found = _place_of(mention, focus, kb, resolved)
        if found is None:
            continue  # not a place: '(coded as Kashmir Rebels)', 'in Taliban (...)'
        place, alone = found
        if alone is not None:
            free[len(resolved)] = alone
        mention = place_naming.as_kept(mention, place)
        place = (
            dataclasses.replace(place, mention=mention.text)
            if place is not None
            else Place(mention=mention.text)
        )
        resolved.append(places.with_role(place, mention))
        kept.append(mention)
    resolved = near_each_other(resolved, kept, free, focus, kb, earlier)
    resolved = place_marks.units_that_placed_a_name(resolved, kept, free)
    resolved = place_marks.at_the_marked_place(resolved, kept, places.text_of(sent.doc))
    placed = in_the_articles_world(
        cohere(resolved, focus, kb, sent), focus, kb, places.text_of(sent.doc)
    )
    placed = place_naming.within_written_units(placed, kept)
    placed = place_naming.sites_at_their_town(placed, kept)
    return place_naming.as_written([p for p in placed if _plausible(p, sent, kb)], kept, sent)


def _body_mentions(sent: Span, kb: Knowledge, parts: Layout | None) -> list[places.Mention]:
    """The sentence's place mentions outside the article's headline, dateline and other
    non-body parts, and not inside an organisation's name ('Free' of Free Syrian Army)."""
    heads = kb.cues.coding.organisation_heads
    return [
        m
        for m in places.mentions_in(sent)
        if (parts is None or parts.zone_at(m.start) is None) and not inside_a_name(sent, m, heads)
    ]


# Ruler places outside the focus countries are towns of 15,000 or more (geo.ruler_patterns): the
# model reads smaller ones as people or organisations ('a walk in Genthin' is a PERSON).
_NAME_LABELS = frozenset({"PERSON", "ORG"})
_TOWN_FEATURES = frozenset({"city", "admin2"})


def _towns_read_as_names(
    sent: Span, focus: list[str], kb: Knowledge, parts: Layout | None
) -> list[places.Mention]:
    """For a sentence with no place of its own: names the model took for a person or an
    organisation, written where a place goes ('in', 'village of'), that the gazetteer knows as
    a town. Resolved later like any mention; a name it does not know stays a name."""
    text = places.text_of(sent.doc)
    out = []
    for ent in places.ents_of(sent):
        if ent.label_ not in _NAME_LABELS or (parts and parts.zone_at(ent.start_char) is not None):
            continue
        if not kb.cues.coding.place_word_before_name.search(
            text[max(0, ent.start_char - 20) : ent.start_char]
        ):
            continue
        town = kb.resolve_place(ent.text, focus, [], None)
        if town.latitude is not None and town.feature in _TOWN_FEATURES:
            out.append(places.entity_mention(ent, text))
    return out


def _plausible(place: Place, sent: Span, kb: Knowledge) -> bool:
    """A place the gazetteer does not know is kept only where the text puts it as a place ('in
    al-Bayda', 'the village of Teldau'), never a region word ('the Middle East', 'the Gulf')."""
    words = kb.cues.coding
    if place.mention.lower() in words.not_places:
        return False
    if place.latitude is not None or place.role != "event":
        return True
    return _after_a_preposition(place, places.text_of(sent.doc), kb)


def _after_a_preposition(place: Place, doc_text: str, kb: Knowledge) -> bool:
    if place.start is None:
        return True
    before = doc_text[max(0, place.start - 40) : place.start]
    return bool(kb.cues.coding.place_preposition.search(before))


def in_the_articles_world(
    resolved: list[Place], focus: list[str], kb: Knowledge, doc_text: str
) -> list[Place]:
    """An event place in a country the article never names, nor names a unit of, and that the
    text does not put as a place ('in X'), is a namesake: read again inside the article's
    countries, else kept as the name only ('The Obama administration' is not the Japanese town in
    a report on Syria). Without countries named there is nothing to check."""
    if not focus:
        return resolved
    out = []
    for place in resolved:
        # a unit vouches for its country, but not for itself ('Berkshire' in a report on Reading,
        # UK is no reason to allow the United States, whose Berkshire County it also names)
        allowed = set(focus) | {
            p.country for p in resolved if p is not place and p.country and p.feature in _UNITS
        }
        if place.role != "event" or place.country is None or place.country in allowed:
            out.append(place)
            continue
        if _after_a_preposition(place, doc_text, kb):
            out.append(
                place
            )  # 'a protest in Eupen against the war in Ukraine': a place all the same
            continue
        again = kb.resolve_place(place.mention, focus, [], None)
        if again.country in allowed and again.latitude is not None:
            place = dataclasses.replace(
                again, mention=place.mention, role=place.role, start=place.start, end=place.end
            )
        else:
            place = Place(mention=place.mention, role=place.role, start=place.start, end=place.end)
        out.append(place)
    return out


def _hint_of(mention: places.Mention) -> str | None:
    return _HINTS.get(mention.hint or "") or ("near" if mention.role == "near" else None)


def _names_of(mention: places.Mention) -> list[str]:
    """The whole name first ('Abu Shouk camp'), then the entity's own text."""
    return list(dict.fromkeys(t for t in (mention.full, mention.text) if t))


def _place_of(
    mention: places.Mention, focus: list[str], kb: Knowledge, resolved: list[Place]
) -> tuple[Place | None, tuple[str, str | None] | None] | None:
    """(place or None when unknown, (text, hint) when resolved by name alone); None when the
    mention is not a place at all."""
    place = _within_units(mention, focus, kb)
    if mention.coded:
        return _coded_place(mention, place, focus, kb, resolved)
    if mention.by_layout:  # a settlement's name ('Kauk Yoe Pon village of ...') stays unknown
        return None if place is None and mention.hint != "city" else (place, None)
    if place is None or (place.feature == "admin1" and mention.hint != "admin"):
        hint = _hint_of(mention)
        alone = _by_name_alone(mention, focus, kb, resolved, hint)
        if alone is not None and (place is None or alone[0].admin1 == place.admin1):
            return alone[0], (alone[1], hint)
    return place, None


def _within_units(mention: places.Mention, focus: list[str], kb: Knowledge) -> Place | None:
    """The place inside the units written beside it; admin-1 when only the unit is known."""
    if not mention.parent:
        return None
    units = [u.strip() for u in mention.parent.split(",")]
    place = None
    for text in _names_of(mention):
        place = kb.resolve_within(text, units, focus, fallback=mention.enclosed)
        if place is not None and place.feature != "admin1":
            break
    return place


def _coded_place(
    mention: places.Mention,
    place: Place | None,
    focus: list[str],
    kb: Knowledge,
    resolved: list[Place],
) -> tuple[Place, None] | None:
    """The point an ACLED coding note names ('(coded to Rawson)'), with its precision."""
    if place is None or (place.feature == "admin1" and mention.parent):
        place = kb.resolve_place(mention.text, focus, resolved, None)
    if place.latitude is None:
        return None  # '(coded as Kashmir Rebels)' codes an actor, not a place
    if mention.precision:
        place = dataclasses.replace(place, geo_precision=mention.precision)
    return place, None


def _by_name_alone(
    mention: places.Mention,
    focus: list[str],
    kb: Knowledge,
    resolved: list[Place],
    hint: str | None,
) -> tuple[Place, str] | None:
    """(place, the text that found it) by name in the report's countries, or None. A word of a
    longer capitalised name that is no place ('Alton Sterling', 'Roman Catholic', 'Human Rights
    Watch') is read only as that whole name."""
    names = _names_of(mention)
    if len(names) > 1 and not kb.cues.coding.place_words & set(names[0].lower().split()):
        names = names[:1]
    for text in names:
        candidate = kb.resolve_place(text, focus, resolved, hint)
        if candidate.latitude is not None:
            return candidate, text
    return None


def near_each_other(
    resolved: list[Place],
    kept: list[places.Mention],
    free: FreeNames,
    focus: list[str],
    kb: Knowledge,
    earlier: list[Place],
) -> list[Place]:
    """Read names resolved alone again beside all the sentence's other places, those written
    after them too: in 'shelled Ivanivka, 10 km east of Izium' the Ivanivka meant is the one near
    Izium, not the largest Ivanivka. A sentence naming one place is read beside the towns the
    report's earlier events named."""
    points = [
        i for i, p in enumerate(resolved) if p.latitude is not None and p.feature != "country"
    ]
    if len(points) < 2 and not earlier:
        return resolved
    out = list(resolved)
    for i, (text, hint) in free.items():
        nearby = [resolved[j] for j in points if j != i] or earlier
        again = kb.resolve_place(text, focus, nearby, hint)
        if again.latitude is not None and again.geonameid != resolved[i].geonameid:
            out[i] = places.with_role(dataclasses.replace(again, mention=kept[i].text), kept[i])
    return out


def actor_countries(sent: Span, kb: Knowledge) -> list[str]:
    """Countries of the armed groups and forces a sentence names ('the Taliban', 'FARDC'): a weak
    hint for places the text does not put in a country."""
    out = []
    for ent in places.ents_of(sent):
        if ent.label_ == "ORG":
            actor = kb.actors.resolve(ent.text)
            if actor is not None and actor.country and actor.country not in out:
                out.append(actor.country)
    return out


def cohere(resolved: list[Place], focus: list[str], kb: Knowledge, sent: Span) -> list[Place]:
    """Places named together lie together: in 'the Aino Mena area of Kandahar city' the small
    name is re-read inside the country the other towns and provinces agree on, and a namesake
    abroad with no match there is kept as text only. Country names do not vote: in 'protested
    in Saalfeld against the war in Ukraine' Ukraine is the topic, not the place."""
    votes, biggest = _country_votes(resolved)
    if len(votes) < 2:
        return resolved
    dominant = _dominant_country(votes, biggest, focus + actor_countries(sent, kb))
    if dominant is None:
        return resolved
    return [_into_country(place, dominant, resolved, kb) for place in resolved]


def _country_votes(resolved: list[Place]) -> tuple[dict[str, float], dict[str, int]]:
    """Per country: how many event places of the sentence lie in it, and its biggest one."""
    votes: dict[str, float] = {}
    biggest: dict[str, int] = {}
    for place in resolved:
        if place.country and place.role == "event" and place.feature != "country":
            votes[place.country] = votes.get(place.country, 0.0) + 1.0
            biggest[place.country] = max(biggest.get(place.country, 0), place.population or 0)
    return votes, biggest


def _dominant_country(
    votes: dict[str, float], biggest: dict[str, int], focus: list[str]
) -> str | None:
    """The country the places agree on; the report's countries (and, computed only when needed
    because resolving actors costs time, its actors' countries) break ties, then the best-known
    place ('Mena area of Kandahar city'). None when still tied."""
    for rank, country in enumerate(dict.fromkeys(focus)):
        if country in votes:
            votes[country] += 0.5 if rank == 0 else 0.25
    ranked = sorted(votes.items(), key=lambda item: (-item[1], -biggest.get(item[0], 0)))
    dominant = ranked[0][0]
    if ranked[0][1] == ranked[1][1] and biggest.get(dominant, 0) == biggest.get(ranked[1][0], 0):
        return None
    return dominant


def _into_country(place: Place, dominant: str, resolved: list[Place], kb: Knowledge) -> Place:
    """An event place abroad, read again inside the dominant country, else kept as text only."""
    if not (
        place.role == "event"
        and place.country
        and place.country != dominant
        and place.feature != "country"
    ):
        return place
    nearby = [p for p in resolved if p.country == dominant]
    again = kb.resolve_place(place.mention, [dominant], nearby, None)
    if again.country == dominant and again.latitude is not None:
        return dataclasses.replace(
            again, mention=place.mention, role=place.role, start=place.start, end=place.end
        )
    return Place(mention=place.mention, role=place.role, start=place.start, end=place.end)


def inside_a_name(sent: Span, mention: places.Mention, heads: frozenset[str]) -> bool:
    """True when the mention is a word of a longer capitalised name headed by an organisation
    word (``heads``): 'Free' in 'Free Syrian Army', 'Iraq' in 'Islamic State of Iraq and the
    Levant', 'Kabul' in 'Kabul University'."""
    doc = sent.doc
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    i = span.end
    while i < len(doc) and (doc[i].is_title or doc[i].is_upper or doc[i].lower_ in _NAME_GLUE):
        if doc[i].is_title and doc[i].lower_ in heads:
            return True
        glue_ends = doc[i].lower_ in _NAME_GLUE and not (i + 1 < len(doc) and doc[i + 1].is_title)
        if doc[i].is_punct or glue_ends:
            break
        i += 1
    return False

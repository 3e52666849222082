"""Places of one sentence, resolved in context: units written beside a name, the sentence's other
places, the towns of the report's earlier events, and the country the places agree on.

Pure: the gazetteer is reached only through ``Knowledge`` (``resolve_place``, ``resolve_within``).
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Span

from warwatch.extract import places
from warwatch.extract.knowledge import Knowledge
from warwatch.records import Place

# resolved by name alone, by index in the sentence's places: (text resolved, hint)
FreeNames = dict[int, tuple[str, str | None]]
_HINTS = {"admin": "province", "city": "city"}


def resolve_places(
    sent: Span, focus: list[str], kb: Knowledge, earlier: list[Place]
) -> list[Place]:
    """Resolve each place mention; 'X (District, Province)' and 'X, Province' narrow the search to
    the enclosing units, and a name the gazetteer lacks falls back to the enclosing admin-1."""
    resolved: list[Place] = []
    kept: list[places.Mention] = []
    free: FreeNames = {}
    for mention in places.mentions_in(sent):
        found = _place_of(mention, focus, kb, resolved)
        if found is None:
            continue  # not a place: '(coded as Kashmir Rebels)', 'in Taliban (...)'
        place, alone = found
        if alone is not None:
            free[len(resolved)] = alone
        if place is None and mention.full_end > mention.end:  # keep the whole name: 'Abu Shouk'
            mention = dataclasses.replace(mention, text=mention.full, end=mention.full_end)
        place = (
            dataclasses.replace(place, mention=mention.text)
            if place is not None
            else Place(mention=mention.text)
        )
        resolved.append(places.with_role(place, mention))
        kept.append(mention)
    resolved = near_each_other(resolved, kept, free, focus, kb, earlier)
    if any(m.coded for m in kept):
        # the report's coding note names the event's point; the other places locate it
        resolved = [
            p if m.coded or p.role != "event" else dataclasses.replace(p, role="anchor")
            for p, m in zip(resolved, kept)
        ]
    return cohere(resolved, focus, kb, sent)


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
    if mention.by_layout:
        return None if place is None else (place, None)
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
    """(place, the text that found it) by name in the report's countries, or None."""
    for text in _names_of(mention):
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

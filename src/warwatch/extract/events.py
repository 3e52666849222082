"""From a parsed document to event and figure records.

The chain, per document:
1. sentences with no event cue and no figure are skipped (triage);
2. each remaining sentence is classified by the cue decision list; a sentence that adds detail
   to the previous event (no place or date of its own: 'Police dispersed them', 'the insurgents
   entered the towns without facing any resistance') joins that event's cluster and can refine it;
3. per cluster: places (with roles), date (the sentence's own, else the last date the report
   gave), actors, fatalities, claimant and stance; a capture of several places gives one event
   per place;
4. statements about history ('in 2011 ...') and predictions ('could lead to ...') are kept out
   of the events; a denial ('the military denied that') yields a denied copy of what it denies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from warwatch.extract import claims, dates, figures, participants, places, syntax
from warwatch.extract.knowledge import Knowledge
from warwatch.records import (
    DENIED,
    PREDICTED,
    Document,
    EventDate,
    EventRecord,
    Evidence,
    Extraction,
    Figure,
    Place,
)
from warwatch.taxonomy import sub_event_types

_CASUALTY_WORDS = {"wounded", "injured", "dead", "died", "casualties"}
_PERIOD_WORDS = (
    "since",
    "so far",
    "in total",
    "toll",
    "over the past",
    "to date",
    "overall",
    "between 19",
    "between 20",
)
_PERIOD_PHRASE = re.compile(
    r"\b(since|so far|in total|death toll|between \w+ and|to date|overall|over the past|cumulative)\b",
    re.IGNORECASE,
)
# Background, not news: 'has been plagued by attacks in recent years', 'since 2017 ...'
_BACKGROUND = re.compile(
    r"\b(in recent years|over the years|for years|for decades|in the past decade|historically|since (19|20)\d\d|during the (\w+[- ])*(civil )?war)\b",
    re.IGNORECASE,
)


@dataclass
class _Cluster:
    sents: list[Span]
    dated: list[tuple[int, EventDate]]  # (document offset, date) of the date expressions in it
    found: dict  # cue name -> first regex match (offsets relative to that sentence)
    cue_sent: dict  # cue name -> sentence it was found in
    places: list[Place]
    last_index: int  # index of the cluster's last sentence in the document
    claimant: str | None
    verb: Token | None
    figures: list[figures.RawFigure] = field(default_factory=list)
    figure_sents: list[Span] = field(default_factory=list)
    context_date: EventDate | None = None  # the last date the report gave before this sentence


def extract(doc: Doc, document: Document, kb: Knowledge) -> Extraction:
    """All events and figures of one document. Pure: no I/O, no clock, no global state."""
    ctx = claims.ClaimantContext(actors=kb.actors, date=document.published)
    sents = list(doc.sents)
    focus = _focus_countries(doc, kb)
    clusters: list[_Cluster] = []
    figure_records: list[Figure] = []
    last_date: EventDate | None = None
    last_date_index = -10
    denials: list[tuple[int, str | None]] = []  # (cluster index denied, claimant)

    earlier: list[Place] = []  # towns of the report's earlier event sentences, latest first
    for index, sent in enumerate(sents):
        text = sent.text
        found = kb.cues.cues_in(text)
        raw_figures = figures.find_figures(text)
        dated = _sentence_dates(sent, document.published)
        sent_date = dated[0][1] if dated else None
        historical = sent_date is not None and dates.is_historical(sent_date, document.published)
        historical = historical or bool(_BACKGROUND.search(text))
        context_date = last_date if last_date is not None and index - last_date_index <= 6 else None
        if sent_date is not None and not historical and sent_date.time_precision <= 2:
            last_date, last_date_index = sent_date, index
        if clusters and syntax.is_bare_denial(sent):
            claimant, _ = claims.find_claimant(sent, ctx)
            denials.append((len(clusters) - 1, claimant))
            continue
        if not found and not raw_figures:
            continue
        if syntax.is_heading(sent):
            continue  # headlines restate the report's events in the present tense
        claimant, verb = claims.find_claimant(sent, ctx)
        denied = syntax.denied_span(sent, verb)
        if (
            denied is not None
        ):  # 'denied reports that its troops had withdrawn': code what is denied
            found = kb.cues.cues_in(text, *denied) or found
        figure_records.extend(
            _figure_records(raw_figures, sent, document, claimant, sent_date, kb, focus)
        )
        if historical or not found:
            continue
        sent_places = _resolve_places(sent, focus, kb, earlier)
        earlier = (
            [
                p
                for p in sent_places
                if p.latitude is not None and p.feature not in ("country", "admin1")
            ]
            + earlier
        )[:_EARLIER_PLACES]
        event_places = [p for p in sent_places if p.role == "event"]
        previous = clusters[-1] if clusters else None
        joins = (
            previous is not None
            and sent_date is None
            and index - previous.last_index <= 1
            and (not event_places or _restates(previous, found, event_places, kb))
        )
        if joins and previous is not None:
            previous.sents.append(sent)  # it has no date of its own (sent_date is None)
            previous.last_index = index
            for name, match in found.items():
                if name not in previous.found:
                    previous.found[name] = match
                    previous.cue_sent[name] = sent
            previous.figures.extend(raw_figures)
            previous.figure_sents.extend([sent] * len(raw_figures))
            if previous.claimant is None and claimant:
                previous.claimant, previous.verb = claimant, verb
            continue
        clusters.append(
            _Cluster(
                sents=[sent],
                dated=list(dated),
                found=dict(found),
                cue_sent=dict.fromkeys(found, sent),
                places=sent_places,
                last_index=index,
                context_date=context_date,
                claimant=claimant,
                verb=verb,
                figures=list(raw_figures),
                figure_sents=[sent] * len(raw_figures),
            )
        )

    events: list[EventRecord] = []
    cluster_events: list[list[EventRecord]] = []
    previous_place: Place | None = None
    for cluster in clusters:
        made = _cluster_events(cluster, document, kb, focus, previous_place)
        if made and made[-1].place is not None:
            previous_place = made[-1].place
        cluster_events.append(made)
        events.extend(made)
    events = _merge_restatements(events)
    for cluster_index, denier in denials:
        for event in cluster_events[cluster_index]:
            events.append(dataclasses.replace(event, stance=DENIED, claimant=denier))
    entities = tuple((e.start_char, e.end_char, e.label_) for e in doc.ents)
    return Extraction(
        document=document, events=tuple(events), figures=tuple(figure_records), entities=entities
    )


def _restates(previous: _Cluster, found: dict, event_places: list[Place], kb: Knowledge) -> bool:
    """A same-kind sentence whose places only widen or repeat the previous event's place
    ('Demonstrations took place in various parts of Bahrain') elaborates on it."""
    before = kb.cues.decide(set(previous.found), None)
    own = kb.cues.decide(set(found), None)
    if before is None or own is None:
        return False
    types = sub_event_types()
    if types[before.sub_event_type].event_type != types[own.sub_event_type].event_type:
        return False
    anchor = next(
        (p for p in previous.places if p.role == "event" and p.latitude is not None), None
    )
    if anchor is None:
        return False
    for place in event_places:
        same = place.name == anchor.name or (
            place.geo_precision == 3
            and place.country == anchor.country
            and (place.admin1 in {None, anchor.admin1} or place.feature == "country")
        )
        if not same:
            return False
    return True


def _merge_restatements(events: list[EventRecord]) -> list[EventRecord]:
    """One report restating an event ('Protesters marched ... Protesters marched again through X')
    gives one event: same sub-event type, place, date and stance merge, keeping the first evidence
    and the highest fatality count stated."""
    merged: dict[tuple, EventRecord] = {}
    for event in events:
        place = event.place.name or event.place.mention if event.place else None
        key = (event.sub_event_type, place, event.date.date, event.stance)
        first = merged.get(key)
        if first is None:
            merged[key] = event
            continue
        counts = [c for c in (first.fatalities, event.fatalities) if c is not None]
        merged[key] = dataclasses.replace(
            first,
            fatalities=max(counts) if counts else None,
            actor1=first.actor1
            or event.actor1,  # 'lost control of Daraa' ... 'taken by local groups'
            actor2=first.actor2 or event.actor2,
        )
    return list(merged.values())


def _focus_countries(doc: Doc, kb: Knowledge) -> list[str]:
    # Only names used as places count: 'the US supreme court' or 'a Russian drone' say nothing
    # about where the report happens.
    names: list[str] = []
    for ent in doc.ents:
        if ent.label_ == "GPE" and not places.is_modifier(ent):
            country = kb.country_of(ent.text)
            if country:
                names.append(country)
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])


def _sentence_dates(sent: Span, published: dt.date | None) -> list[tuple[int, EventDate]]:
    """The resolvable dates a sentence gives, in text order (DATE entities, then explicit forms)."""
    spans = [(e.start_char, e.text) for e in places.ents_of(sent) if e.label_ == "DATE"]
    spans += [(sent.start_char + s, t) for s, _, t in dates.find_date_expressions(sent.text)]
    out: list[tuple[int, EventDate]] = []
    seen: set[int] = set()
    for offset, text in sorted(spans):
        if offset in seen:
            continue
        resolved = dates.resolve_date(text, published)
        if resolved is not None and resolved.date is not None:
            out.append((offset, resolved))
            seen.add(offset)
    return out


def _resolve_places(
    sent: Span, focus: list[str], kb: Knowledge, earlier: list[Place]
) -> list[Place]:
    """Resolve each place mention; 'X (District, Province)' and 'X, Province' narrow the search to
    the enclosing units, and a name the gazetteer lacks falls back to the enclosing admin-1."""
    resolved: list[Place] = []
    kept: list[places.Mention] = []
    free: dict[int, tuple[str, str | None]] = {}  # resolved by name alone: (text, hint)
    for mention in places.mentions_in(sent):
        hint = {"admin": "province", "city": "city"}.get(mention.hint or "") or (
            "near" if mention.role == "near" else None
        )
        place = None
        if mention.parent:
            units = [u.strip() for u in mention.parent.split(",")]
            for text in dict.fromkeys(t for t in (mention.full, mention.text) if t):
                place = kb.resolve_within(text, units, focus, fallback=mention.enclosed)
                if place is not None and place.feature != "admin1":
                    break
        if mention.coded:
            if place is None or (place.feature == "admin1" and mention.parent):
                place = kb.resolve_place(mention.text, focus, resolved, None)
            if place.latitude is None:
                continue  # '(coded as Kashmir Rebels)' codes an actor, not a place
            if mention.precision:
                place = dataclasses.replace(place, geo_precision=mention.precision)
        elif mention.by_layout:
            if place is None:
                continue  # no enclosing unit resolved: 'in Taliban (...)' is not a place
        elif place is None or (place.feature == "admin1" and mention.hint != "admin"):
            best = None
            for text in dict.fromkeys(t for t in (mention.full, mention.text) if t):
                candidate = kb.resolve_place(text, focus, resolved, hint)
                if candidate.latitude is not None:
                    best = candidate
                    break
            if best is not None and (place is None or best.admin1 == place.admin1):
                place = best
                free[len(resolved)] = (text, hint)
        if place is None and mention.full_end > mention.end:  # keep the whole name: 'Abu Shouk'
            mention = dataclasses.replace(mention, text=mention.full, end=mention.full_end)
        place = (
            dataclasses.replace(place, mention=mention.text)
            if place is not None
            else Place(mention=mention.text)
        )
        resolved.append(places.with_role(place, mention))
        kept.append(mention)
    resolved = _near_each_other(resolved, kept, free, focus, kb, earlier)
    if any(
        m.coded for m in kept
    ):  # the report's coding note names the event's point; the rest locate it
        resolved = [
            p if m.coded or p.role != "event" else dataclasses.replace(p, role="anchor")
            for p, m in zip(resolved, kept)
        ]
    return _cohere(resolved, focus, kb, sent)


_EARLIER_PLACES = 6  # how many towns of earlier sentences place a lone name


def _near_each_other(
    resolved: list[Place],
    kept: list[places.Mention],
    free: dict,
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


def _actor_countries(sent: Span, kb: Knowledge) -> list[str]:
    """Countries of the armed groups and forces a sentence names ('the Taliban', 'FARDC'): a weak
    hint for places the text does not put in a country."""
    out = []
    for ent in places.ents_of(sent):
        if ent.label_ == "ORG":
            actor = kb.actors.resolve(ent.text)
            if actor is not None and actor.country and actor.country not in out:
                out.append(actor.country)
    return out


def _cohere(resolved: list[Place], focus: list[str], kb: Knowledge, sent: Span) -> list[Place]:
    """Places named together lie together: in 'the Aino Mena area of Kandahar city' the small
    name is re-read inside the country the other towns and provinces agree on, and a namesake
    abroad with no match there is kept as text only. Country names do not vote: in 'protested
    in Saalfeld against the war in Ukraine' Ukraine is the topic, not the place."""
    votes: dict[str, float] = {}
    biggest: dict[str, int] = {}
    for place in resolved:
        if place.country and place.role == "event" and place.feature != "country":
            votes[place.country] = votes.get(place.country, 0.0) + 1.0
            biggest[place.country] = max(biggest.get(place.country, 0), place.population or 0)
    if len(votes) < 2:
        return resolved
    focus = focus + _actor_countries(sent, kb)  # only now: resolving actors costs time
    for rank, country in enumerate(dict.fromkeys(focus)):  # the report's countries break ties
        if country in votes:
            votes[country] += 0.5 if rank == 0 else 0.25
    # Still a tie: the country of the best-known place ('Mena area of Kandahar city').
    ranked = sorted(votes.items(), key=lambda item: (-item[1], -biggest.get(item[0], 0)))
    dominant = ranked[0][0]
    if ranked[0][1] == ranked[1][1] and biggest.get(dominant, 0) == biggest.get(ranked[1][0], 0):
        return resolved
    out = []
    for place in resolved:
        if (
            place.role == "event"
            and place.country
            and place.country != dominant
            and place.feature != "country"
        ):
            again = kb.resolve_place(
                place.mention, [dominant], [p for p in resolved if p.country == dominant], None
            )
            if again.country == dominant and again.latitude is not None:
                place = dataclasses.replace(
                    again, mention=place.mention, role=place.role, start=place.start, end=place.end
                )
            else:
                place = Place(
                    mention=place.mention, role=place.role, start=place.start, end=place.end
                )
        out.append(place)
    return out


def _cluster_events(
    cluster: _Cluster,
    document: Document,
    kb: Knowledge,
    focus: list[str],
    previous_place: Place | None,
) -> list[EventRecord]:
    first = cluster.sents[0]
    victim = participants.victim_kind(cluster.sents, kb)
    decision = kb.cues.decide(set(cluster.found), victim)
    if decision is None:
        return []
    sub = sub_event_types()[decision.sub_event_type]
    trigger_cue = _trigger_cue(decision.sub_event_type, cluster)
    match = cluster.found.get(trigger_cue) if trigger_cue else None
    trigger_sent = cluster.cue_sent.get(trigger_cue, first) if trigger_cue else first
    trigger_start = trigger_sent.start_char + match.start() if match else None
    stance = claims.stance_of(trigger_sent, trigger_start, cluster.claimant, cluster.verb)
    trigger = syntax.token_at(trigger_sent, trigger_start)
    if stance == PREDICTED or syntax.not_a_past_event(trigger):
        return []
    if trigger_cue == "kill" and _only_tallies(cluster):
        return []  # 'at least 826 killed since the offensive began' is a figure, not an event
    if (
        trigger_cue == "kill"
        and "treated" in cluster.found
        and match is not None
        and match.group(0).lower() in _CASUALTY_WORDS
    ):
        return []  # 'the hospital received 60 wounded people': the toll of an event told before
    event_places = [p for p in cluster.places if p.role == "event"]
    targets = syntax.places_governed_by(trigger, event_places)
    main_place = (targets[0] if len(targets) == 1 else None) or places.pick_event_place(
        targets or cluster.places
    )
    part: tuple[Place, ...] = ()
    if (
        previous_place is not None
        and previous_place.latitude is not None
        and (main_place is None or places.is_part_of_a_town(main_place, document.text))
    ):
        # no place, or an unknown part of a town ('the city's Saltivskyi district', 'the Abu Shouk
        # camp'): the town of the report's previous event, known only to be near (precision 2)
        part = () if main_place is None else (dataclasses.replace(main_place, role="anchor"),)
        main_place = dataclasses.replace(
            previous_place, geo_precision=max(previous_place.geo_precision or 2, 2), role="event"
        )
    country = (main_place.country if main_place else None) or (focus[0] if focus else None)
    date = _nearest_date(cluster, trigger_start)
    when = date.date if date else document.published
    actor1, actor2 = participants.actors(
        trigger_sent, trigger_start, country, kb, sub.event_type, victim, when
    )
    if sub.event_type in {"Violence against civilians", "Battles", "Riots"} and _protest_is_main(
        cluster, kb
    ):
        sub = sub_event_types()[
            "Protest with intervention" if "intervention" in cluster.found else "Peaceful protest"
        ]
        actor1, actor2 = participants.actors(
            trigger_sent, trigger_start, country, kb, sub.event_type, victim, when
        )
    if sub.name in {"Attack", "Armed clash"} and actor1 is not None and actor1.inter == 7:
        # Residents, a crowd or a group of people attacking someone is mob violence, not state or rebel violence.
        sub = sub_event_types()["Mob violence"]
        actor1 = kb.actors.resolve("rioters", country, date=when, event_type="Riots") or actor1
    fatalities, civilian_fatalities, displaced = _event_counts(cluster)
    evidence = Evidence(
        document_id=document.id,
        start=first.start_char,
        end=cluster.sents[-1].end_char,
        text=document.text[first.start_char : cluster.sents[-1].end_char],
    )
    if date is None and document.published is not None:
        date = EventDate(document.published, 2, text=None)
    date = date or EventDate(None, 3)
    base = EventRecord(
        document_id=document.id,
        event_type=sub.event_type,
        sub_event_type=sub.name,
        disorder_type=sub.disorder_type,
        evidence=evidence,
        actor1=actor1,
        actor2=actor2,
        date=date,
        fatalities=fatalities,
        civilian_fatalities=civilian_fatalities,
        displaced=displaced,
        civilian_targeting=sub.event_type == "Violence against civilians"
        or (
            actor2 is not None
            and actor2.inter == 7
            and sub.event_type == "Explosions/Remote violence"
        ),
        claimant=cluster.claimant,
        stance=stance,
        hedged=any(claims.is_hedged(s) for s in cluster.sents),
        trigger=match.group(0) if match else None,
        plover=sub.plover,
        notes=first.text.strip(),
    )
    others = (*part, *(p for p in cluster.places if p.role != "event"))
    if sub.territorial:
        # A capture whose own clause gives no date takes the date of the report ('..., the monitor
        # said late Friday'), else the last date the report gave, never another clause's date.
        said = [
            d
            for offset, d in cluster.dated
            if cluster.verb is not None and syntax.in_subtree(cluster.verb, offset)
        ]
        fallback = (said[0] if said else None) or cluster.context_date or date
        captures = _captures(
            trigger_sent,
            trigger_cue,
            event_places,
            country,
            kb,
            sub.event_type,
            victim,
            when,
            cluster.dated,
            fallback,
        )
        if captures:
            return [
                dataclasses.replace(
                    base, place=place, other_places=others, actor1=a1, actor2=a2, date=taken or date
                )
                for place, a1, a2, taken in captures
            ]
    return [dataclasses.replace(base, place=main_place, other_places=others)]


def _captures(
    sent: Span,
    cue: str | None,
    event_places: list[Place],
    country,
    kb: Knowledge,
    event_type: str,
    victim,
    when,
    dated,
    fallback_date,
) -> list[tuple]:
    """Every place taken in a sentence, with who took it and when: 'rebels took Rastan and
    Talbiseh' is two events; in 'Aleppo fell in recent days, while Daraa was taken by local
    groups' each capture keeps its own clause's actor and date."""
    if cue is None or cue not in kb.cues.cues:
        return []
    out: list[tuple] = []
    seen: set[str] = set()
    for match in kb.cues.cues[cue].finditer(sent.text):
        start = sent.start_char + match.start()
        token = syntax.token_at(sent, start)
        if token is None or syntax.not_a_past_event(token):
            continue
        actor1, actor2 = participants.actors(sent, start, country, kb, event_type, victim, when)
        if re.search(r"\blost control\b", match.group(0), re.IGNORECASE):
            actor1, actor2 = None, actor1  # the subject of 'lost control' is the side that lost it
        verb = syntax.verb_of(token)
        # 'the cities taken ... in recent days, fell to ...': a date on the subject's clause counts
        own_dates = [
            d
            for offset, d in dated
            if verb is not None and syntax.in_subtree(verb, offset, syntax.DESCRIPTIVE)
        ]
        when_taken = own_dates[0] if own_dates else fallback_date
        for place in syntax.places_governed_by(token, event_places):
            key = place.name or place.mention
            if key not in seen:
                seen.add(key)
                out.append((place, actor1, actor2, when_taken))
    towns = {item[0].country for item in out if item[0].geo_precision == 1}
    # 'took Daraa city in southern Syria': the country is where the town is, not a second capture
    return [item for item in out if not (item[0].feature == "country" and item[0].country in towns)]


_TRIGGER_CUES = {
    "Government regains territory": "regain",
    "Non-state actor overtakes territory": "capture",
    "Non-violent transfer of territory": "capture",  # or "withdraw", see _trigger_cue
    "Suicide bomb": "suicide",
    "Chemical weapon": "chemical",
    "Grenade": "grenade",
    "Air/drone strike": "air",
    "Remote explosive/landmine/IED": "ied",
    "Shelling/artillery/missile attack": "shelling",
    "Excessive force against protesters": "protest",
    "Violent demonstration": "protest",
    "Mob violence": "mob",
    "Protest with intervention": "protest",
    "Peaceful protest": "protest",
    "Sexual violence": "sexual",
    "Abduction/forced disappearance": "abduct",
    "Armed clash": "clash",
    "Attack": "kill",
    "Arrests": "arrest",
    "Agreement": "agreement",
    "Looting/property destruction": "looting",
    "Headquarters or base established": "base",
    "Change to group/activity": "change",
    "Disrupted weapons use": "weapons",
}


def _protest_is_main(cluster: _Cluster, kb: Knowledge) -> bool:
    """'Relatives protested, saying a man was beaten to death': the protest is the event, the killing
    its topic. True when the protest trigger governs the violence trigger in the first sentence."""
    if "protest" not in cluster.found or "riot" in cluster.found or "excessive" in cluster.found:
        return False
    sent = cluster.cue_sent.get("protest")
    violent = [
        c
        for c in ("kill", "clash", "mob")
        if c in cluster.found and cluster.cue_sent.get(c) is sent
    ]
    if sent is None or not violent:
        return False
    protest = syntax.verb_of(
        syntax.token_at(sent, sent.start_char + cluster.found["protest"].start())
    )
    if protest is None:
        return False
    for cue in violent:
        for match in kb.cues.cues[cue].finditer(sent.text):
            token = syntax.token_at(sent, sent.start_char + match.start())
            if token is None:
                continue
            if not (protest == token or protest.is_ancestor(token)) and syntax.depth(
                token
            ) <= syntax.depth(protest):
                return False
    return True


def _only_tallies(cluster: _Cluster) -> bool:
    killed = [(r, s) for r, s in zip(cluster.figures, cluster.figure_sents) if r.kind == "killed"]
    return bool(killed) and all(_PERIOD_PHRASE.search(s.text) for _, s in killed)


def _is_period_figure(raw: figures.RawFigure, sent: Span) -> bool:
    """A running total ('the death toll since the offensive began ... at 910') is a tally, not
    the fatalities of this event."""
    window = sent.text[max(0, raw.start - 90) : raw.end + 60].lower()
    return any(word in window for word in _PERIOD_WORDS)


def _nearest_date(cluster: _Cluster, trigger_start: int | None) -> EventDate | None:
    """The date expression nearest the trigger; else the date the report last gave."""
    if cluster.dated:
        if trigger_start is None:
            return cluster.dated[0][1]
        return min(cluster.dated, key=lambda item: abs(item[0] - trigger_start))[1]
    return cluster.context_date


def _trigger_cue(sub_event_type: str, cluster: _Cluster) -> str | None:
    cue = _TRIGGER_CUES.get(sub_event_type)
    if cue in cluster.found:
        return cue
    for fallback in ("withdraw", "regain", "kill", "clash", "riot", "protest"):
        if fallback in cluster.found:
            return fallback
    return next(iter(cluster.found), None)


def _event_counts(cluster: _Cluster) -> tuple[int | None, int | None, int | None]:
    """Fatalities of the event itself: killed figures that are not period totals or subsets."""
    killed = civilians = displaced = None
    for raw, sent in zip(cluster.figures, cluster.figure_sents):
        if _is_period_figure(raw, sent):
            continue
        if raw.kind == "killed":
            if raw.subset_of is not None:
                civilians = (civilians or 0) + raw.value
                continue
            killed = (killed or 0) + raw.value
            if raw.civilians:
                civilians = (civilians or 0) + raw.value
        elif raw.kind == "displaced":
            displaced = (displaced or 0) + raw.value
    if killed is None:
        text = " ".join(s.text.lower() for s in cluster.sents)
        if "no casualties" in text or "no fatalities" in text or "casualties unknown" in text:
            killed = 0
    return killed, civilians, displaced


def _figure_records(
    raw_figures, sent: Span, document: Document, claimant, sent_date, kb: Knowledge, focus
) -> list[Figure]:
    out = []
    for raw in raw_figures:
        kind = raw.kind
        if kind == "killed" and raw.civilians:
            kind = "killed_civilians"
        period_start = period_end = None
        if sent_date is not None and (sent_date.start or sent_date.end):
            period_start, period_end = sent_date.start, sent_date.end
        elif sent_date is not None:
            period_start = period_end = sent_date.date
        out.append(
            Figure(
                document_id=document.id,
                kind=kind,
                value=raw.value,
                qualifier=raw.qualifier,
                claimant=claimant,
                period_start=period_start,
                period_end=period_end,
                evidence=Evidence(document.id, sent.start_char, sent.end_char, sent.text),
            )
        )
    return out

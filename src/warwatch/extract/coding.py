"""Stage 3 of extraction: one cluster of sentences -> its events.

The cue decision list gives the sub-event type; the trigger (the cue match that makes it an
event) gives the verb whose clause holds the place, date and actors; the gates and re-codings of
:mod:`warwatch.extract.rules` may drop or re-type it. A capture of several places gives one event
per place, each with its own clause's actor and date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from warwatch.extract import claimants as claims
from warwatch.extract import participants, places, rules, syntax
from warwatch.extract.clusters import Cluster
from warwatch.extract.knowledge import Knowledge
from warwatch.extract.layout import is_article
from warwatch.extract.rules import Coding, Trigger
from warwatch.extract.sentences import DatedOffsets
from warwatch.records import Actor, Document, EventDate, EventRecord, Evidence, Place


@dataclass(frozen=True)
class Capture:
    """One place taken, by whom, from whom and when."""

    place: Place
    actor1: Actor | None
    actor2: Actor | None
    date: EventDate | None


def code_cluster(
    cluster: Cluster,
    document: Document,
    kb: Knowledge,
    focus: Sequence[str],
    previous_place: Place | None,
    told: frozenset[str] = frozenset(),
) -> list[EventRecord]:
    """The events one cluster describes (none when it is not an event after all). ``told``: the
    event types the report has told already, which 'the attack' refers back to."""
    victim = participants.victim_kind(cluster.sents, kb)
    decision = kb.cues.decide(set(cluster.cues), victim)
    if decision is None:
        return []
    trigger = find_trigger(cluster, decision.sub_event_type, kb)
    sub = kb.taxonomy[decision.sub_event_type]
    date = nearest_date(cluster, trigger.start)
    if _not_coded(cluster, trigger, sub.event_type, kb, told, date):
        return []
    main_place, part = event_place(cluster, trigger, document, previous_place)
    if not _placed_enough(main_place, cluster, trigger, document):
        return []
    country = (main_place.country if main_place else None) or (focus[0] if focus else None)
    if date is not None and vaguer_than_a_month(date):
        return []  # 'over the last several months', 'in 2015': not dated enough to be an event
    when = date.date if date else document.published
    actor1, actor2 = participants.actors(
        trigger.sent, trigger.start, country, kb, sub.event_type, victim, when
    )
    coding = rules.recode(Coding(sub, actor1, actor2, country, victim, when), cluster, trigger, kb)
    counts = event_counts(cluster, kb)
    record_date = _dated_or_published(date, document)
    base = _record(cluster, coding, trigger, document, record_date, counts, kb.claimants)
    others = (*part, *(p for p in cluster.places if p.role != "event"))
    captured = _captured_events(cluster, trigger, coding, kb, base, others)
    return captured or [dataclasses.replace(base, place=main_place, other_places=others)]


def _not_coded(
    cluster: Cluster,
    trigger: Trigger,
    event_type: str,
    kb: Knowledge,
    told: frozenset[str],
    date: EventDate | None,
) -> bool:
    """A gate holds, or the trigger refers back to an event of its kind told before ('after the
    attack, hospitals were overwhelmed'), undated or on that event's day ("last night's attack")."""
    if rules.not_an_event(cluster, trigger, kb) is not None:
        return True
    if not rules.refers_back(trigger, kb):
        return False
    if cluster.dated:
        return date is not None and told_key(event_type, date.date) in told
    if told_key(event_type, None) in told:
        return True
    # not told before: a definite mention that is what a sentence is about ('The attacks struck
    # the plant') still reports it; one that a claim, an inquiry or a comment is about ('claimed
    # the Mombasa attack', 'found the air strike justified') refers to a happening told elsewhere
    return not _reports_it(trigger, kb) and is_article(places.text_of(cluster.sents[0].doc))


# Violence told as an attack, a bombing or a clash is one happening however a later sentence
# names it ('the bombing' ... "last night's attack")
_VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def told_key(event_type: str, date: dt.date | None) -> str:
    """How a told event is remembered: its kind, with its day when it has one."""
    kind = "violence" if event_type in _VIOLENCE else event_type
    return kind if date is None else f"{kind}@{date.isoformat()}"


def _reports_it(trigger: Trigger, kb: Knowledge) -> bool:
    """The trigger is the subject of a verb of happening ('The attacks struck the plant')."""
    token = trigger.token
    if token is None or token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    return token.head.lemma_.lower() in kb.cues.coding.happening_verbs


def _placed_enough(
    place: Place | None, cluster: Cluster, trigger: Trigger, document: Document
) -> bool:
    """An article's event needs a place (else it is background or commentary); a country is
    enough only when the event's own clause names and dates it."""
    if place is None:
        return not is_article(document.text)
    return _specific_enough(place, cluster, trigger)


def _captured_events(
    cluster: Cluster,
    trigger: Trigger,
    coding: Coding,
    kb: Knowledge,
    base: EventRecord,
    others: tuple[Place, ...],
) -> list[EventRecord]:
    """One event per place a capture takes, with its clause's sides and date ([] if none)."""
    if not coding.sub.territorial:
        return []
    captures = captures_of(cluster, trigger, coding, kb, _capture_fallback_date(cluster, base.date))
    return [
        dataclasses.replace(
            base,
            place=c.place,
            other_places=others,
            actor1=c.actor1,
            actor2=c.actor2,
            date=c.date or base.date,
        )
        for c in captures
        if _specific_enough(c.place, cluster, trigger)
    ]


def _specific_enough(place: Place, cluster: Cluster, trigger: Trigger) -> bool:
    """A town, district or province; a country only when the trigger's own clause names it and
    the sentence dates the event ('evacuating officials from Syria, the Times reported Friday')
    or names a facility of it ('seized Syria's sole crossing'), not as the backdrop of a general
    statement ('fighting continued across Syria')."""
    if place.feature != "country":
        return True
    governed = syntax.places_governed_by(trigger.token, [place])
    if not governed:
        return False
    return bool(cluster.dated) or _names_a_facility(place, cluster)


_FACILITY = re.compile(
    r"^['’]s\s+(?:\w+\s+){0,2}(?:border )?(?:crossings?|border|airport|air ?base|base|port|dam|"
    r"embassy|consulate|checkpoint|refinery|oil ?field|pipeline|prison|camp)\b",
    re.IGNORECASE,
)


def _names_a_facility(place: Place, cluster: Cluster) -> bool:
    """'seized Syria's sole crossing to Jordan': a country named as the owner of a facility."""
    if place.end is None:
        return False
    doc_text = places.text_of(cluster.sents[0].doc)
    return bool(_FACILITY.match(doc_text[place.end : place.end + 60]))


def find_trigger(cluster: Cluster, sub_event_type: str, kb: Knowledge) -> Trigger:
    """The cue match of the decided type (else a fallback cue), with its sentence and stance."""
    cue = trigger_cue(sub_event_type, cluster, kb)
    match = cluster.cues.get(cue) if cue else None
    sent = cluster.cue_sent.get(cue, cluster.sents[0]) if cue else cluster.sents[0]
    start = sent.start_char + match.start() if match else None
    stance = claims.stance_of(sent, start, cluster.claimant, cluster.verb, kb.claimants)
    return Trigger(cue, match, sent, syntax.token_at(sent, start), stance)


def trigger_cue(sub_event_type: str, cluster: Cluster, kb: Knowledge) -> str | None:
    words = kb.cues.coding
    cue = words.trigger_cues.get(sub_event_type)
    if cue in cluster.cues:
        return cue
    for fallback in words.fallback_triggers:
        if fallback in cluster.cues:
            return fallback
    return next(iter(cluster.cues), None)


def event_place(
    cluster: Cluster, trigger: Trigger, document: Document, previous_place: Place | None
) -> tuple[Place | None, tuple[Place, ...]]:
    """(the event's place, the part of a town it names when that part is placed at the town).

    The place the trigger governs when it governs one; else the best of the sentence's places.
    No place, or an unknown part of a town ('the city's Saltivskyi district', 'the Abu Shouk
    camp'): the town of the report's previous event, known only to be near (precision 2)."""
    targets = syntax.places_governed_by(
        trigger.token, [p for p in cluster.places if p.role == "event"]
    )
    main_place = (targets[0] if len(targets) == 1 else None) or places.pick_event_place(
        targets or list(cluster.places)
    )
    if (
        previous_place is None
        or previous_place.latitude is None
        or (main_place is not None and not places.is_part_of_a_town(main_place, document.text))
    ):
        return main_place, ()
    part = () if main_place is None else (dataclasses.replace(main_place, role="anchor"),)
    near = dataclasses.replace(
        previous_place, geo_precision=max(previous_place.geo_precision or 2, 2), role="event"
    )
    return near, part


def nearest_date(cluster: Cluster, trigger_start: int | None) -> EventDate | None:
    """The date expression nearest the trigger; else the date the report last gave."""
    if cluster.dated:
        if trigger_start is None:
            return cluster.dated[0][1]
        return min(cluster.dated, key=lambda item: abs(item[0] - trigger_start))[1]
    return cluster.context_date


_MONTH_DAYS = 31


def vaguer_than_a_month(date: EventDate) -> bool:
    """A date known only to a span longer than a month (a year, 'in recent months'): ACLED
    codes an event to a month at worst, so such a happening is background, not an event."""
    if date.start is None or date.end is None:
        return False
    return (date.end - date.start).days > _MONTH_DAYS


def _dated_or_published(date: EventDate | None, document: Document) -> EventDate:
    """An event with no date of its own is dated to the report's day, to within a week."""
    if date is None and document.published is not None:
        return EventDate(document.published, 2, text=None)
    return date or EventDate(None, 3)


Counts = tuple[int | None, int | None, int | None]  # killed, civilians killed, displaced


def _record(
    cluster: Cluster,
    coding: Coding,
    trigger: Trigger,
    document: Document,
    date: EventDate,
    counts: Counts,
    book: claims.ClaimantBook,
) -> EventRecord:
    first, last = cluster.sents[0], cluster.sents[-1]
    sub, actor2 = coding.sub, coding.actor2
    fatalities, civilian_fatalities, displaced = counts
    return EventRecord(
        document_id=document.id,
        event_type=sub.event_type,
        sub_event_type=sub.name,
        disorder_type=sub.disorder_type,
        evidence=Evidence(
            document_id=document.id,
            start=first.start_char,
            end=last.end_char,
            text=document.text[first.start_char : last.end_char],
        ),
        actor1=coding.actor1,
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
        stance=trigger.stance,
        hedged=any(claims.is_hedged(s, book) for s in cluster.sents),
        trigger=trigger.match.group(0) if trigger.match else None,
        plover=sub.plover,
        notes=first.text.strip(),
    )


def event_counts(cluster: Cluster, kb: Knowledge) -> Counts:
    """Fatalities of the event itself: killed figures that are not period totals or subsets."""
    killed = civilians = displaced = None
    for raw, sent in cluster.figures:
        if is_period_figure(raw.start, raw.end, sent, kb):
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
        if any(words in text for words in kb.cues.coding.no_casualties):
            killed = 0
    return killed, civilians, displaced


def is_period_figure(start: int, end: int, sent: Span, kb: Knowledge) -> bool:
    """A running total ('the death toll since the offensive began ... at 910') is a tally, not
    the fatalities of this event."""
    window = sent.text[max(0, start - 90) : end + 60].lower()
    return any(word in window for word in kb.cues.coding.period_words)


def _capture_fallback_date(cluster: Cluster, date: EventDate) -> EventDate:
    """A capture whose own clause gives no date takes the date of the report ('..., the monitor
    said late Friday'), else the last date the report gave, never another clause's date."""
    verb = cluster.verb
    said = [
        d for offset, d in cluster.dated if verb is not None and syntax.in_subtree(verb, offset)
    ]
    return (said[0] if said else None) or cluster.context_date or date


def captures_of(
    cluster: Cluster, trigger: Trigger, coding: Coding, kb: Knowledge, fallback: EventDate
) -> list[Capture]:
    """Every place taken in the trigger's sentence, with who took it and when: 'rebels took
    Rastan and Talbiseh' is two events; in 'Aleppo fell in recent days, while Daraa was taken by
    local groups' each capture keeps its own clause's actor and date."""
    if trigger.cue is None or trigger.cue not in kb.cues.cues:
        return []
    sent = trigger.sent
    event_places = [p for p in cluster.places if p.role == "event"]
    out: list[Capture] = []
    seen: set[str | None] = set()
    for match in kb.cues.cues[trigger.cue].finditer(sent.text):
        for capture in _captures_at(sent, match, event_places, coding, kb, cluster.dated, fallback):
            key = capture.place.name or capture.place.mention
            if key not in seen:
                seen.add(key)
                out.append(capture)
    towns = {c.place.country for c in out if c.place.geo_precision == 1}
    # 'took Daraa city in southern Syria': the country is where the town is, not a second capture
    return [c for c in out if not (c.place.feature == "country" and c.place.country in towns)]


def _captures_at(
    sent: Span,
    match: re.Match[str],
    event_places: list[Place],
    coding: Coding,
    kb: Knowledge,
    dated: DatedOffsets,
    fallback: EventDate,
) -> list[Capture]:
    """The places one capture verb governs, with its clause's actors and date."""
    start = sent.start_char + match.start()
    token = syntax.token_at(sent, start)
    if token is None or syntax.not_a_past_event(token):
        return []
    actor1, actor2 = participants.actors(
        sent, start, coding.country, kb, coding.sub.event_type, coding.victim, coding.when
    )
    if re.search(r"\blost control\b", match.group(0), re.IGNORECASE):
        actor1, actor2 = None, actor1  # the subject of 'lost control' is the side that lost it
    verb = syntax.verb_of(token)
    # 'the cities taken ... in recent days, fell to ...': a date on the subject's clause counts
    own = [
        d
        for offset, d in dated
        if verb is not None and syntax.in_subtree(verb, offset, syntax.DESCRIPTIVE)
    ]
    taken = own[0] if own else fallback
    return [
        Capture(p, actor1, actor2, taken) for p in syntax.places_governed_by(token, event_places)
    ]

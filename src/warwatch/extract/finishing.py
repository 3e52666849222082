"""Stage 4 of extraction: the events of a document as a whole.

A report tells one happening several times: the lead, a later restatement, a toll update
('the death toll rose to 112'). These give one event, carrying the most specific place, the
date the text states and the toll (:func:`merge_happenings`). A bare denial after an event ('The
army denied it.') yields a denied copy of what it denies, claimed by the denier.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from warwatch.extract.clusters import Denial
from warwatch.extract.knowledge import Knowledge
from warwatch.records import DENIED, EventRecord

_RestatementKey = tuple[str, str | None, dt.date | None, str]


def merge_restatements(events: Sequence[EventRecord]) -> list[EventRecord]:
    """One report restating an event ('Protesters marched ... Protesters marched again through X')
    gives one event: same sub-event type, place, date and stance merge, keeping the first evidence
    and the highest fatality count stated."""
    merged: dict[_RestatementKey, EventRecord] = {}
    for event in events:
        place = event.place.name or event.place.mention if event.place else None
        key = (event.sub_event_type, place, event.date.date, event.stance)
        first = merged.get(key)
        merged[key] = event if first is None else _restated(first, event)
    return list(merged.values())


def _restated(first: EventRecord, again: EventRecord) -> EventRecord:
    counts = [c for c in (first.fatalities, again.fatalities) if c is not None]
    return dataclasses.replace(
        first,
        fatalities=max(counts) if counts else None,
        # 'lost control of Daraa' ... 'taken by local groups': the later sentence names the side
        actor1=first.actor1 or again.actor1,
        actor2=first.actor2 or again.actor2,
    )


def denied_copies(
    denials: Sequence[Denial], events_by_cluster: Sequence[Sequence[EventRecord]]
) -> list[EventRecord]:
    """For each bare denial, a denied copy of every event of the cluster it follows."""
    return [
        dataclasses.replace(event, stance=DENIED, claimant=denial.claimant)
        for denial in denials
        for event in events_by_cluster[denial.cluster_index]
    ]


# How specific a place is, most specific first: a town beats its district, province, country.
_FEATURE_RANK = {"admin2": 1, "admin1": 2, "country": 3}
_DATE_REACH_DAYS = 3  # an undated restatement may be dated up to this far from the lead


def merge_happenings(events: Sequence[EventRecord]) -> list[EventRecord]:
    """One event per happening: events of the same sub-event type and stance whose places and dates are
    compatible merge into the first, which takes the others' specific place, stated date,
    actors and toll. Places that differ ('took Rastan and Talbiseh') stay apart."""
    merged: list[EventRecord] = []
    for event in events:
        for i, kept in enumerate(merged):
            if same_happening(kept, event):
                merged[i] = _combine(kept, event)
                break
        else:
            merged.append(event)
    return merged


def same_happening(a: EventRecord, b: EventRecord) -> bool:
    if a.sub_event_type != b.sub_event_type or a.stance != b.stance:
        return False
    return _places_agree(a, b) and _dates_agree(a, b)


def _place_key(event: EventRecord) -> str | None:
    place = event.place
    return (place.name or place.mention) if place is not None else None


def _rank(event: EventRecord) -> int:
    place = event.place
    if place is None or place.latitude is None:
        return 4
    return _FEATURE_RANK.get(place.feature or "", 0)


def _places_agree(a: EventRecord, b: EventRecord) -> bool:
    """The same place, or one of them only the province or country the other lies in."""
    if _place_key(a) == _place_key(b):
        return True
    pa, pb = a.place, b.place
    if pa is None or pb is None or pa.country != pb.country or pa.country is None:
        return False
    wide, narrow = (pa, pb) if _rank(a) > _rank(b) else (pb, pa)
    if wide.feature == "country":
        return narrow.feature != "country"
    if wide.feature == "admin1":
        return narrow.admin1 == wide.admin1 and narrow.feature != "admin1"
    return False


def _dates_agree(a: EventRecord, b: EventRecord) -> bool:
    """The same day, or one of them dated only by the report (no date of its own) near the other."""
    da, db = a.date.date, b.date.date
    if da == db:
        return True
    if da is None or db is None:
        return da is None and db is None
    stated = [d for d in (a.date, b.date) if d.text]
    return len(stated) < 2 and abs((da - db).days) <= _DATE_REACH_DAYS


def _combine(first: EventRecord, again: EventRecord) -> EventRecord:
    place_from = again if _rank(again) < _rank(first) else first
    date_from = again if again.date.text and not first.date.text else first
    return dataclasses.replace(
        first,
        place=place_from.place,
        other_places=place_from.other_places,
        date=date_from.date,
        fatalities=_toll(first, again),
        civilian_fatalities=first.civilian_fatalities
        if first.civilian_fatalities is not None
        else again.civilian_fatalities,
        displaced=first.displaced if first.displaced is not None else again.displaced,
        actor1=first.actor1 or again.actor1,  # 'lost control of Daraa' ... 'taken by local groups'
        actor2=first.actor2 or again.actor2,
        claimant=first.claimant or again.claimant,
    )


def _toll(first: EventRecord, again: EventRecord) -> int | None:
    """The toll of a happening told twice: the later figure when one source updates its count,
    the lower when two sources differ (ACLED's most conservative figure)."""
    counts = [c for c in (first.fatalities, again.fatalities) if c is not None]
    if not counts:
        return None
    if first.claimant and again.claimant and first.claimant != again.claimant:
        return min(counts)
    return max(counts)


def flag_main_event(events: Sequence[EventRecord]) -> list[EventRecord]:
    """Mark the article's main event: the first one its body tells that is not a denial."""
    out = list(events)
    lead = min(
        (i for i, e in enumerate(out) if e.stance != DENIED),
        key=lambda i: out[i].evidence.start,
        default=None,
    )
    if lead is not None:
        out[lead] = dataclasses.replace(out[lead], main=True)
    return out


def typed(events: Sequence[EventRecord], kb: Knowledge) -> list[EventRecord]:
    """Each event's sub-event type decided with the trained typer (one call per document): the
    typer's type where it is sure enough, else the rules'; ``confidence`` is the typer's
    calibrated probability of the final type. Without a typer, events are left as they are."""
    if kb.typer is None or not events:
        return list(events)
    from warwatch.classifier.combine import combine_type

    scores = kb.typer.predict([e.evidence.text for e in events])
    types = kb.taxonomy
    out = []
    for event, score in zip(events, scores):
        decision = combine_type(event.sub_event_type, score)
        sub = types.get(decision.sub_event_type)
        if sub is None or sub.territorial != types[event.sub_event_type].territorial:
            # a capture's places and sides were read as a capture's: keep its type
            sub, confidence = (
                types[event.sub_event_type],
                score.probabilities.get(event.sub_event_type, 0.0),
            )
        else:
            confidence = decision.confidence
        out.append(
            dataclasses.replace(
                event,
                event_type=sub.event_type,
                sub_event_type=sub.name,
                disorder_type=sub.disorder_type,
                plover=sub.plover,
                confidence=round(float(confidence), 4),
            )
        )
    return out

"""Stage 4 of extraction: the events of a document as a whole.

A report restating an event gives one event; a bare denial after an event ('The army denied
it.') yields a denied copy of what it denies, claimed by the denier.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from warwatch.extract.clusters import Denial
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

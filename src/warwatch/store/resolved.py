"""SQL for resolution results: incidents and their links to event records (issue 4).

Writes replace whole blocks (country|merge family) in one transaction, so the stored incidents of a
block are always the result of one merge over all of its records.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from .models import IncidentRecordRow, IncidentRow, UnmergedRow

_COLUMNS = (
    "block", "family", "event_type", "sub_event_type", "location", "admin1", "country",
    "latitude", "longitude", "geo_precision", "date_start", "date_end", "time_precision",
    "actor1", "actor2", "inter1", "inter2", "fatalities_low", "fatalities_best",
    "fatalities_high", "source_count", "first_reported",
)  # fmt: skip


@dataclass(frozen=True)
class StoredLink:
    record_id: int
    record_key: str
    rule: str


@dataclass(frozen=True)
class StoredIncident:
    """A stored incident with its links (anchor and merged statements first, denials last)."""

    id: int
    incident_key: str
    block: str
    family: str
    event_type: str
    sub_event_type: str
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    event_date: dt.date | None
    date_start: dt.date | None
    date_end: dt.date | None
    time_precision: int
    actor1: str | None
    actor2: str | None
    inter1: int | None
    inter2: int | None
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    source_count: int
    first_reported: dt.date | None
    links: tuple[StoredLink, ...]


def incident_row(incident: Any) -> dict[str, Any]:
    """Row values of a ``resolve.merge.Incident`` (any object with its attributes)."""
    row = {name: getattr(incident, name) for name in _COLUMNS}
    row["incident_key"] = incident.key
    row["event_date"] = incident.date
    return row


def replace_blocks(conn: Connection, blocks: Iterable[str], incidents: Iterable[Any]) -> int:
    """Delete the incidents of ``blocks`` (all when ``blocks`` is None) and insert ``incidents``."""
    blocks = sorted(set(blocks))
    old = select(IncidentRow.id).where(IncidentRow.block.in_(blocks))
    conn.execute(delete(IncidentRecordRow).where(IncidentRecordRow.incident_id.in_(old)))
    conn.execute(delete(IncidentRow).where(IncidentRow.block.in_(blocks)))
    return _insert(conn, incidents)


def select_unmerged(conn: Connection) -> list[str]:
    """Ids of the stored documents whose records still wait for a merge (oldest mark first)."""
    return list(
        conn.execute(select(UnmergedRow.document_id).order_by(UnmergedRow.document_id)).scalars()
    )


def clear_unmerged(conn: Connection, document_ids: Iterable[str] | None) -> None:
    """Drop the marks of ``document_ids`` (every mark when None): their merge is being stored."""
    query = delete(UnmergedRow)
    if document_ids is not None:
        ids = sorted(set(document_ids))
        if not ids:
            return
        query = query.where(UnmergedRow.document_id.in_(ids))
    conn.execute(query)


def replace_all(conn: Connection, incidents: Iterable[Any]) -> int:
    conn.execute(delete(IncidentRecordRow))
    conn.execute(delete(IncidentRow))
    return _insert(conn, incidents)


def _insert(conn: Connection, incidents: Iterable[Any]) -> int:
    count = 0
    for incident in incidents:
        result = conn.execute(insert(IncidentRow).values(**incident_row(incident)))
        incident_id = int(result.inserted_primary_key[0])
        links = [
            {"record_id": link.record_id, "incident_id": incident_id, "rule": link.rule}
            for link in incident.links
        ]
        if links:
            conn.execute(insert(IncidentRecordRow), links)
        count += 1
    return count


def select_incidents(
    conn: Connection,
    *,
    country: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    family: str | None = None,
    place: str | None = None,
    blocks: Iterable[str] | None = None,
) -> list[StoredIncident]:
    """Incidents ordered by date (undated last), then key; filters as ``select_events``."""
    from .models import EventRow

    query = select(IncidentRow.__table__)
    if country:
        query = query.where(func.lower(IncidentRow.country) == country.lower())
    if since is not None:
        query = query.where(IncidentRow.event_date >= since)
    if until is not None:
        query = query.where(IncidentRow.event_date <= until)
    if family:
        query = query.where(IncidentRow.family == family)
    if place:
        query = query.where(func.lower(IncidentRow.location) == place.lower())
    if blocks is not None:
        query = query.where(IncidentRow.block.in_(sorted(set(blocks))))
    query = query.order_by(
        IncidentRow.event_date.is_(None), IncidentRow.event_date, IncidentRow.incident_key
    )
    rows = [dict(row) for row in conn.execute(query).mappings()]
    links: Mapping[int, list[StoredLink]] = defaultdict(list)
    if rows:
        link_query = (
            select(IncidentRecordRow.incident_id, IncidentRecordRow.record_id,
                   IncidentRecordRow.rule, EventRow.record_key)
            .join(EventRow, EventRow.id == IncidentRecordRow.record_id)
            .where(IncidentRecordRow.incident_id.in_([row["id"] for row in rows]))
        )  # fmt: skip
        for incident_id, record_id, rule, key in conn.execute(link_query):
            links[incident_id].append(StoredLink(record_id, key, rule))
    return [StoredIncident(**row, links=_ordered(links.get(row["id"], []))) for row in rows]


def _ordered(links: list[StoredLink]) -> tuple[StoredLink, ...]:
    def rank(link: StoredLink) -> tuple[int, str]:
        kind = 0 if link.rule == "anchor" else 2 if link.rule.startswith("denies") else 1
        return kind, link.record_key

    return tuple(sorted(links, key=rank))


def count_incidents(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(IncidentRow)).scalar_one())

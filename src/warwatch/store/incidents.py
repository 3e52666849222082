"""SQL for resolution results: incidents (``records.Incident``) and their links to event records.

Writes replace whole blocks (country|merge family) in one transaction, so the stored incidents of a
block are always the result of one merge over all of its records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import islice
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select

from warwatch.errors import StoreError
from warwatch.records import Incident, IncidentLink

from .filters import _dates, place_conditions
from .models import EventRow, IncidentRecordRow, IncidentRow, UnmergedRow
from .queries import _page, _same
from .query import Page, Query
from .search import _count

_COLUMNS = (
    "block", "family", "event_type", "sub_event_type", "location", "admin1", "country",
    "latitude", "longitude", "geo_precision", "date_start", "date_end", "time_precision",
    "actor1", "actor2", "inter1", "inter2", "fatalities_low", "fatalities_best",
    "fatalities_high", "source_count", "first_reported",
)  # fmt: skip
_INCIDENTS_PER_WRITE = 500


def incident_row(incident: Incident) -> dict[str, Any]:
    """Row values of an :class:`~warwatch.records.Incident`."""
    row = {name: getattr(incident, name) for name in _COLUMNS}
    row["incident_key"] = incident.key
    row["event_date"] = incident.date
    return row


def replace_blocks(conn: Connection, blocks: Iterable[str], incidents: Iterable[Incident]) -> int:
    """Delete the incidents of ``blocks`` (all when ``blocks`` is None) and insert ``incidents``."""
    blocks = sorted(set(blocks))
    old = select(IncidentRow.id).where(IncidentRow.block.in_(blocks))
    conn.execute(delete(IncidentRecordRow).where(IncidentRecordRow.incident_id.in_(old)))
    conn.execute(delete(IncidentRow).where(IncidentRow.block.in_(blocks)))
    return _insert(conn, incidents)


def select_unmerged(conn: Connection) -> list[str]:
    """Ids of the stored documents whose records still wait for a merge."""
    query = select(UnmergedRow.document_id).order_by(UnmergedRow.document_id)
    return list(conn.execute(query).scalars())


def clear_unmerged(conn: Connection, document_ids: Iterable[str] | None) -> None:
    """Drop the marks of ``document_ids`` (every mark when None): their merge is being stored."""
    query = delete(UnmergedRow)
    if document_ids is not None:
        ids = sorted(set(document_ids))
        if not ids:
            return
        query = query.where(UnmergedRow.document_id.in_(ids))
    conn.execute(query)


def replace_all(conn: Connection, incidents: Iterable[Incident]) -> int:
    conn.execute(delete(IncidentRecordRow))
    conn.execute(delete(IncidentRow))
    return _insert(conn, incidents)


def _insert(conn: Connection, incidents: Iterable[Incident]) -> int:
    """Insert ``incidents`` and their links, a few hundred rows per statement (one round trip
    per incident made rewriting a large block the slowest part of an ingest)."""
    count = 0
    iterator = iter(incidents)
    while batch := list(islice(iterator, _INCIDENTS_PER_WRITE)):
        rows = [incident_row(incident) for incident in batch]
        statement = insert(IncidentRow).returning(IncidentRow.id, sort_by_parameter_order=True)
        ids = [int(row_id) for row_id in conn.execute(statement, rows).scalars()]
        if len(ids) != len(batch):
            raise StoreError("the database returned no id for some new incidents")
        links = [
            {"record_id": link.record_id, "incident_id": incident_id, "rule": link.rule}
            for incident_id, incident in zip(ids, batch, strict=True)
            for link in incident.links
        ]
        if links:
            conn.execute(insert(IncidentRecordRow), links)
        count += len(batch)
    return count


def _incident_conditions(q: Query) -> list[Any]:
    conditions = [
        *place_conditions(q, IncidentRow),
        *_dates(q, IncidentRow.event_date),
    ]
    if q.event_type:
        conditions.append(
            or_(_same(IncidentRow.event_type, q.event_type),
                _same(IncidentRow.sub_event_type, q.event_type))
        )  # fmt: skip
    if q.sub_event_type:
        conditions.append(_same(IncidentRow.sub_event_type, q.sub_event_type))
    if q.family:
        conditions.append(_same(IncidentRow.family, q.family))
    if q.blocks is not None:
        conditions.append(IncidentRow.block.in_(sorted(q.blocks)))
    return conditions


def _links(conn: Connection, incident_ids: list[int]) -> dict[int, list[IncidentLink]]:
    links: dict[int, list[IncidentLink]] = defaultdict(list)
    if not incident_ids:
        return links
    query = (
        select(IncidentRecordRow.incident_id, IncidentRecordRow.record_id,
               IncidentRecordRow.rule, EventRow.record_key)
        .join(EventRow, EventRow.id == IncidentRecordRow.record_id)
        .where(IncidentRecordRow.incident_id.in_(incident_ids))
    )  # fmt: skip
    for incident_id, record_id, rule, key in conn.execute(query):
        links[incident_id].append(IncidentLink(record_id, rule, key))
    return links


def _incident(row: dict[str, Any], links: list[IncidentLink]) -> Incident:
    values = {name: row[name] for name in _COLUMNS}
    return Incident(
        **values, key=row["incident_key"], date=row["event_date"], links=_ordered(links),
        id=row["id"],
    )  # fmt: skip


def select_incidents(conn: Connection, q: Query) -> Page:
    """Incidents ordered by date (undated last), then key; filters as for events."""
    conditions = _incident_conditions(q)
    query = (
        select(IncidentRow.__table__)
        .where(*conditions)
        .order_by(
            IncidentRow.event_date.is_(None), IncidentRow.event_date, IncidentRow.incident_key
        )
    )
    rows = [dict(row) for row in conn.execute(_page(query, q.limit, q.offset)).mappings()]
    links = _links(conn, [row["id"] for row in rows])
    items = tuple(_incident(row, links.get(row["id"], [])) for row in rows)
    total = (
        len(items) if q.limit is None else _count(conn, select(IncidentRow.id).where(*conditions))
    )
    return Page(items, total, q.limit, q.offset)


def select_incident(conn: Connection, incident_id: int) -> Incident | None:
    """One incident by row id, with its links, or None."""
    query = select(IncidentRow.__table__).where(IncidentRow.id == incident_id)
    row = conn.execute(query).mappings().first()
    if row is None:
        return None
    return _incident(dict(row), _links(conn, [incident_id]).get(incident_id, []))


def _ordered(links: list[IncidentLink]) -> tuple[IncidentLink, ...]:
    def rank(link: IncidentLink) -> tuple[int, str]:
        kind = 0 if link.rule == "anchor" else 2 if link.rule.startswith("denies") else 1
        return kind, link.record_key or ""

    return tuple(sorted(links, key=rank))


def count_incidents(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(IncidentRow)).scalar_one())

"""The read API's SQL: filtered, sorted, paged events, figures and actors (see ``query.Query``).

Everything here is portable SQL built with SQLAlchemy, so it runs unchanged on SQLite and
PostgreSQL: the filters are conditions from ``filters.py``, and "undated last" is an explicit
``IS NULL`` sort key instead of the back ends' differing ``NULLS LAST`` defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, func, literal, select, tuple_, union_all

from .filters import event_conditions, place_conditions
from .models import DocumentRow, EventRow, FigureRow, IncidentRecordRow
from .queries import _EVENT_QUERY, _page, _same, _stored_event
from .query import TOTAL_CAP, Cursor, Page, Query
from .results import StoredEvent, StoredFigure

EXCERPT_CHARS = 300  # characters of document text kept on each side of an evidence sentence
_IDS_PER_READ = 500  # ids per IN (...) list: under SQLite's bound-parameter limit


@dataclass(frozen=True)
class ActorCount:
    """An actor name as stored (actor 1 or 2 of some events), its ACLED inter code and usage."""

    name: str
    inter: int | None
    events: int


@dataclass(frozen=True)
class EventSource:
    """One stored record supporting an event, with its document's metadata and text around it.

    ``excerpt`` is plain document text from offset ``excerpt_start``; the evidence sentence sits
    at ``evidence_start - excerpt_start`` inside it.
    """

    event_id: int
    document_id: str
    title: str | None
    source: str | None
    url: str | None
    published: dt.date | None
    claimant: str | None
    stance: str
    hedged: bool
    evidence_start: int
    evidence_end: int
    evidence_text: str
    excerpt: str
    excerpt_start: int
    rule: str | None = None  # why it belongs to the incident (anchor, merged: ..., denies: ...)


def _sort_column(sort: str) -> Any:
    return EventRow.fatalities if sort.lstrip("-") == "fatalities" else EventRow.event_date


def _beyond(cursor: Cursor) -> Any:
    """Rows after ``cursor``'s in the sort's order: ``(value, id)`` greater, or smaller for a
    descending sort. A row-value comparison, which both databases read as one index range."""
    column = _sort_column(cursor.sort)
    key = tuple_(column, EventRow.id)
    last = tuple_(literal(cursor.value, column.type), literal(cursor.id, EventRow.id.type))
    return key < last if cursor.sort.startswith("-") else key > last


def _segments(sort: str, conditions: list[Any]) -> tuple[Select[Any], Select[Any]]:
    """Ids of the rows with a sort value, in the sort's order, then of those without one, by id.

    Two queries instead of one ``ORDER BY value IS NULL, value, id``: each is ordered like an
    index (``(value, id)``, migrations 0003 and 0009, read backwards for a descending sort, whose
    ties therefore come newest first), so a page reads its own rows from the index instead of
    sorting every matching row, on SQLite and PostgreSQL alike.
    """
    column = _sort_column(sort)
    if sort.startswith("-"):
        order = (column.desc(), EventRow.id.desc())
    else:
        order = (column.asc(), EventRow.id.asc())
    ids = select(EventRow.id)
    valued = ids.where(*conditions, column.is_not(None)).order_by(*order)
    missing = ids.where(*conditions, column.is_(None)).order_by(EventRow.id)
    return valued, missing


def _rows(conn: Connection, ids: Select[Any], limit: int | None, offset: int) -> list[StoredEvent]:
    """The events whose ids the page of ``ids`` names, in its order. Ids are skipped and picked
    from the indexes alone; whole rows (with their document) are read for the page only."""
    page = list(conn.execute(_page(ids, limit, offset)).scalars())
    found: dict[int, StoredEvent] = {}
    for first in range(0, len(page), _IDS_PER_READ):
        chosen = EventRow.id.in_(page[first : first + _IDS_PER_READ])
        for row in conn.execute(_EVENT_QUERY.where(chosen)).mappings():
            found[row["id"]] = _stored_event(row)
    return [found[i] for i in page]


def _ordered_rows(
    conn: Connection, q: Query, conditions: list[Any], want: int | None
) -> list[StoredEvent]:
    """Up to ``want`` events of the page (all when None), valued rows first, then the others."""
    valued, missing = _segments(q.sort, conditions)
    after = q.after
    if after is not None and after.value is None:  # the cursor is already among the missing
        return _rows(conn, missing.where(EventRow.id > after.id), want, 0)
    if after is not None:
        valued = valued.where(_beyond(after))
    rows = _rows(conn, valued, want, q.offset)
    if want is not None and len(rows) >= want:
        return rows
    skip = 0
    if q.offset and not rows:  # the offset went past every valued row
        skip = max(0, q.offset - _count(conn, valued))
    rest = None if want is None else want - len(rows)
    return rows + _rows(conn, missing, rest, skip)


def _count(conn: Connection, query: Select[Any]) -> int:
    return int(conn.execute(select(func.count()).select_from(query.subquery())).scalar_one())


def _event_cursor(sort: str, event: StoredEvent) -> str:
    value = event.fatalities if sort.lstrip("-") == "fatalities" else event.event_date
    return Cursor(sort, value, event.id).encode()


def _matches(conn: Connection, q: Query, conditions: list[Any], seen: int) -> tuple[int, bool]:
    """How many events match, and whether that is exact. ``seen`` matches are known to exist
    (those before and on the page, one more if a next page exists). Counting stops past
    TOTAL_CAP, or past the offset, so a page past the end still learns the exact total; every
    match is counted for ``exact_total`` and for an unlimited read, which reads them anyway."""
    ids = select(EventRow.id).where(*conditions)
    if q.exact_total or q.limit is None:
        return _count(conn, ids), True
    cap = max(TOTAL_CAP, q.offset)
    found = _count(conn, ids.limit(cap + 1))
    return (found, True) if found <= cap else (max(cap, seen), False)


def select_events(conn: Connection, q: Query) -> Page:
    """A page of events and the number of matches (see :func:`_matches`)."""
    conditions = event_conditions(q)
    # One row more than asked tells whether a next page exists without counting.
    probe = None if q.limit is None else q.limit + 1
    rows = _ordered_rows(conn, q, conditions, probe)
    items = tuple(rows[: q.limit] if q.limit is not None else rows)
    more = q.limit is not None and len(rows) > q.limit
    nxt = _event_cursor(q.sort, items[-1]) if more else None
    if not more and q.after is None and (items or not q.offset):
        # every match is on this page or before it (by offset): no count needed
        return Page(items, q.offset + len(items), q.limit, q.offset, nxt)
    seen = q.offset + len(items) + int(more)
    total, exact = _matches(conn, q, conditions, seen)
    return Page(items, total, q.limit, q.offset, nxt, total_exact=exact)


def select_event(conn: Connection, event_id: int) -> StoredEvent | None:
    row = conn.execute(_EVENT_QUERY.where(EventRow.id == event_id)).mappings().first()
    return _stored_event(row) if row is not None else None


_SOURCE_COLUMNS = (
    EventRow.id,
    EventRow.document_id,
    EventRow.claimant,
    EventRow.stance,
    EventRow.hedged,
    EventRow.evidence_start,
    EventRow.evidence_end,
    EventRow.evidence_text,
    DocumentRow.title,
    DocumentRow.source,
    DocumentRow.url,
    DocumentRow.published,
    DocumentRow.text,
)


def _source(row: Any, rule: str | None, excerpt_chars: int) -> EventSource:
    text: str = row["text"]
    start = max(0, row["evidence_start"] - excerpt_chars)
    end = min(len(text), row["evidence_end"] + excerpt_chars)
    return EventSource(
        event_id=row["id"],
        document_id=row["document_id"],
        title=row["title"],
        source=row["source"],
        url=row["url"],
        published=row["published"],
        claimant=row["claimant"],
        stance=row["stance"],
        hedged=bool(row["hedged"]),
        evidence_start=row["evidence_start"],
        evidence_end=row["evidence_end"],
        evidence_text=row["evidence_text"],
        excerpt=text[start:end],
        excerpt_start=start,
        rule=rule,
    )


def _rule_rank(rule: str | None) -> int:
    if rule is None or rule == "anchor":
        return 0
    return 2 if rule.startswith("denies") else 1


def event_sources(
    conn: Connection, event: StoredEvent, *, excerpt_chars: int = EXCERPT_CHARS
) -> list[EventSource]:
    """The stored records of the incident ``event`` belongs to, the event's own first.

    The incident's links (``resolve``) say which reports describe the same real-world event,
    supporting ones before denials; an event not merged yet has only itself as a source.
    """
    incident = (
        select(IncidentRecordRow.incident_id)
        .where(IncidentRecordRow.record_id == event.id)
        .scalar_subquery()
    )
    linked = (
        select(*_SOURCE_COLUMNS, IncidentRecordRow.rule)
        .join(IncidentRecordRow, IncidentRecordRow.record_id == EventRow.id)
        .join(DocumentRow, DocumentRow.id == EventRow.document_id)
        .where(IncidentRecordRow.incident_id == incident)
    )
    rows = list(conn.execute(linked).mappings())
    if not rows:
        own = select(*_SOURCE_COLUMNS).join(DocumentRow, DocumentRow.id == EventRow.document_id)
        rows = list(conn.execute(own.where(EventRow.id == event.id)).mappings())
    rows.sort(
        key=lambda r: (
            r["id"] != event.id,
            _rule_rank(r.get("rule")),
            r["published"] is None,
            r["published"] or dt.date.min,
            r["id"],
        )
    )
    return [_source(row, row.get("rule"), excerpt_chars) for row in rows]


def select_figures(conn: Connection, q: Query) -> Page:
    """A page of figures in insertion order (offset paging: figures are few per event)."""
    conditions = place_conditions(q, FigureRow)
    if q.kind:
        conditions.append(_same(FigureRow.kind, q.kind))
    if q.document_id:
        conditions.append(FigureRow.document_id == q.document_id)
    query = select(FigureRow.__table__).where(*conditions).order_by(FigureRow.id)
    rows = conn.execute(_page(query, q.limit, q.offset)).mappings()
    items = tuple(StoredFigure(**row) for row in rows)
    total = len(items) if q.limit is None else _count(conn, select(FigureRow.id).where(*conditions))
    return Page(items, total, q.limit, q.offset)


def actor_counts(
    conn: Connection, *, name: str | None = None, limit: int | None = None, offset: int = 0
) -> Page:
    """Distinct (actor, inter) pairs of actor 1 and actor 2, most events first."""
    sides = [
        select(EventRow.id.label("event_id"), EventRow.actor1.label("name"), EventRow.inter1.label("inter"))
        .where(EventRow.actor1.is_not(None)),
        select(EventRow.id.label("event_id"), EventRow.actor2.label("name"), EventRow.inter2.label("inter"))
        .where(EventRow.actor2.is_not(None)),
    ]  # fmt: skip
    if name:
        sides = [
            side.where(side.selected_columns.name.icontains(name, autoescape=True))
            for side in sides
        ]
    both = union_all(*sides).subquery()
    # An event naming the same actor on both sides counts once.
    events = func.count(func.distinct(both.c.event_id))
    grouped = select(both.c.name, both.c.inter, events.label("events")).group_by(
        both.c.name, both.c.inter
    )
    total = _count(conn, grouped)
    query = grouped.order_by(events.desc(), both.c.name, both.c.inter.is_(None), both.c.inter)
    items = [
        ActorCount(row.name, row.inter, int(row.events))
        for row in conn.execute(_page(query, limit, offset))
    ]
    return Page(tuple(items), total, limit, offset)


def count_documents(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one())


__all__ = [
    "EXCERPT_CHARS",
    "ActorCount",
    "EventSource",
    "actor_counts",
    "event_conditions",
    "event_sources",
    "place_conditions",
    "select_event",
    "select_events",
    "select_figures",
]

"""Read queries behind the REST API: filtered, sorted, counted pages of events, figures and actors.

Everything here is portable SQL built with SQLAlchemy, so it runs unchanged on SQLite and
PostgreSQL: case-insensitive matching uses ``lower(column)`` equality or SQLAlchemy's
``icontains`` (``lower(x) LIKE lower(y)`` on SQLite, ``ILIKE`` on PostgreSQL, with ``%`` and
``_`` in the user's text escaped), and "undated last" is an explicit ``IS NULL`` sort key instead
of the back ends' differing ``NULLS LAST`` defaults.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, and_, func, or_, select, union_all

from .models import DocumentRow, EventRow, FigureRow
from .queries import _EVENT_QUERY, _page, _same, _stored_event
from .results import StoredEvent, StoredFigure

EVENT_SORTS = ("event_date", "-event_date", "fatalities", "-fatalities")
EXCERPT_CHARS = 300  # characters of document text kept on each side of an evidence sentence


@dataclass(frozen=True)
class BBox:
    """A bounding box in degrees; ``min_lon > max_lon`` means it crosses the antimeridian."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


@dataclass(frozen=True)
class EventFilter:
    """Filters for :meth:`Store.search_events`; every field given must match.

    ``event_type`` matches the ACLED event type *or* sub-event type; ``sub_event_type`` only the
    sub-event type; ``place`` the location or admin-1; ``actor`` is a substring of actor 1 or 2;
    ``text`` a substring of the evidence sentence, the notes or the location. All of these ignore
    case. ``since``/``until`` bound ``event_date`` inclusively and exclude undated events; ``bbox``
    excludes events without coordinates.
    """

    country: str | None = None
    admin1: str | None = None
    place: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: BBox | None = None
    text: str | None = None
    document_id: str | None = None


@dataclass(frozen=True)
class Page:
    """One page of results and the number of rows matching the filters (all pages)."""

    items: Sequence[Any]
    total: int
    limit: int | None
    offset: int


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


def _event_conditions(f: EventFilter) -> list[Any]:
    conditions: list[Any] = []
    if f.country:
        conditions.append(_same(EventRow.country, f.country))
    if f.admin1:
        conditions.append(  # either spelling: ACLED's 'Idleb' or the gazetteer's 'Idlib'
            or_(_same(EventRow.admin1, f.admin1), _same(EventRow.admin1_geonames, f.admin1))
        )
    if f.place:
        conditions.append(
            or_(
                _same(EventRow.location, f.place),
                _same(EventRow.admin1, f.place),
                _same(EventRow.admin1_geonames, f.place),
            )
        )
    if f.event_type:
        conditions.append(
            or_(
                _same(EventRow.event_type, f.event_type),
                _same(EventRow.sub_event_type, f.event_type),
            )
        )
    if f.sub_event_type:
        conditions.append(_same(EventRow.sub_event_type, f.sub_event_type))
    if f.actor:
        conditions.append(
            or_(
                EventRow.actor1.icontains(f.actor, autoescape=True),
                EventRow.actor2.icontains(f.actor, autoescape=True),
            )
        )
    if f.since is not None:
        conditions.append(EventRow.event_date >= f.since)
    if f.until is not None:
        conditions.append(EventRow.event_date <= f.until)
    if f.bbox is not None:
        box = f.bbox
        lat = EventRow.latitude.between(box.min_lat, box.max_lat)
        if box.min_lon <= box.max_lon:
            lon = EventRow.longitude.between(box.min_lon, box.max_lon)
        else:
            lon = or_(EventRow.longitude >= box.min_lon, EventRow.longitude <= box.max_lon)
        conditions.append(and_(lat, lon))
    if f.text:
        conditions.append(
            or_(
                EventRow.evidence_text.icontains(f.text, autoescape=True),
                EventRow.notes.icontains(f.text, autoescape=True),
                EventRow.location.icontains(f.text, autoescape=True),
            )
        )
    if f.document_id:
        conditions.append(EventRow.document_id == f.document_id)
    return conditions


def _event_order(sort: str) -> list[Any]:
    if sort not in EVENT_SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(EVENT_SORTS)}")
    column = EventRow.fatalities if sort.lstrip("-") == "fatalities" else EventRow.event_date
    direction = column.desc() if sort.startswith("-") else column.asc()
    # NULLs last in both directions, on both back ends; the id keeps pages stable.
    return [column.is_(None), direction, EventRow.id]


def _count(conn: Connection, query: Select[Any]) -> int:
    return int(conn.execute(select(func.count()).select_from(query.subquery())).scalar_one())


def search_events(
    conn: Connection,
    filters: EventFilter,
    *,
    sort: str = "event_date",
    limit: int | None = None,
    offset: int = 0,
) -> Page:
    conditions = _event_conditions(filters)
    total = _count(conn, select(EventRow.id).where(*conditions))
    query = _EVENT_QUERY.where(*conditions).order_by(*_event_order(sort))
    items = [_stored_event(row) for row in conn.execute(_page(query, limit, offset)).mappings()]
    return Page(items, total, limit, offset)


def select_event(conn: Connection, event_id: int) -> StoredEvent | None:
    row = conn.execute(_EVENT_QUERY.where(EventRow.id == event_id)).mappings().first()
    return _stored_event(row) if row is not None else None


def _same_or_both_null(column: Any, value: Any) -> Any:
    return column.is_(None) if value is None else column == value


def event_sources(
    conn: Connection, event: StoredEvent, *, excerpt_chars: int = EXCERPT_CHARS
) -> list[EventSource]:
    """The stored records that state the same event as ``event``, the event's own first.

    Until reports are merged into events (issue 4), "the same event" is an exact match: same
    event and sub-event type, date, location, country and actors, from any document.
    """
    query = (
        select(
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
        .join(DocumentRow, DocumentRow.id == EventRow.document_id)
        .where(
            EventRow.event_type == event.event_type,
            EventRow.sub_event_type == event.sub_event_type,
            _same_or_both_null(EventRow.event_date, event.event_date),
            _same_or_both_null(EventRow.location, event.location),
            _same_or_both_null(EventRow.country, event.country),
            _same_or_both_null(EventRow.actor1, event.actor1),
            _same_or_both_null(EventRow.actor2, event.actor2),
        )
        .order_by(
            (EventRow.id != event.id),
            DocumentRow.published.is_(None),
            DocumentRow.published,
            EventRow.id,
        )
    )
    sources = []
    for row in conn.execute(query).mappings():
        text: str = row["text"]
        start = max(0, row["evidence_start"] - excerpt_chars)
        end = min(len(text), row["evidence_end"] + excerpt_chars)
        sources.append(
            EventSource(
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
            )
        )
    return sources


def search_figures(
    conn: Connection,
    *,
    kind: str | None = None,
    country: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Page:
    conditions: list[Any] = []
    if kind:
        conditions.append(_same(FigureRow.kind, kind))
    if country:
        conditions.append(_same(FigureRow.country, country))
    total = _count(conn, select(FigureRow.id).where(*conditions))
    query = select(FigureRow.__table__).where(*conditions).order_by(FigureRow.id)
    items = [StoredFigure(**row) for row in conn.execute(_page(query, limit, offset)).mappings()]
    return Page(items, total, limit, offset)


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
    return Page(items, total, limit, offset)


def count_documents(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one())


__all__ = [
    "EVENT_SORTS",
    "ActorCount",
    "BBox",
    "EventFilter",
    "EventSource",
    "Page",
    "actor_counts",
    "event_sources",
    "search_events",
    "search_figures",
    "select_event",
]

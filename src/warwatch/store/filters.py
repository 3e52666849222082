"""The read API's filters as SQL conditions: one meaning per filter for events, figures and
incidents (see ``query.Query``).

Portable SQL built with SQLAlchemy: case-insensitive matching is ``lower(column)`` equality
(served by the expression indexes of migration 0009) or SQLAlchemy's ``icontains``
(``lower(x) LIKE lower(y)`` on SQLite, ``ILIKE`` on PostgreSQL, with ``%`` and ``_`` in the
user's text escaped).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import and_, or_

from warwatch import taxonomy

from .models import EventRow
from .queries import _same
from .query import Query


def _names(
    q: Query, *, location: Any, admin1: Any, country: Any, admin1_geonames: Any = None
) -> list[Any]:
    """Conditions on place names, shared by every kind of row that has a place. Admin-1 matches
    either spelling where the row keeps both: ACLED's 'Idleb' or the gazetteer's 'Idlib'."""
    regions = [admin1] if admin1_geonames is None else [admin1, admin1_geonames]
    conditions: list[Any] = []
    if q.country:
        conditions.append(_same(country, q.country))
    if q.admin1:
        conditions.append(or_(*(_same(column, q.admin1) for column in regions)))
    if q.place:
        conditions.append(or_(*(_same(column, q.place) for column in [location, *regions])))
    return conditions


@lru_cache(maxsize=1)
def _codebook_names() -> tuple[frozenset[str], frozenset[str]]:
    """Lowercase names of ACLED's event types and of its sub-event types (disjoint sets)."""
    subs = taxonomy.sub_event_types()
    return frozenset(t.lower() for t in taxonomy.event_types()), frozenset(s.lower() for s in subs)


def _event_or_sub_type(value: str, *, event_type: Any, sub_event_type: Any) -> Any:
    """``value`` as an event type or a sub-event type. A codebook name can only be one of the
    two, so it is matched on that column alone, which an index ordered like the page serves; an
    OR of both columns makes the database collect and sort every match. Other names are tried
    on both columns."""
    types, subs = _codebook_names()
    if value.lower() in types:
        return _same(event_type, value)
    if value.lower() in subs:
        return _same(sub_event_type, value)
    return or_(_same(event_type, value), _same(sub_event_type, value))


def _types(q: Query, *, event_type: Any, sub_event_type: Any) -> list[Any]:
    conditions: list[Any] = []
    if q.event_type:
        conditions.append(
            _event_or_sub_type(q.event_type, event_type=event_type, sub_event_type=sub_event_type)
        )
    if q.sub_event_type:
        conditions.append(_same(sub_event_type, q.sub_event_type))
    return conditions


def _dates(q: Query, column: Any) -> list[Any]:
    conditions: list[Any] = []
    if q.since is not None:
        conditions.append(column >= q.since)
    if q.until is not None:
        conditions.append(column <= q.until)
    return conditions


def _in_bbox(q: Query, *, latitude: Any, longitude: Any) -> list[Any]:
    if q.bbox is None:
        return []
    box = q.bbox
    lat = latitude.between(box.min_lat, box.max_lat)
    if box.min_lon <= box.max_lon:
        lon = longitude.between(box.min_lon, box.max_lon)
    else:  # across the antimeridian
        lon = or_(longitude >= box.min_lon, longitude <= box.max_lon)
    return [and_(lat, lon)]


def _contains(value: str | None, *columns: Any) -> list[Any]:
    if not value:
        return []
    return [or_(*(column.icontains(value, autoescape=True) for column in columns))]


def place_conditions(q: Query, table: Any) -> list[Any]:
    """Conditions on the place columns (``_PlaceColumns``) of events, figures and incidents."""
    return [
        *_names(
            q,
            location=table.location,
            admin1=table.admin1,
            country=table.country,
            admin1_geonames=getattr(table, "admin1_geonames", None),
        ),
        *_in_bbox(q, latitude=table.latitude, longitude=table.longitude),
    ]


def event_conditions(q: Query) -> list[Any]:
    conditions = [
        *place_conditions(q, EventRow),
        *_types(q, event_type=EventRow.event_type, sub_event_type=EventRow.sub_event_type),
        *_dates(q, EventRow.event_date),
        *_contains(q.actor, EventRow.actor1, EventRow.actor2),
        *_contains(q.text, EventRow.evidence_text, EventRow.notes, EventRow.location),
    ]
    if q.document_id:
        conditions.append(EventRow.document_id == q.document_id)
    if q.min_confidence is not None:
        # an unscored event (confidence NULL) cannot be shown to meet a minimum: left out
        conditions.append(EventRow.confidence >= q.min_confidence)
    return conditions

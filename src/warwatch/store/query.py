"""The one query type of the read API: filters, sort and paging for every kind of stored row.

The CLI, the REST API, the exports and ``resolve`` all build a :class:`Query` and hand it to a
:class:`~warwatch.store.Store` method (``events``, ``figures``, ``incidents``); each method applies
the filters that make sense for its rows and ignores the others, so a filter means the same thing
everywhere (``event_type`` matches the ACLED event type *or* sub-event type, names ignore case).

Paging is by ``limit`` with either a small ``offset`` or, for deep pages, an opaque ``cursor``
(keyset paging: the ``next`` cursor of a :class:`Page` names the sort key of its last row, so the
next page starts after it through an index instead of skipping rows).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from warwatch.errors import InputError

EVENT_SORTS = ("event_date", "-event_date", "fatalities", "-fatalities")
MAX_OFFSET = 10_000  # deeper pages go by cursor: skipping rows costs as much as reading them
# A page's total is counted up to this many matches unless ``exact_total`` is asked for: counting
# every match reads every matching row, which at a million events takes seconds on any filter
# no index answers alone (a bounding box, a part of a name), and counting to 10,000 still took
# 100-300 ms for a type and part of an actor's name (benchmarks/bench_api.py).
TOTAL_CAP = 1_000


@dataclass(frozen=True)
class BBox:
    """A bounding box in degrees; ``min_lon > max_lon`` means it crosses the antimeridian."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the sort it was read with, the last row's sort value and its id."""

    sort: str
    value: Any
    id: int

    def encode(self) -> str:
        value = self.value.isoformat() if isinstance(self.value, dt.date) else self.value
        raw = json.dumps([self.sort, value, self.id], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _bad_cursor(text: str) -> InputError:
    shown = text if len(text) <= 40 else text[:40] + "..."
    return InputError(
        f"cursor {shown!r} is not one this server handed out; pass the 'next' value of the "
        "previous page unchanged"
    )


def decode_cursor(text: str) -> Cursor:
    """The :class:`Cursor` behind an opaque ``next`` string; :class:`InputError` if malformed."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        sort, value, row_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise _bad_cursor(text) from exc
    valid_value = value is None or (isinstance(value, str | int) and not isinstance(value, bool))
    if sort not in EVENT_SORTS or not isinstance(row_id, int) or not valid_value:
        raise _bad_cursor(text)
    if sort.lstrip("-") == "event_date" and isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise _bad_cursor(text) from exc
    elif isinstance(value, str):
        raise _bad_cursor(text)
    return Cursor(sort, value, row_id)


@dataclass(frozen=True)
class Query:
    """What to read: every filter given must match; then a sort and a page.

    Filters (all ignore case): ``country``; ``admin1``; ``place`` (location or admin-1);
    ``event_type`` (ACLED event type or sub-event type); ``sub_event_type``; ``actor`` (part of
    actor 1 or 2); ``text`` (part of the evidence sentence, notes or location); ``kind`` (figures:
    killed, displaced, ...); ``family`` (incidents: merge family). ``since``/``until`` bound the
    event date inclusively and exclude undated rows; ``bbox`` excludes rows without coordinates;
    ``document_id`` and ``blocks`` match exactly. ``min_confidence`` (events) keeps those whose
    typer confidence is at least that value; events without a confidence are left out.

    ``sort`` (events) is one of :data:`EVENT_SORTS`, missing values last either way. ``limit``
    None reads every row. ``cursor`` (a ``Page.next``) and ``offset`` are exclusive. A limited
    page of events counts its matches up to :data:`TOTAL_CAP` (``Page.total_exact`` False past
    it) unless ``exact_total``.

    >>> Query(country="Syria", since=dt.date(2024, 1, 1), limit=50)  # doctest: +ELLIPSIS
    Query(country='Syria', ...)
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
    kind: str | None = None
    family: str | None = None
    blocks: frozenset[str] | None = None
    min_confidence: float | None = None
    exact_total: bool = False
    sort: str = "event_date"
    limit: int | None = None
    offset: int = 0
    cursor: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        problems = list(_problems(self))
        if problems:
            raise InputError("; ".join(problems))
        _ = self.after  # a bad or foreign cursor is refused when the query is made

    @property
    def after(self) -> Cursor | None:
        """The decoded cursor (checked against ``sort``), or None on a first page."""
        if self.cursor is None:
            return None
        found = decode_cursor(self.cursor)
        if found.sort != self.sort:
            raise InputError(
                f"cursor was made for sort {found.sort!r}, not {self.sort!r}; keep the sort "
                "while paging"
            )
        return found


def _problems(q: Query) -> Iterator[str]:
    if q.sort not in EVENT_SORTS:
        yield f"sort {q.sort!r}: use one of {', '.join(EVENT_SORTS)}"
    if q.limit is not None and q.limit < 1:
        yield f"limit: at least 1 (got {q.limit})"
    if q.offset < 0:
        yield f"offset: at least 0 (got {q.offset})"
    if q.offset > MAX_OFFSET:
        yield (
            f"offset: at most {MAX_OFFSET} (got {q.offset}); page deeper with the 'next' cursor "
            "of each page"
        )
    if q.cursor is not None and q.offset:
        yield "give either offset or cursor, not both"
    if q.since is not None and q.until is not None and q.since > q.until:
        yield f"since ({q.since}) is after until ({q.until})"
    if q.min_confidence is not None and not 0 <= q.min_confidence <= 1:
        yield f"min_confidence: between 0 and 1 (got {q.min_confidence})"


@dataclass(frozen=True, eq=False)
class Page(Sequence[Any]):
    """One page of rows, a sequence of its ``items`` (equal to a list of the same items).

    ``total`` counts the rows matching the filters over all pages; when ``total_exact`` is False
    the count stopped there and at least that many match. ``next`` is the cursor of the
    following page (None on the last one).
    """

    items: tuple[Any, ...]
    total: int
    limit: int | None = None
    offset: int = 0
    next: str | None = None
    total_exact: bool = True

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Page):
            return self._key() == other._key()
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self.items) == list(other)
        return NotImplemented

    def _key(self) -> tuple[Any, ...]:
        return (self.items, self.total, self.limit, self.offset, self.next, self.total_exact)

    __hash__ = None  # type: ignore[assignment]  # equal to lists, so unhashable like them


__all__ = [
    "EVENT_SORTS",
    "MAX_OFFSET",
    "TOTAL_CAP",
    "BBox",
    "Cursor",
    "Page",
    "Query",
    "decode_cursor",
]

"""The one read API (``store.Query``): the same filter means the same thing for every kind of row,
and keyset paging walks every sort in the order of an unpaged read, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from test_api import DARAA, EXTRACTIONS, HOMS, HTS, KHARKIV, SYRIA_ARMY, _extraction

from warwatch.errors import InputError
from warwatch.resolve import service
from warwatch.store import EVENT_SORTS, MAX_OFFSET, Query, Store, open_store
from warwatch.store.query import Cursor, decode_cursor

# Dates and fatalities with ties and gaps, so that every sort has equal keys and missing values.
DAYS = [dt.date(2024, 3, 1), None, dt.date(2024, 3, 1), dt.date(2024, 2, 9), None,
        dt.date(2024, 4, 2), dt.date(2024, 3, 1), dt.date(2024, 1, 15)]  # fmt: skip
DEATHS = [4, None, 4, 0, 9, None, 1, 4]
PLACES = [DARAA, HOMS, KHARKIV, DARAA]


def _many() -> list:
    return [
        _extraction(
            f"Shelling hit the town on day {i}, killing people.",
            sentence=f"Shelling hit the town on day {i}, killing people.",
            source=f"Outlet {i}",
            place=PLACES[i % len(PLACES)],
            day=DAYS[i],
            event_type="Explosions/Remote violence",
            sub_event_type="Shelling/artillery/missile attack",
            actor1=SYRIA_ARMY,
            fatalities=DEATHS[i],
            figure=("Killed" if i % 2 else "killed", 5 + i),
        )
        for i in range(len(DAYS))
    ]


@pytest.fixture
def store(db_url: str):
    with open_store(db_url) as opened:
        for extraction in EXTRACTIONS + _many():
            opened.add_extraction(extraction)
        yield opened


def _walk(store: Store, sort: str, limit: int) -> list[int]:
    ids: list[int] = []
    cursor = None
    for _ in range(100):
        page = store.events(Query(sort=sort, limit=limit, cursor=cursor))
        assert len(page) <= limit and page.total == 13
        ids += [e.id for e in page]
        cursor = page.next
        if cursor is None:
            return ids
    raise AssertionError("paging did not end")


@pytest.mark.parametrize("sort", EVENT_SORTS)
@pytest.mark.parametrize("limit", [1, 3, 5, 13])
def test_cursor_pages_walk_the_unpaged_order(store: Store, sort: str, limit: int) -> None:
    everything = [e.id for e in store.events(sort=sort)]
    assert len(everything) == 13 and len(set(everything)) == 13
    assert _walk(store, sort, limit) == everything


def test_unpaged_order_puts_missing_values_last(store: Store) -> None:
    for sort, reverse in (("-event_date", True), ("fatalities", False)):
        column = sort.lstrip("-")
        values = [getattr(e, column) for e in store.events(sort=sort)]
        known = [v for v in values if v is not None]
        assert values.count(None) >= 2 and len(set(known)) < len(known)  # gaps and ties
        assert known == sorted(known, reverse=reverse)
        assert values[len(known) :] == [None] * values.count(None)


def test_last_page_has_no_next_and_offset_still_works(store: Store) -> None:
    page = store.events(limit=13)
    assert len(page) == 13 and page.next is None
    assert [e.id for e in store.events(limit=4, offset=4)] == [e.id for e in page][4:8]


def test_cursor_round_trip_and_bad_cursors() -> None:
    cursor = Cursor("-event_date", dt.date(2024, 3, 1), 17)
    assert decode_cursor(cursor.encode()) == cursor
    assert decode_cursor(Cursor("fatalities", None, 3).encode()) == Cursor("fatalities", None, 3)
    for bad in ("not a cursor", "W10", Cursor("fatalities", "x", 1).encode(),
                Cursor("event_date", "2024-13-01", 1).encode()):  # fmt: skip
        with pytest.raises(InputError, match="cursor"):
            decode_cursor(bad)
    with pytest.raises(InputError, match="made for sort '-fatalities', not 'event_date'"):
        Query(sort="event_date", cursor=Cursor("-fatalities", 3, 1).encode())
    with pytest.raises(InputError, match="not one this server handed out"):
        Query(cursor="W10")


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": MAX_OFFSET + 1}, "cursor"),
        ({"offset": 5, "cursor": "abc"}, "either offset or cursor"),
        ({"sort": "date"}, "-fatalities"),
        ({"since": dt.date(2024, 2, 1), "until": dt.date(2024, 1, 1)}, "after until"),
    ],
)
def test_query_range_checks(fields: dict, words: str) -> None:
    with pytest.raises(InputError, match=words):
        Query(**fields)


def test_one_meaning_per_filter(store: Store) -> None:
    # event_type matches the event type or the sub-event type, for events and incidents alike
    by_sub = store.events(event_type="shelling/artillery/missile attack")
    assert len(by_sub) == 9 and {e.sub_event_type for e in by_sub} == {
        "Shelling/artillery/missile attack"
    }
    assert len(store.events(event_type="Explosions/Remote violence")) == 9
    # kind ignores case on figures, like every other name
    assert len(store.figures(kind="KILLED")) == len(store.figures(kind="killed")) == 9
    # place is the location or admin-1, for events and incidents
    service.rebuild(store)
    assert {i.location for i in store.incidents(place="daraa")} == {"Daraa"}
    assert {i.sub_event_type for i in store.incidents(event_type="battles")} == {
        "Non-state actor overtakes territory"
    }
    assert all(i.id is not None and i.links for i in store.incidents())


def test_incident_record_is_the_resolve_record(store: Store) -> None:
    from warwatch.records import Incident
    from warwatch.resolve.merge import merge
    from warwatch.resolve.statements import from_stored

    merged = merge(from_stored(e) for e in store.events())
    store.replace_incidents(None, merged)
    stored = list(store.incidents())
    assert all(type(i) is Incident for i in stored)
    by_key = {i.key: i for i in stored}
    for incident in merged:
        back = by_key[incident.key]
        assert back.date == incident.date and back.fatalities_best == incident.fatalities_best
        assert {(k.record_id, k.rule) for k in back.links} == {
            (k.record_id, k.rule) for k in incident.links
        }
        assert back.links[0] == dataclasses.replace(incident.links[0], record_key=incident.key)
        assert store.incident(back.id) == back
    assert store.incident(10**9) is None
    assert HTS.name in {i.actor1 for i in stored}


@pytest.mark.parametrize("sort", EVENT_SORTS)
def test_offset_pages_cross_from_valued_to_missing_rows(store: Store, sort: str) -> None:
    everything = [e.id for e in store.events(sort=sort)]
    for offset in range(len(everything) + 2):
        page = store.events(sort=sort, limit=3, offset=offset)
        assert [e.id for e in page] == everything[offset : offset + 3], offset
        assert (page.next is not None) == (offset + 3 < len(everything))

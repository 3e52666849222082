"""What keeps the read API fast at a million events (issue 13): totals counted up to a cap,
descending sorts that read an index backwards, name filters that use expression indexes, and a
type filter on one column. Timings themselves are in ``benchmarks/bench_api.py``."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from test_api import DARAA, EXTRACTIONS, SYRIA_ARMY, _extraction
from test_read_api import _many

from warwatch.api import ApiSettings, create_app
from warwatch.store import EVENT_SORTS, Query, Store, open_store, search
from warwatch.store.filters import event_conditions
from warwatch.store.models import EventRow
from warwatch.store.search import _segments

OWN_TYPE = _extraction(
    "Hackers took the ministry's site down on Monday.",
    sentence="Hackers took the ministry's site down on Monday.",
    source="Outlet X",
    place=DARAA,
    day=dt.date(2024, 5, 6),
    event_type="Cyber operations",
    sub_event_type="Defacement",
    actor1=SYRIA_ARMY,
)


@pytest.fixture
def store(db_url: str):
    with open_store(db_url) as opened:
        for extraction in [*EXTRACTIONS, *_many(), OWN_TYPE]:
            opened.add_extraction(extraction)
        yield opened


def test_total_is_exact_up_to_the_cap_then_a_lower_bound(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert store.events(limit=2).total == 14 and store.events(limit=2).total_exact
    monkeypatch.setattr(search, "TOTAL_CAP", 5)
    capped = store.events(limit=2)
    assert (capped.total, capped.total_exact, len(capped)) == (5, False, 2)
    exact = store.events(Query(limit=2, exact_total=True))
    assert (exact.total, exact.total_exact) == (14, True)
    # a page that holds every remaining match knows the total without counting
    tail = store.events(limit=20, offset=10)
    assert (tail.total, tail.total_exact, len(tail)) == (14, True, 4)
    after = store.events(Query(limit=3, cursor=capped.next))
    assert (after.total, after.total_exact) == (5, False)
    # a capped total is never below the rows already seen, and past the end it is exact
    deep = store.events(limit=2, offset=8)
    assert (deep.total, deep.total_exact) == (11, False)
    for offset in (14, 20):
        beyond = store.events(limit=2, offset=offset)
        assert (len(beyond), beyond.total, beyond.total_exact) == (0, 14, True)
    # an unlimited read after a cursor counts every match
    rest = store.events(Query(cursor=capped.next))
    assert (len(rest), rest.total, rest.total_exact) == (12, 14, True)
    client = TestClient(create_app(ApiSettings(), store=store))
    body = client.get("/api/events", params={"limit": 2}).json()
    assert (body["total"], body["total_exact"]) == (5, False)
    body = client.get("/api/events", params={"limit": 2, "exact_total": "true"}).json()
    assert (body["total"], body["total_exact"]) == (14, True)


@pytest.mark.parametrize("sort", ["-event_date", "-fatalities"])
def test_descending_sorts_put_ties_newest_first(store: Store, sort: str) -> None:
    column = sort.lstrip("-")
    rows = [(getattr(e, column), e.id) for e in store.events(sort=sort)]
    valued = [row for row in rows if row[0] is not None]
    missing = [row_id for value, row_id in rows if value is None]
    assert len({value for value, _ in valued}) < len(valued)  # the fixture has ties
    assert valued == sorted(valued, reverse=True)
    assert missing == sorted(missing) and len(missing) >= 2


def test_codebook_types_match_their_own_column_and_other_names_either(store: Store) -> None:
    assert {e.event_type for e in store.events(event_type="battles")} == {"Battles"}
    shelling = store.events(event_type="SHELLING/ARTILLERY/MISSILE ATTACK")
    assert {e.sub_event_type for e in shelling} == {"Shelling/artillery/missile attack"}
    # a name outside ACLED's codebook is looked for in both columns
    assert [e.sub_event_type for e in store.events(event_type="cyber operations")] == ["Defacement"]
    assert [e.event_type for e in store.events(event_type="defacement")] == ["Cyber operations"]


def _plan(store: Store, q: Query) -> str:
    valued, _missing = _segments(q.sort, event_conditions(q))
    with store._connect("plan") as conn:
        sql = str(valued.limit(101).compile(conn, compile_kwargs={"literal_binds": True}))
        return " | ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


@pytest.mark.parametrize("sort", EVENT_SORTS)
@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({"country": "syria"}, "ix_events_country_ci_"),
        ({"event_type": "Battles"}, "ix_events_type_ci_"),
    ],
)
def test_name_filters_read_an_index_in_page_order(
    tmp_path, filters: dict, index: str, sort: str
) -> None:
    # SQLite's plan for a fresh file: the filter's expression index, and no sort of the matches
    with open_store(f"sqlite:///{tmp_path / 'plan.db'}") as store:
        store.add_extractions([*EXTRACTIONS, *_many()])
        plan = _plan(store, Query(**filters, sort=sort))
    assert index in plan and "TEMP B-TREE" not in plan, plan
    assert EventRow.__tablename__ in plan


def test_cli_says_when_the_total_is_a_lower_bound(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from warwatch.cli import app

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(url) as store:
        store.add_extractions([*EXTRACTIONS, *_many()])
    monkeypatch.setattr(search, "TOTAL_CAP", 5)
    capped = CliRunner().invoke(app, ["events", "--db", url, "--limit", "2"])
    exact = CliRunner().invoke(app, ["events", "--db", url, "--limit", "2", "--exact-total"])
    assert capped.exit_code == exact.exit_code == 0, capped.output + exact.output
    assert capped.output.strip().endswith("2 of at least 5 events")
    assert exact.output.strip().endswith("2 of 13 events")

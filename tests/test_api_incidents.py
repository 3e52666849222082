"""``/api/incidents``, ``/api/incidents/{id}``, ``/api/tallies`` and cursor paging of
``/api/events``, on SQLite and (marked) PostgreSQL, over the hand-made store of ``test_api``."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from test_api import (
    CAPTURE,
    CAPTURE_2,
    EXTRACTIONS,
    KHARKIV,
    RUSSIA,
    TOKEN,
    _extraction,
    _no_pipeline,
    assert_error,
)

from warwatch.api import ApiSettings, create_app
from warwatch.records import Extraction
from warwatch.resolve import service
from warwatch.store import MAX_OFFSET, Store, open_store


@pytest.fixture
def store(db_url: str):
    with open_store(db_url) as opened:
        for extraction in EXTRACTIONS:
            opened.add_extraction(extraction)
        service.rebuild(opened)
        yield opened


@pytest.fixture
def client(store: Store) -> TestClient:
    app = create_app(ApiSettings(token=TOKEN), store=store, pipeline_factory=_no_pipeline)
    return TestClient(app)


def test_incidents_list_filters_and_pages(client: TestClient, store: Store) -> None:
    body = client.get("/api/incidents").json()
    assert body["total"] == len(body["items"]) == store.incident_count() == 4
    assert (body["limit"], body["offset"]) == (100, 0)
    dates = [i["event_date"] for i in body["items"]]
    assert dates == ["2024-05-10", "2024-12-06", "2024-12-07", None]  # undated last
    [daraa] = client.get("/api/incidents", params={"place": "daraa"}).json()["items"]
    assert daraa["source_count"] == 2 and daraa["location"] == "Daraa"
    assert daraa["fatalities_low"] == daraa["fatalities_best"] == daraa["fatalities_high"] == 12
    assert daraa["actor1"] == "Hayat Tahrir al-Sham" and "links" not in daraa
    syria = client.get("/api/incidents", params={"country": "syria", "since": "2024-12-07"})
    assert [i["location"] for i in syria.json()["items"]] == ["Homs"]
    shelling = client.get("/api/incidents", params={"type": "Shelling/artillery/missile attack"})
    assert [i["location"] for i in shelling.json()["items"]] == ["Kharkiv"]
    second = client.get("/api/incidents", params={"limit": 1, "offset": 1}).json()
    assert second["total"] == 4 and [i["event_date"] for i in second["items"]] == ["2024-12-06"]


def test_one_incident_with_its_links(client: TestClient) -> None:
    [daraa] = client.get("/api/incidents", params={"place": "Daraa"}).json()["items"]
    detail = client.get(f"/api/incidents/{daraa['id']}").json()
    assert {k: v for k, v in detail.items() if k != "links"} == daraa
    rules = [link["rule"].split(":")[0] for link in detail["links"]]
    assert rules == ["anchor", "merged"]
    texts = {
        client.get(f"/api/events/{link['record_id']}").json()["evidence"]["text"]
        for link in detail["links"]
    }
    assert texts == {CAPTURE, CAPTURE_2}
    assert all(link["record_key"] for link in detail["links"])
    assert_error(client.get("/api/incidents/999999"), 404, "999999")
    assert_error(client.get("/api/incidents/x"), 400, "'incident_id'")
    assert_error(client.get("/api/incidents", params={"since": "2024-02-30"}), 400, "'since'")


def test_event_sources_are_its_incident_records(client: TestClient) -> None:
    events = client.get("/api/events", params={"place": "Daraa"}).json()["items"]
    for event in events:
        sources = client.get(f"/api/events/{event['id']}").json()["sources"]
        assert sources[0]["event_id"] == event["id"]  # its own record first
        assert {s["evidence"]["text"] for s in sources} == {CAPTURE, CAPTURE_2}
        assert {s["rule"].split(":")[0] for s in sources} == {"anchor", "merged"}


def _shelling(day: dt.date, killed: int | None) -> Extraction:
    sentence = f"Russian shelling hit Kharkiv on {day:%d %B}, an official said."
    return _extraction(
        sentence, sentence=sentence, source="Kyiv Daily", place=KHARKIV, day=day,
        event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        actor1=RUSSIA, fatalities=killed,
    )  # fmt: skip


def test_tallies(client: TestClient, store: Store) -> None:
    for extraction in (_shelling(dt.date(2024, 5, 20), 5), _shelling(dt.date(2024, 5, 27), None)):
        store.add_extraction(extraction)
    service.rebuild(store)
    [month] = client.get("/api/tallies", params={"country": "Ukraine"}).json()["sums"]
    assert month["region"] == "Kharkivska, Ukraine"
    assert (month["period_start"], month["period_end"]) == ("2024-05-01", "2024-05-31")
    assert (month["incidents"], month["incidents_without_figure"]) == (3, 1)
    assert (month["fatalities_low"], month["fatalities_best"], month["fatalities_high"]) == (
        8,
        8,
        8,
    )
    weeks = client.get("/api/tallies", params={"by": "country", "period": "week"}).json()["sums"]
    assert [(w["region"], w["period_start"], w["fatalities_best"]) for w in weeks] == [
        ("Ukraine", "2024-05-06", 3),
        ("Ukraine", "2024-05-20", 5),
        ("Ukraine", "2024-05-27", 0),
    ]  # territorial changes (Daraa, Homs) are not fatality tallies
    assert client.get("/api/tallies", params={"country": "Syria"}).json() == {
        "sums": [],
        "claimed": [],
    }
    assert_error(client.get("/api/tallies", params={"by": "town"}), 400, "'by'")
    assert_error(client.get("/api/tallies", params={"period": "year"}), 400, "'period'")


def test_events_page_by_cursor(client: TestClient) -> None:
    everything = [
        e["id"] for e in client.get("/api/events", params={"sort": "-fatalities"}).json()["items"]
    ]
    seen: list[int] = []
    params = {"sort": "-fatalities", "limit": 2}
    while True:
        body = client.get("/api/events", params=params).json()
        assert body["total"] == 5
        seen += [e["id"] for e in body["items"]]
        if body["next"] is None:
            break
        params = {**params, "cursor": body["next"]}
    assert seen == everything
    assert client.get("/api/events", params={"limit": 5}).json()["next"] is None  # fmt: skip


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"cursor": "garbage!"}, ["cursor", "'next'"]),
        ({"offset": MAX_OFFSET + 1}, ["'offset'"]),
        ({"offset": -1}, ["'offset'"]),
        ({"limit": 0}, ["'limit'"]),
        ({"offset": 2, "cursor": "x"}, ["'cursor'", "'offset'"]),
    ],
)
def test_bad_paging_parameters(client: TestClient, params: dict, words: list[str]) -> None:
    assert_error(client.get("/api/events", params=params), 400, *words)


def test_a_cursor_is_tied_to_its_sort(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 1}).json()
    assert_error(
        client.get("/api/events", params={"cursor": first["next"], "sort": "fatalities"}),
        400,
        "keep the sort",
    )


def test_report_is_the_cli_report(client: TestClient, store: Store) -> None:
    from warwatch.resolve import report

    body = client.get("/api/report", params={"country": "Ukraine"}).json()
    assert body["markdown"] == report.build(store, country="Ukraine")
    assert body["markdown"].startswith("# Situation report: Ukraine")
    assert "Kharkiv" in body["markdown"] and "Kyiv Daily" in body["markdown"]
    since = client.get("/api/report", params={"since": "2024-12-07"}).json()["markdown"]
    assert "since 2024-12-07" in since and "Kharkiv" not in since.split("## Figures")[0]


def test_failures(client: TestClient, store: Store) -> None:
    assert client.get("/api/failures").json()["total"] == 0
    store.add_failure("feed.xml:3", "read", "input_error", "not UTF-8; re-save the file as UTF-8")
    store.add_failure("b.txt", "extract", "extraction_error", "boom")
    body = client.get("/api/failures").json()
    assert body["total"] == 2 and [f["origin"] for f in body["items"]] == ["feed.xml:3", "b.txt"]
    assert body["items"][0]["message"].startswith("not UTF-8")
    only = client.get("/api/failures", params={"stage": "extract"}).json()
    assert only["total"] == 1 and only["items"][0]["code"] == "extraction_error"

"""Every numeric API parameter at its limits and beyond, control characters in requests, security
headers on every response and plain-words JSON errors (issue 14), on SQLite and (marked)
PostgreSQL. Before the fix, ``offset=2**63`` and ``/api/events/99999999999999999999999`` gave 500.
"""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient

from warwatch.api import ApiSettings, create_app
from warwatch.api.limits import MAX_RECORD_ID, MAX_SQL_INTEGER
from warwatch.records import Actor, Document, EventDate, EventRecord, Evidence, Extraction, Figure
from warwatch.store import MAX_OFFSET, open_store

TOKEN = "limits-token"
TEXT = "Shelling hit the town of Izium on Monday, killing four civilians, officials said."
PAGED = ["/api/events", "/api/documents", "/api/actors", "/api/figures"]


def _extraction() -> Extraction:
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    doc = Document(id=digest[:16], text=TEXT, content_hash=digest, source="Wire")
    evidence = Evidence(doc.id, 0, len(TEXT), TEXT)
    event = EventRecord(
        document_id=doc.id, event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack", disorder_type="Political violence",
        evidence=evidence, actor1=Actor("Military Forces of Russia (2000-)", inter=8),
        place=None, date=EventDate(None, 3), fatalities=4,
    )  # fmt: skip
    figure = Figure(doc.id, "killed_civilians", 4, evidence)
    return Extraction(document=doc, events=(event,), figures=(figure,))


@pytest.fixture
def client(db_url: str):
    with open_store(db_url) as store:
        store.add_extraction(_extraction())
        app = create_app(ApiSettings(token=TOKEN), store=store)
        yield TestClient(app)


def assert_error(response, status: int, *words: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"ok", "error", "status"} and body["status"] == status
    for word in words:
        assert word in body["error"], (word, body["error"])
    return body["error"]


@pytest.mark.parametrize("route", PAGED)
def test_offset_at_its_limits_and_beyond(client: TestClient, route: str) -> None:
    assert client.get(route, params={"offset": 0}).json()["total"] == 1
    at_limit = client.get(route, params={"offset": MAX_OFFSET})
    assert at_limit.status_code == 200, at_limit.text
    assert at_limit.json()["items"] == []
    for bad in (MAX_OFFSET + 1, MAX_SQL_INTEGER + 1, 2**64, 10**30):
        assert_error(client.get(route, params={"offset": bad}), 400, "'offset'", str(bad)[:20])
    assert_error(client.get(route, params={"offset": -1}), 400, "'offset'")
    assert_error(client.get(route, params={"offset": "1e3"}), 400, "'offset'")


@pytest.mark.parametrize("route", PAGED)
def test_limit_at_its_limits_and_beyond(client: TestClient, route: str) -> None:
    assert client.get(route, params={"limit": 1}).status_code == 200
    assert client.get(route, params={"limit": 1000}).status_code == 200
    for bad in (1001, MAX_SQL_INTEGER + 1, 10**30):
        assert_error(client.get(route, params={"limit": bad}), 400, "'limit'")
    assert_error(client.get(route, params={"limit": 0}), 400, "'limit'")


def test_event_ids_at_their_limits_and_beyond(client: TestClient) -> None:
    first = client.get("/api/events").json()["items"][0]["id"]
    assert client.get(f"/api/events/{first}").status_code == 200
    assert_error(client.get(f"/api/events/{MAX_RECORD_ID}"), 404, str(MAX_RECORD_ID))
    for bad in (MAX_RECORD_ID + 1, MAX_SQL_INTEGER, "99999999999999999999999"):
        assert_error(client.get(f"/api/events/{bad}"), 400, "'event_id'")
    assert_error(client.get("/api/events/0"), 400, "'event_id'")
    assert_error(client.get("/api/events/-5"), 400, "'event_id'")


def test_bbox_numbers_out_of_range_or_not_finite(client: TestClient) -> None:
    assert client.get("/api/events", params={"bbox": "-180,-90,180,90"}).status_code == 200
    for bad in ("-181,0,0,1", "0,0,181,1", "0,-91,1,0", "nan,0,1,1", "inf,0,1,1", "1e400,0,1,1"):
        assert_error(client.get("/api/events", params={"bbox": bad}), 400, "'bbox'")


@pytest.mark.parametrize("value", ["%00", "a%00b", "%01", "%7F"])
def test_control_characters_in_a_query_are_refused(client: TestClient, value: str) -> None:
    # issue 14: q=%00 matched every event
    assert_error(client.get(f"/api/events?q={value}"), 400, "'q'", "control character")
    assert client.get("/api/events?q=Izium").json()["total"] == 1
    assert client.get("/api/events?q=nowhere").json()["total"] == 0


def test_control_characters_in_the_path_are_refused(client: TestClient) -> None:
    assert_error(client.get("/api/documents/ab%00cd"), 400, "path", "NUL")


@pytest.mark.parametrize(
    "path", ["/", "/api/events", "/api/events/424242", "/docs", "/openapi.json", "/nowhere"]
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert ("'unsafe-inline'" in csp.split("script-src")[1].split(";")[0]) == (path == "/docs")


def test_security_headers_on_refused_requests(client: TestClient) -> None:
    for response in (
        client.get("/api/events?q=%00"),
        client.post("/api/documents", content=b"x" * 10, headers={"content-length": "999999999"}),
    ):
        assert response.status_code in (400, 413)
        assert response.headers["x-content-type-options"] == "nosniff"


def test_malformed_json_body_says_what_is_wrong(client: TestClient) -> None:
    response = client.post(
        "/api/documents",
        content=b'{"text": "x",,}',
        headers={"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"},
    )
    message = assert_error(response, 400, "not valid JSON", "at character")
    assert "field" not in message

"""The REST API, in-process through FastAPI's TestClient, on SQLite and (marked) PostgreSQL.

The read tests use a small store built from hand-made records; the write tests run the real
pipeline (the session ``pipeline`` fixture, passed as the app's pipeline factory).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from fastapi.testclient import TestClient

from warwatch.api import ApiSettings, create_app
from warwatch.records import (
    REPORTED,
    Actor,
    Document,
    EventDate,
    EventRecord,
    Evidence,
    Extraction,
    Figure,
    Place,
)
from warwatch.store import Store, open_store

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

DARAA = Place(mention="Daraa", name="Daraa", country="Syria", iso=760, admin1="Daraa",
              latitude=32.6189, longitude=36.1021, geo_precision=1)  # fmt: skip
HOMS = Place(mention="Homs", name="Homs", country="Syria", iso=760, admin1="Homs",
             latitude=34.7324, longitude=36.7137, geo_precision=1)  # fmt: skip
KHARKIV = Place(mention="Kharkiv", name="Kharkiv", country="Ukraine", iso=804, admin1="Kharkivska",
                latitude=49.9935, longitude=36.2304, geo_precision=1)  # fmt: skip
HTS = Actor("Hayat Tahrir al-Sham", inter=2)
SYRIA_ARMY = Actor("Military Forces of Syria (2000-2024)", inter=1)
RUSSIA = Actor("Military Forces of Russia (2000-)", inter=8)


def _extraction(
    text: str, *, sentence: str, source: str, place: Place | None, day: dt.date | None,
    event_type: str, sub_event_type: str, actor1: Actor | None = None, actor2: Actor | None = None,
    fatalities: int | None = None, claimant: str | None = None, stance: str = "asserted",
    notes: str | None = None, figure: tuple[str, int] | None = None,
) -> Extraction:  # fmt: skip
    digest = hashlib.sha256(text.encode()).hexdigest()
    doc = Document(id=digest[:16], text=text, content_hash=digest, title=f"{source} report",
                   published=day, source=source, url=f"https://example.org/{digest[:6]}")  # fmt: skip
    start = text.index(sentence)
    evidence = Evidence(doc.id, start, start + len(sentence), sentence)
    event = EventRecord(
        document_id=doc.id, event_type=event_type, sub_event_type=sub_event_type,
        disorder_type="Political violence", evidence=evidence, actor1=actor1, actor2=actor2,
        place=place, date=EventDate(day, 1 if day else 3), fatalities=fatalities,
        claimant=claimant, stance=stance, notes=notes,
    )  # fmt: skip
    figures = ()
    if figure:
        figures = (Figure(doc.id, figure[0], figure[1], evidence, qualifier="at least",
                          claimant=claimant, place=place),)  # fmt: skip
    return Extraction(document=doc, events=(event,), figures=figures)


CAPTURE = "Rebels captured Daraa on Friday after clashes with the army, the Observatory said."
CAPTURE_2 = "Opposition fighters took Daraa on Friday after fighting government troops."
PADDING = "Background paragraph. " * 40

EXTRACTIONS = [
    _extraction(
        f"{PADDING}{CAPTURE} At least 12 fighters were killed.", sentence=CAPTURE,
        source="Wire One", place=DARAA, day=dt.date(2024, 12, 6), event_type="Battles",
        sub_event_type="Non-state actor overtakes territory", actor1=HTS, actor2=SYRIA_ARMY,
        fatalities=12, claimant="Syrian Observatory for Human Rights", stance=REPORTED,
        figure=("killed", 12),
    ),
    _extraction(  # the same capture from a second outlet
        f"{CAPTURE_2} Residents celebrated in the streets.", sentence=CAPTURE_2,
        source="Wire Two", place=DARAA, day=dt.date(2024, 12, 6), event_type="Battles",
        sub_event_type="Non-state actor overtakes territory", actor1=HTS, actor2=SYRIA_ARMY,
        fatalities=None,
    ),
    _extraction(
        "Russian shelling hit Kharkiv on Friday, killing three civilians.",
        sentence="Russian shelling hit Kharkiv on Friday, killing three civilians.",
        source="Kyiv Daily", place=KHARKIV, day=dt.date(2024, 5, 10),
        event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        actor1=RUSSIA, actor2=Actor("Civilians (Ukraine)", inter=7), fatalities=3,
        figure=("killed_civilians", 3),
    ),
    _extraction(
        "Army units left Homs on Saturday. <script>alert('x')</script> Turnout was 50% lower.",
        sentence="Army units left Homs on Saturday.", source="Wire One", place=HOMS,
        day=dt.date(2024, 12, 7), event_type="Strategic developments",
        sub_event_type="Non-violent transfer of territory", actor1=SYRIA_ARMY,
        notes="withdrawal reported; 50% of units",
    ),
    _extraction(
        "Protesters gathered somewhere, organisers said.", sentence="Protesters gathered somewhere, organisers said.",
        source="Wire Three", place=None, day=None, event_type="Protests",
        sub_event_type="Peaceful protest", actor1=Actor("Protesters (International)", inter=6),
    ),
]  # fmt: skip


@pytest.fixture
def store(db_url: str):
    with open_store(db_url) as opened:
        for extraction in EXTRACTIONS:
            opened.add_extraction(extraction)
        yield opened


def _no_pipeline():
    raise AssertionError("a read-only test must not build the pipeline")


@pytest.fixture
def client(store: Store) -> TestClient:
    app = create_app(ApiSettings(token=TOKEN), store=store, pipeline_factory=_no_pipeline)
    return TestClient(app)


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def _locations(client: TestClient, **params) -> list[str | None]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return [item["location"] for item in response.json()["items"]]


def assert_error(response, status: int, *words: str) -> dict:
    """Every error has exactly the one shape, whatever produced it."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    for word in words:
        assert word in body["error"], (word, body["error"])
    return body


# --- events ------------------------------------------------------------------------------------


def test_events_list_shape_and_default_order(client: TestClient) -> None:
    response = client.get("/api/events")
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["limit"], body["offset"]) == (5, 100, 0)
    assert [e["location"] for e in body["items"]] == ["Kharkiv", "Daraa", "Daraa", "Homs", None]
    item = body["items"][0]
    for key in ("id", "event_date", "time_precision", "event_type", "sub_event_type", "disorder_type",
                "actor1", "inter1", "actor2", "inter2", "location", "admin1", "country", "latitude",
                "longitude", "geo_precision", "fatalities", "claimant", "stance", "hedged",
                "document_id", "evidence"):  # fmt: skip
        assert key in item, key
    assert item["event_date"] == "2024-05-10" and item["inter1"] == 8 and item["fatalities"] == 3
    assert item["latitude"] == pytest.approx(49.9935)
    daraa = body["items"][1]
    text = EXTRACTIONS[0].document.text
    assert daraa["evidence"]["text"] == CAPTURE
    assert text[daraa["evidence"]["start"] : daraa["evidence"]["end"]] == CAPTURE
    assert (
        daraa["claimant"] == "Syrian Observatory for Human Rights" and daraa["stance"] == "reported"
    )


def test_event_filters(client: TestClient) -> None:
    assert _locations(client, country="syria") == ["Daraa", "Daraa", "Homs"]
    assert _locations(client, admin1="KHARKIVSKA") == ["Kharkiv"]
    assert _locations(client, place="homs") == ["Homs"]
    assert _locations(client, type="Battles") == ["Daraa", "Daraa"]  # event type
    assert _locations(client, type="peaceful protest") == [None]  # or sub-event type
    assert _locations(client, sub_type="Shelling/artillery/missile attack") == ["Kharkiv"]
    assert _locations(client, sub_type="Battles") == []  # sub_type is only the sub-event type
    assert _locations(client, actor="tahrir") == ["Daraa", "Daraa"]
    assert _locations(client, actor="civilians (ukr") == ["Kharkiv"]  # actor 2 too
    assert _locations(client, since="2024-12-07") == ["Homs"]
    assert _locations(client, until="2024-12-06") == ["Kharkiv", "Daraa", "Daraa"]
    assert _locations(client, since="2024-12-06", until="2024-12-06") == ["Daraa", "Daraa"]
    assert _locations(client, bbox="35,32,37,33") == ["Daraa", "Daraa"]
    assert _locations(client, bbox="35.5,30,37,50") == ["Kharkiv", "Daraa", "Daraa", "Homs"]
    assert _locations(client, bbox="170,-10,-170,10") == []  # across the antimeridian
    assert _locations(client, country="Syria", type="Battles", actor="army") == []
    assert _locations(client, country="Syria", actor="syria") == ["Daraa", "Daraa", "Homs"]


def test_text_search(client: TestClient) -> None:
    assert _locations(client, q="OBSERVATORY") == ["Daraa"]  # evidence sentence
    assert _locations(client, q="withdrawal") == ["Homs"]  # notes
    assert _locations(client, q="kharkiv") == ["Kharkiv"]  # location (and evidence)
    assert _locations(client, q="50%") == ["Homs"]  # LIKE wildcards are literal
    assert _locations(client, q="5_%") == []
    assert _locations(client, q="no such words") == []


def test_sorting(client: TestClient) -> None:
    assert _locations(client, sort="-event_date") == ["Homs", "Daraa", "Daraa", "Kharkiv", None]
    by_fatalities = client.get("/api/events", params={"sort": "-fatalities"}).json()["items"]
    assert [e["fatalities"] for e in by_fatalities] == [12, 3, None, None, None]
    ascending = client.get("/api/events", params={"sort": "fatalities"}).json()["items"]
    assert [e["fatalities"] for e in ascending][:2] == [3, 12]


def test_pagination(client: TestClient) -> None:
    everything = _ids(client.get("/api/events"))
    first = client.get("/api/events", params={"limit": 2}).json()
    second = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    last = client.get("/api/events", params={"limit": 2, "offset": 4}).json()
    assert first["total"] == second["total"] == last["total"] == 5
    assert (first["limit"], second["offset"]) == (2, 2)
    pages = [e["id"] for page in (first, second, last) for e in page["items"]]
    assert pages == everything
    assert client.get("/api/events", params={"offset": 99}).json()["items"] == []
    filtered = client.get("/api/events", params={"country": "Syria", "limit": 1}).json()
    assert filtered["total"] == 3 and len(filtered["items"]) == 1


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"limit": 5000}, ["'limit'", "1000"]),
        ({"limit": 0}, ["'limit'"]),
        ({"limit": "ten"}, ["'limit'"]),
        ({"offset": -1}, ["'offset'"]),
        ({"since": "2024-13-45"}, ["'since'", "YYYY-MM-DD"]),
        ({"until": "yesterday"}, ["'until'", "YYYY-MM-DD"]),
        ({"since": "2024-12-08", "until": "2024-12-01"}, ["'since'", "'until'"]),
        ({"bbox": "1,2,3"}, ["'bbox'", "minlon,minlat,maxlon,maxlat"]),
        ({"bbox": "a,b,c,d"}, ["'bbox'"]),
        ({"bbox": "0,50,10,40"}, ["'bbox'"]),
        ({"sort": "date"}, ["'sort'", "-fatalities"]),
    ],
)
def test_bad_event_parameters(client: TestClient, params: dict, words: list[str]) -> None:
    assert_error(client.get("/api/events", params=params), 400, *words)


def test_page_size_limit_applies_to_every_list(client: TestClient) -> None:
    for path in ("/api/events", "/api/documents", "/api/actors", "/api/figures"):
        assert_error(client.get(path, params={"limit": 5000}), 400, "'limit'")
        assert client.get(path, params={"limit": 1000}).status_code == 200


def test_one_event_with_all_its_sources(client: TestClient, store: Store) -> None:
    from warwatch.resolve import service

    service.rebuild(store)  # the sources of an event are the records of its incident
    [first, _second] = client.get("/api/events", params={"place": "Daraa"}).json()["items"]
    response = client.get(f"/api/events/{first['id']}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["id"] == first["id"] and detail["evidence"] == first["evidence"]
    sources = detail["sources"]
    assert [s["source"] for s in sources] == ["Wire One", "Wire Two"]  # its own record first
    own, other = sources
    assert own["event_id"] == first["id"] and own["stance"] == "reported"
    assert own["claimant"] == "Syrian Observatory for Human Rights"
    assert own["title"] == "Wire One report" and own["url"].startswith("https://example.org/")
    assert own["published"] == "2024-12-06"
    assert own["evidence"]["text"] == CAPTURE and other["evidence"]["text"] == CAPTURE_2
    excerpt, offset = own["document_text_excerpt"], own["excerpt_start"]
    assert CAPTURE in excerpt and len(excerpt) < len(EXTRACTIONS[0].document.text)
    assert offset > 0  # the long padding before the sentence is cut
    rel = own["evidence"]["start"] - offset
    assert excerpt[rel : rel + len(CAPTURE)] == CAPTURE
    assert other["document_text_excerpt"] == EXTRACTIONS[1].document.text  # short: all of it
    # the Kharkiv event has one source
    kharkiv = client.get("/api/events", params={"place": "Kharkiv"}).json()["items"][0]
    assert len(client.get(f"/api/events/{kharkiv['id']}").json()["sources"]) == 1


def test_unknown_event_is_404(client: TestClient) -> None:
    assert_error(client.get("/api/events/999999"), 404, "999999")
    assert_error(client.get("/api/events/abc"), 400, "'event_id'")


# --- documents, actors, figures, control, claims -----------------------------------------------


def test_documents(client: TestClient) -> None:
    body = client.get("/api/documents", params={"limit": 2}).json()
    assert body["total"] == 5 and len(body["items"]) == 2
    assert "text" not in body["items"][0]
    ids = [d["id"] for d in client.get("/api/documents").json()["items"]]
    assert sorted(ids) == sorted(e.document.id for e in EXTRACTIONS)
    homs = EXTRACTIONS[3].document
    detail = client.get(f"/api/documents/{homs.id}").json()
    assert detail["text"] == homs.text  # stored text, as plain JSON text (script tag included)
    assert detail["source"] == "Wire One" and detail["text_length"] == len(homs.text)
    assert_error(client.get("/api/documents/nope"), 404, "nope")


def test_actors(client: TestClient) -> None:
    body = client.get("/api/actors").json()
    counts = {(a["name"], a["inter"]): a["events"] for a in body["items"]}
    assert counts[("Hayat Tahrir al-Sham", 2)] == 2
    assert counts[("Military Forces of Syria (2000-2024)", 1)] == 3  # actor 2 twice, actor 1 once
    assert counts[("Civilians (Ukraine)", 7)] == 1
    assert body["total"] == len(counts) == 5
    assert body["items"][0]["name"] == "Military Forces of Syria (2000-2024)"  # most events first
    assert [
        a["name"] for a in client.get("/api/actors", params={"q": "russia"}).json()["items"]
    ] == ["Military Forces of Russia (2000-)"]
    assert len(client.get("/api/actors", params={"limit": 2}).json()["items"]) == 2


def test_figures(client: TestClient) -> None:
    body = client.get("/api/figures").json()
    assert body["total"] == 2
    assert {(f["kind"], f["value"]) for f in body["items"]} == {
        ("killed", 12),
        ("killed_civilians", 3),
    }
    killed = client.get("/api/figures", params={"kind": "killed"}).json()["items"]
    assert [f["value"] for f in killed] == [12] and killed[0]["evidence"]["text"] == CAPTURE
    assert killed[0]["qualifier"] == "at least"
    assert client.get("/api/figures", params={"country": "Ukraine"}).json()["total"] == 1


def test_control_and_claims_come_from_the_resolved_incidents(
    client: TestClient, store: Store
) -> None:
    from warwatch.resolve import service

    service.rebuild(store)
    body = client.get("/api/control", params={"at": "2024-12-07", "country": "Syria"}).json()
    daraa = [c for c in body["items"] if c["place"] == "Daraa"]
    assert body["total"] == len(body["items"]) and len(daraa) == 1
    assert daraa[0]["controller"] == "Hayat Tahrir al-Sham" and daraa[0]["since"] == "2024-12-06"
    assert {"admin1", "country", "latitude", "longitude", "status", "sources", "evidence"} <= set(
        daraa[0]
    )
    before = client.get("/api/control", params={"at": "2024-12-01", "country": "Syria"}).json()
    assert not [c for c in before["items"] if c["place"] == "Daraa"]
    assert daraa[0]["level"] in {"claimed", "assessed", "contested"} and daraa[0]["level_reason"]
    history = client.get("/api/control/history", params={"place": "daraa"}).json()
    assert history["total"] == len(history["items"]) >= 1
    first = history["items"][0]
    assert (first["change"], first["controller"]) == ("first report", "Hayat Tahrir al-Sham")
    assert first["date"] >= "2024-12-06" and first["time_precision"] and first["evidence"]
    assert client.get("/api/control/history", params={"place": "Nowhere"}).json()["total"] == 0
    assert client.get("/api/control/history").status_code == 400
    claims = client.get("/api/claims").json()
    assert claims["total"] == len(claims["items"]) >= 4
    assert any(c["claimant"] == "Syrian Observatory for Human Rights" for c in claims["items"])
    assert client.get("/api/claims", params={"contradictions": "true"}).json()["items"] == []
    assert_error(client.get("/api/control", params={"at": "soon"}), 400, "'at'")


def test_report_page_is_the_situation_report_with_its_map(client: TestClient, store: Store) -> None:
    from warwatch.resolve import service

    service.rebuild(store)
    page = client.get("/report", params={"since": "2024-12-01", "until": "2024-12-31"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for heading in ("Control changes with evidence levels", "New contradictions",
                    "Tallies beside claimed totals", "Map"):  # fmt: skip
        assert f">{heading}</h2>" in page.text
    assert "<svg" in page.text and "<script" not in page.text and "Daraa" in page.text
    earlier = client.get("/report", params={"until": "2024-11-01"}).text
    assert "No change of control or evidence level." in earlier
    assert_error(client.get("/report", params={"since": "2024-12-31", "until": "2024-12-01"}), 400)


def test_health(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["ok"] is True and body["counts"]["events"] == 5 and body["writes_enabled"] is True


# --- writes: token, body limit, ingest ----------------------------------------------------------


def test_write_without_configured_token_is_refused(store: Store) -> None:
    app = create_app(
        ApiSettings(token=None, token_env="MY_TOKEN"), store=store, pipeline_factory=_no_pipeline
    )
    client = TestClient(app)
    body = assert_error(
        client.post("/api/documents", json={"text": "x"}, headers=AUTH), 403, "MY_TOKEN"
    )
    assert "writes are disabled" in body["error"]
    assert client.get("/api/health").json()["writes_enabled"] is False


def test_write_needs_the_right_token(client: TestClient) -> None:
    missing = client.post("/api/documents", json={"text": "Shelling hit Kharkiv."})
    assert_error(missing, 401, "Authorization: Bearer")
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/api/documents", json={"text": "Shelling hit Kharkiv."},
                        headers={"Authorization": "Bearer nope"})  # fmt: skip
    assert_error(wrong, 401, "wrong token")
    basic = client.post(
        "/api/documents", json={"text": "x"}, headers={"Authorization": "Basic abc"}
    )
    assert basic.status_code == 401


def test_oversized_body_is_413(store: Store) -> None:
    app = create_app(
        ApiSettings(token=TOKEN, max_body_bytes=1000), store=store, pipeline_factory=_no_pipeline
    )
    client = TestClient(app)
    big = json.dumps({"text": "word " * 1000})
    assert_error(client.post("/api/documents", content=big, headers={**AUTH, "Content-Type": "application/json"}),
                 413, "1,000 bytes")  # fmt: skip

    def chunks():  # no Content-Length: counted while streaming
        for _ in range(10):
            yield b" " * 200

    streamed = client.post(
        "/api/documents", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
    )
    assert "content-length" not in {k.lower() for k in streamed.request.headers}
    assert_error(streamed, 413)
    assert store.counts()["documents"] == 5


def test_default_body_limit_is_5_mb(client: TestClient) -> None:
    big = b'{"text": "' + b"a" * (5 * 1024 * 1024) + b'"}'
    assert_error(
        client.post(
            "/api/documents", content=big, headers={**AUTH, "Content-Type": "application/json"}
        ),
        413,
    )


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({}, ['"text"', '"documents"']),
        ({"text": "a", "documents": [{"text": "b"}]}, ['"text"']),
        ({"documents": []}, ["empty"]),
        ({"documents": [{"title": "no text"}]}, ["'documents.0.text'", "Field required"]),
        ({"text": 5}, ["'text'"]),
        ({"text": "   "}, ["empty report"]),
        ({"text": "A strike hit Daraa.", "published": "not a date"}, ["not a date"]),
    ],
)
def test_bad_ingest_bodies_are_400(client: TestClient, body: dict, words: list[str]) -> None:
    assert_error(client.post("/api/documents", json=body, headers=AUTH), 400, *words)


def test_malformed_json_is_400(client: TestClient) -> None:
    response = client.post(
        "/api/documents", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}
    )
    assert_error(response, 400, "request body")


def test_ingest_one_document_and_a_batch(db_url: str, pipeline) -> None:
    with open_store(db_url) as store:
        app = create_app(ApiSettings(token=TOKEN), store=store, pipeline_factory=lambda: pipeline)
        client = TestClient(app)
        one = {"text": "Rebel fighters captured the city of Daraa on Friday, the Syrian Observatory said.",
               "published": "2024-12-07", "source": "Wire Four", "title": "Daraa falls", "id": "w4-1",
               "url": "https://example.org/w4"}  # fmt: skip
        response = client.post("/api/documents", json=one, headers=AUTH)
        assert response.status_code == 201, response.text
        summary = response.json()
        assert summary["ok"] is True
        assert (summary["documents_read"], summary["documents_added"], summary["failed"]) == (
            1,
            1,
            0,
        )
        assert summary["events_added"] >= 1
        [doc_id] = summary["document_ids"]
        stored = client.get(f"/api/documents/{doc_id}").json()
        assert (stored["title"], stored["source"], stored["external_id"]) == (
            "Daraa falls",
            "Wire Four",
            "w4-1",
        )
        assert stored["published"] == "2024-12-07"
        events = client.get("/api/events", params={"q": "captured the city"}).json()["items"]
        assert events and all(e["document_id"] == doc_id for e in events)

        batch = {"documents": [
            one,  # already stored: skipped
            {"text": "Russian shelling killed two civilians in Kharkiv on Monday.", "published": "2024-05-13"},
            {"text": "  "},  # unreadable: reported, the batch goes on
        ]}  # fmt: skip
        response = client.post("/api/documents", json=batch, headers=AUTH)
        assert response.status_code == 201, response.text
        summary = response.json()
        assert (
            summary["documents_read"],
            summary["documents_added"],
            summary["documents_skipped"],
        ) == (2, 1, 1)
        assert summary["failed"] == 1 and summary["failures"][0]["stage"] == "ingest"
        assert "empty report" in summary["failures"][0]["message"]
        assert client.get("/api/documents").json()["total"] == 2
        assert store.failures()[0].code == "input_error"


# --- the error shape everywhere, the schema, the docs ----------------------------------------------


def test_error_shape_for_unknown_routes_methods_and_crashes(store: Store) -> None:
    app = create_app(ApiSettings(token=TOKEN), store=store, pipeline_factory=_no_pipeline)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    client = TestClient(app, raise_server_exceptions=False)
    assert_error(client.get("/api/nothing-here"), 404, "/api/nothing-here")
    method = assert_error(client.delete("/api/events"), 405, "DELETE", "GET")
    assert method["error"].startswith("method not allowed")
    assert_error(client.put("/api/documents", json={}), 405)
    crash = assert_error(client.get("/api/boom"), 500, "RuntimeError")
    assert "kaboom" not in crash["error"]  # internals stay in the server log


def test_database_errors_are_500_with_the_shape(store: Store) -> None:
    app = create_app(ApiSettings(token=TOKEN), store=store, pipeline_factory=_no_pipeline)
    client = TestClient(app, raise_server_exceptions=False)
    store.close()  # every read now raises StoreError
    assert_error(client.get("/api/events"), 500, "database error", "closed")


def test_openapi_lists_every_route(store: Store) -> None:
    app = create_app(ApiSettings(token=TOKEN), store=store, pipeline_factory=_no_pipeline)
    schema = TestClient(app).get("/openapi.json").json()
    paths = schema["paths"]
    expected = {
        "/api/health": {"get"},
        "/api/events": {"get"},
        "/api/events/{event_id}": {"get"},
        "/api/documents": {"get", "post"},
        "/api/documents/{document_id}": {"get"},
        "/api/actors": {"get"},
        "/api/figures": {"get"},
        "/api/control": {"get"},
        "/api/control/history": {"get"},
        "/api/claims": {"get"},
        "/api/incidents": {"get"},
        "/api/incidents/{incident_id}": {"get"},
        "/api/tallies": {"get"},
        "/api/report": {"get"},
        "/api/failures": {"get"},
    }
    api_paths = {path: set(ops) for path, ops in paths.items() if path.startswith("/api/")}
    assert api_paths == expected
    from warwatch.api import picture, routes

    declared: dict[str, set[str]] = {}
    from warwatch.api import control_routes

    for route in [
        *routes.router.routes,
        *picture.router.routes,
        *control_routes.router.routes,
    ]:  # every route the API declares is in the schema
        declared.setdefault(route.path, set()).update(m.lower() for m in route.methods)
    assert declared == expected
    post = paths["/api/documents"]["post"]
    assert {"401", "403", "413"} <= set(post["responses"])
    assert post["security"] == [{"HTTPBearer": []}]
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert names == {"country", "admin1", "place", "type", "sub_type", "actor", "since", "until",
                     "bbox", "q", "min_confidence", "sort", "limit", "offset", "cursor",
                     "exact_total"}  # fmt: skip


def test_docs_page_works_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    assets = [
        part.split('"')[0]
        for part in page.text.split('="')[1:]
        if part.startswith("/") and "." in part.split('"')[0]
    ]
    assets = [a for a in assets if a.endswith((".js", ".css"))]
    assert len(assets) >= 2
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 1000, asset


# --- the command -----------------------------------------------------------------------------------


def test_serve_command_passes_token_and_database(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from warwatch.cli import app as cli

    seen = {}

    def fake_run(app, host, port, log_level):
        seen.update(app=app, host=host, port=port)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    url = f"sqlite:///{tmp_path / 'served.db'}"
    result = CliRunner().invoke(
        cli,
        ["serve", "--db", url, "--port", "8123", "--token-env", "MY_TOKEN"],
        env={"MY_TOKEN": "tok"},
    )
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8123)
    client = TestClient(seen["app"])
    assert client.get("/api/health").json()["writes_enabled"] is True
    assert (
        client.post(
            "/api/documents", json={"text": "x"}, headers={"Authorization": "Bearer no"}
        ).status_code
        == 401
    )
    result = CliRunner().invoke(
        cli, ["serve", "--db", url, "--host", "0.0.0.0"], env={"WARWATCH_TOKEN": ""}
    )
    assert result.exit_code == 0, result.output
    assert "writes are disabled" in result.output and "open to anyone" in result.output
    assert TestClient(seen["app"]).get("/api/health").json()["writes_enabled"] is False
    bad = CliRunner().invoke(cli, ["serve", "--db", "nosuchdb://x"])
    assert bad.exit_code == 2 and "cannot open database URL" in bad.output

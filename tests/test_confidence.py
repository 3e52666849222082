"""The typer's confidence on stored events: stored, filtered (store, CLI, REST), exported."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from warwatch.api import ApiSettings, create_app
from warwatch.cli import app as cli_app
from warwatch.errors import InputError
from warwatch.export import write_geojson, write_jsonl
from warwatch.records import Document, EventDate, EventRecord, Evidence, Extraction, Place
from warwatch.store import open_store
from warwatch.store.query import Query

HOMS = Place(mention="Homs", name="Homs", country="Syria", iso=760, admin1="Homs",
             latitude=34.7324, longitude=36.7137, geo_precision=1)  # fmt: skip


def _extraction(sentence: str, confidence: float | None) -> Extraction:
    digest = hashlib.sha256(sentence.encode()).hexdigest()
    doc = Document(id=digest[:16], text=sentence, content_hash=digest, source="Wire",
                   published=dt.date(2024, 12, 7))  # fmt: skip
    event = EventRecord(
        document_id=doc.id, event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike", disorder_type="Political violence",
        evidence=Evidence(doc.id, 0, len(sentence), sentence), place=HOMS,
        date=EventDate(dt.date(2024, 12, 6), 1), confidence=confidence,
    )  # fmt: skip
    return Extraction(document=doc, events=(event,))


SURE = _extraction("Warplanes struck Homs on Friday.", 0.93)
UNSURE = _extraction("Something hit a building in Homs on Friday.", 0.41)
UNSCORED = _extraction("An air strike was reported in Homs on Friday.", None)


@pytest.fixture
def store(db_url: str):
    with open_store(db_url) as opened:
        for extraction in (SURE, UNSURE, UNSCORED):
            opened.add_extraction(extraction)
        yield opened


def _texts(events) -> list[str]:
    return sorted(e.evidence_text for e in events)


def test_confidence_is_stored_and_filtered(store) -> None:
    by_text = {e.evidence_text: e.confidence for e in store.events()}
    assert by_text == {
        "Warplanes struck Homs on Friday.": pytest.approx(0.93),
        "Something hit a building in Homs on Friday.": pytest.approx(0.41),
        "An air strike was reported in Homs on Friday.": None,
    }
    assert _texts(store.events(min_confidence=0.5)) == ["Warplanes struck Homs on Friday."]
    # the minimum is inclusive, and an unscored event never meets a minimum, even 0
    assert len(store.events(min_confidence=0.41)) == 2
    assert len(store.events(min_confidence=0.0)) == 2
    page = store.events(Query(min_confidence=0.9))
    assert page.total == 1 and page.items[0].confidence == pytest.approx(0.93)
    with pytest.raises(InputError, match="min_confidence"):
        Query(min_confidence=1.2)


def test_confidence_is_exported(store) -> None:
    events = store.events()
    lines = io.StringIO()
    write_jsonl(events, lines)
    records = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert sorted(r["confidence"] is None for r in records) == [False, False, True]
    assert {r["evidence"]["text"]: r["confidence"] for r in records}[
        "Warplanes struck Homs on Friday."
    ] == pytest.approx(0.93)
    geo = io.StringIO()
    write_geojson(events, geo)
    props = [f["properties"] for f in json.loads(geo.getvalue())["features"]]
    assert sorted((p["confidence"] or 0) for p in props) == pytest.approx([0, 0.41, 0.93])


def test_api_min_confidence(store) -> None:
    client = TestClient(create_app(ApiSettings(token="t"), store=store))
    response = client.get("/api/events", params={"min_confidence": 0.4})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert sorted(i["confidence"] for i in items) == pytest.approx([0.41, 0.93])
    everything = client.get("/api/events").json()["items"]
    assert None in [i["confidence"] for i in everything] and len(everything) == 3
    bad = client.get("/api/events", params={"min_confidence": 1.5})
    assert bad.status_code in (400, 422)
    assert "min_confidence" in bad.text


def test_cli_min_confidence(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    with open_store(url) as opened:
        for extraction in (SURE, UNSURE, UNSCORED):
            opened.add_extraction(extraction)
    runner = CliRunner()
    out = tmp_path / "e.jsonl"
    result = runner.invoke(
        cli_app,
        ["export", "-f", "jsonl", "-o", str(out), "--min-confidence", "0.5", "--db", url],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["confidence"] for r in rows] == [pytest.approx(0.93)]
    listed = runner.invoke(cli_app, ["events", "--min-confidence", "0.3", "--db", url])
    assert listed.exit_code == 0, listed.output
    assert "2 events" in listed.output and "0.93" in listed.output and "0.41" in listed.output
    refused = runner.invoke(cli_app, ["events", "--min-confidence", "2", "--db", url])
    assert refused.exit_code != 0 and "--min-confidence" in refused.output

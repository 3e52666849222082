"""End-to-end tests of the ``warwatch`` command, in-process through typer's CliRunner.

Building a :class:`~warwatch.pipeline.Pipeline` takes ~20 s, so every command that would build
one (``ingest``, ``eval``) is handed the session ``pipeline`` fixture instead, and the demo corpus
is ingested once per module into a temporary SQLite file that the read-only tests share. Tests
that write to the database (the bad batch) use their own copy of it.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warwatch.cli import app
from warwatch.ingest import iter_documents
from warwatch.records import Document
from warwatch.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
)
ACLED_EVENT_TYPES = {
    "Battles",
    "Violence against civilians",
    "Explosions/Remote violence",
    "Riots",
    "Protests",
    "Strategic developments",
}


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _invoke(runner: CliRunner, *args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _counts(url: str) -> dict[str, int]:
    with open_store(url) as store:
        return store.counts()


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, shared_pipeline, runner):
    """The demo corpus ingested once: (db url, db path, first --json summary, second summary)."""
    db_path = tmp_path_factory.mktemp("cli") / "w.db"
    url = _url(db_path)
    first = _invoke(runner, "ingest", CORPUS, "--db", url, "--json")
    assert first.exit_code == 0, first.output
    counts_after_first = _counts(url)
    second = _invoke(runner, "ingest", CORPUS, "--db", url, "--json")
    assert second.exit_code == 0, second.output
    return {
        "url": url,
        "path": db_path,
        "first": json.loads(first.stdout),
        "second": json.loads(second.stdout),
        "counts_first": counts_after_first,
        "counts_second": _counts(url),
    }


def _corpus_document_count() -> int:
    items = list(iter_documents([CORPUS]))
    assert all(isinstance(item, Document) for item in items), items
    return len(items)


# --- 1. ingest and idempotent re-ingest -----------------------------------------------------


def test_ingest_corpus_summary(corpus_db):
    n_docs = _corpus_document_count()
    assert n_docs >= 7  # 5 text reports + JSON Lines briefs + feed entries
    first = corpus_db["first"]
    assert first["documents_read"] == n_docs
    assert first["documents_added"] == n_docs
    assert first["documents_skipped"] == 0
    assert first["failed"] == 0 and first["failures"] == []
    assert first["events_added"] > 0
    counts = corpus_db["counts_first"]
    assert counts["documents"] == n_docs
    assert counts["events"] == first["events_added"]
    assert counts["figures"] == first["figures_added"]


def test_reingest_is_idempotent(corpus_db):
    second = corpus_db["second"]
    assert second["documents_added"] == 0
    assert second["events_added"] == 0
    assert second["figures_added"] == 0
    assert second["documents_skipped"] == corpus_db["first"]["documents_added"]
    assert second["failed"] == 0
    assert corpus_db["counts_second"] == corpus_db["counts_first"]


def test_ingest_plain_output_mentions_counts_and_db(shared_pipeline, runner, tmp_path):
    url = _url(tmp_path / "plain.db")
    result = _invoke(runner, "ingest", CORPUS / "01-syria-daraa.txt", "--db", url, "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # --quiet: nothing on stdout
    assert _counts(url)["documents"] == 1
    result = _invoke(runner, "ingest", CORPUS / "01-syria-daraa.txt", "--db", url)
    assert result.exit_code == 0, result.output
    assert "0 documents added, 1 already stored, 0 failed" in result.stdout
    assert url in result.stdout


# --- 2. a batch with failing inputs ---------------------------------------------------------


@pytest.fixture()
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "bad"
    folder.mkdir()
    empty = folder / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = folder / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    latin1 = folder / "latin1.txt"
    french = "Des combattants ont pris le contrôle de Deraa, a déclaré l'OSDH."
    latin1.write_bytes(french.encode("latin-1"))
    pdf = folder / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    missing = folder / "does-not-exist.txt"
    good = folder / "good.txt"
    good.write_text(
        "Published: 2024-03-12\nSource: Example Wire\n\n"
        "Sudanese Armed Forces shelled a market in Omdurman on Monday, killing 9 civilians, "
        "local activists said.\n",
        encoding="utf-8",
    )
    return {
        "empty": empty,
        "binary": binary,
        "latin1": latin1,
        "pdf": pdf,
        "missing": missing,
        "good": good,
    }


def test_bad_batch_reports_failures_and_keeps_data(
    corpus_db, shared_pipeline, runner, tmp_path, bad_inputs
):
    db_path = tmp_path / "copy.db"
    shutil.copy(corpus_db["path"], db_path)
    url = _url(db_path)
    before = _counts(url)
    with open_store(url) as store:
        events_before = {(e.record_key, e.document_id) for e in store.events()}
        documents_before = {d.id for d in store.documents()}

    bad = [bad_inputs[k] for k in ("empty", "binary", "latin1", "pdf", "missing")]
    result = _invoke(runner, "ingest", *bad, bad_inputs["good"], "--db", url, "--json")
    assert result.exit_code == 0, result.output  # some inputs succeeded
    summary = json.loads(result.stdout)
    assert summary["documents_added"] == 1
    assert summary["failed"] == len(summary["failures"])
    failed_inputs = {f["input"] for f in summary["failures"]}
    for path in bad:
        assert str(path) in failed_inputs, (path, summary["failures"])
    assert str(bad_inputs["good"]) not in failed_inputs
    for failure in summary["failures"]:
        assert failure["stage"] == "ingest"
        assert failure["code"] == "input_error"
    reasons = {f["input"]: f["message"].lower() for f in summary["failures"]}
    assert "empty" in reasons[str(bad_inputs["empty"])]
    assert "utf-8" in reasons[str(bad_inputs["latin1"])]
    assert "no such file" in reasons[str(bad_inputs["missing"])]
    for kind in ("binary", "pdf"):
        reason = reasons[str(bad_inputs[kind])]
        assert "unsupported format" in reason or "binary" in reason, reason

    after = _counts(url)
    assert after["documents"] == before["documents"] + 1
    assert after["events"] == before["events"] + summary["events_added"]
    assert after["figures"] == before["figures"] + summary["figures_added"]
    assert after["failures"] == before["failures"] + len(summary["failures"])
    with open_store(url) as store:
        assert events_before <= {(e.record_key, e.document_id) for e in store.events()}
        documents = store.documents()
        assert documents_before <= {d.id for d in documents}
        new = [d for d in documents if d.id not in documents_before]
        assert len(new) == 1
        assert new[0].origin == str(bad_inputs["good"])
        assert "Omdurman" in new[0].text

    listed = _invoke(runner, "failures", "--db", url)
    assert listed.exit_code == 0, listed.output
    for path in bad:
        assert f"{path}:" in listed.stdout
    assert listed.stdout.rstrip().endswith(f"{after['failures']} failures")


def test_all_failed_batch_exits_1(shared_pipeline, runner, tmp_path, bad_inputs):
    url = _url(tmp_path / "none.db")
    result = _invoke(runner, "ingest", bad_inputs["empty"], bad_inputs["missing"], "--db", url)
    assert result.exit_code == 1
    # each failure is named on stderr, with the plain summary on stdout
    stderr_lines = result.stderr.splitlines()
    for path in (bad_inputs["empty"], bad_inputs["missing"]):
        assert any(line.startswith(f"failed {path}: ") for line in stderr_lines), result.stderr
    assert "0 documents added, 0 already stored, 2 failed" in result.stdout
    assert _counts(url)["documents"] == 0
    assert _counts(url)["failures"] == 2


# --- 3. --published with an unparseable date ------------------------------------------------


def test_bad_published_date_exits_2(shared_pipeline, runner, tmp_path):
    db_path = tmp_path / "pub.db"
    result = _invoke(
        runner,
        "ingest",
        CORPUS / "01-syria-daraa.txt",
        "--published",
        "the thirty-second of Smarch",
        "--db",
        _url(db_path),
    )
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert "\n" not in message, message  # one line, even past 80 columns
    assert "the thirty-second of Smarch" in message
    assert result.stdout == ""
    # nothing stored: the database was never even created
    assert not db_path.exists()


# --- 4. ACLED CSV export --------------------------------------------------------------------


def test_export_acled_csv(corpus_db, runner, tmp_path):
    url = corpus_db["url"]
    result = _invoke(runner, "export", "--format", "acled-csv", "--db", url)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == ACLED_HEADER
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == corpus_db["counts_first"]["events"]
    for row in rows:
        assert row["event_type"] in ACLED_EVENT_TYPES, row
        assert None not in row  # no row longer than the header
        assert all(value is not None for value in row.values())  # nor shorter
    assert len({row["event_id_cnty"] for row in rows}) == len(rows)

    out = tmp_path / "events.csv"
    written = _invoke(runner, "export", "-f", "acled-csv", "-o", out, "--db", url)
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    assert f"wrote {len(rows)} events" in written.stderr
    assert out.read_text(encoding="utf-8") == result.stdout


def test_export_country_filter(corpus_db, runner):
    result = _invoke(runner, "export", "--country", "Syria", "--db", corpus_db["url"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    assert {row["country"] for row in rows} == {"Syria"}


# --- 5. GeoJSON and JSON Lines --------------------------------------------------------------


def test_export_geojson(corpus_db, runner):
    result = _invoke(runner, "export", "--format", "geojson", "--db", corpus_db["url"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["type"] == "FeatureCollection"
    assert data["features"]
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        # [lon, lat] order, consistent with the ACLED properties
        assert lon == pytest.approx(float(feature["properties"]["longitude"]))
        assert lat == pytest.approx(float(feature["properties"]["latitude"]))
        assert feature["properties"]["event_type"] in ACLED_EVENT_TYPES


def test_export_jsonl_evidence_matches_stored_text(corpus_db, runner):
    url = corpus_db["url"]
    result = _invoke(runner, "export", "--format", "jsonl", "--db", url)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == corpus_db["counts_first"]["events"]
    with open_store(url) as store:
        for line in lines:
            record = json.loads(line)
            for key in ("document_ids", "claimant", "stance", "evidence"):
                assert key in record, key
            assert isinstance(record["document_ids"], list) and record["document_ids"]
            evidence = record["evidence"]
            start, end = evidence["start"], evidence["end"]
            assert 0 <= start < end
            document = store.document(evidence["document_id"])
            assert document is not None
            assert document.text[start:end] == evidence["text"]


# --- 6. events table -------------------------------------------------------------------------


def test_events_country_filter(corpus_db, runner):
    url = corpus_db["url"]
    with open_store(url) as store:
        n_ukraine = len(store.events(country="Ukraine"))
    assert n_ukraine > 0
    result = _invoke(runner, "events", "--country", "Ukraine", "--db", url)
    assert result.exit_code == 0, result.output
    assert "Ukraine" in result.stdout
    assert "Syria" not in result.stdout
    assert result.stdout.rstrip().endswith(f"{n_ukraine} events")

    everything = _invoke(runner, "events", "--db", url)
    assert "Syria" in everything.stdout  # the filter removed something real


def test_events_bad_since(corpus_db, runner, tmp_path):
    result = _invoke(runner, "events", "--since", "last tuesday", "--db", corpus_db["url"])
    assert result.exit_code != 0
    assert "last tuesday" in result.output
    assert "--since" in result.output
    assert "events" not in result.stdout  # no table, no count

    # a bad date is refused before a database is opened, so none is created
    fresh = tmp_path / "fresh.db"
    for command, option in (("events", "--until"), ("export", "--since")):
        refused = _invoke(runner, command, option, "2024-02-30", "--db", _url(fresh))
        assert refused.exit_code == 2
        assert "2024-02-30" in refused.output and option in refused.output
        assert not fresh.exists()


def test_events_since_filters(corpus_db, runner):
    url = corpus_db["url"]
    with open_store(url) as store:
        dates = sorted(e.event_date for e in store.events() if e.event_date)
    assert len(set(dates)) > 1
    latest = dates[-1]
    result = _invoke(runner, "events", "--since", latest.isoformat(), "--db", url)
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith(f"{dates.count(latest)} events")


# --- 7. figures -----------------------------------------------------------------------------


def test_figures_json(corpus_db, runner):
    result = _invoke(runner, "figures", "--format", "json", "--db", corpus_db["url"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    assert len(records) == corpus_db["counts_first"]["figures"]
    assert records
    for record in records:
        for key in ("kind", "value", "claimant", "evidence"):
            assert key in record
        assert isinstance(record["kind"], str) and record["kind"]
        assert isinstance(record["value"], int) and record["value"] >= 0
        assert record["evidence"]


# --- 8. eval --------------------------------------------------------------------------------


GOLD = [
    {
        "id": "cli-gold-1",
        "text": "On 4 March 2024, Russian forces shelled the city of Kharkiv, killing three "
        "civilians, the regional governor said.",
        "published": "2024-03-05",
        "source": "Example Wire",
        "gold": {
            "events": [
                {
                    "event_type": "Explosions/Remote violence",
                    "sub_event_type": "Shelling/artillery/missile attack",
                    "event_date": "2024-03-04",
                    "actor1": "Military Forces of Russia (2000-)",
                    "location": "Kharkiv",
                    "country": "Ukraine",
                    "fatalities": 3,
                }
            ]
        },
    },
    {
        "id": "cli-gold-2",
        "text": "Thousands of people protested peacefully in Nairobi on 25 June 2024 against a "
        "finance bill, witnesses said.",
        "published": "2024-06-25",
        "gold": {
            "events": [
                {
                    "event_type": "Protests",
                    "sub_event_type": "Peaceful protest",
                    "event_date": "2024-06-25",
                    "location": "Nairobi",
                    "country": "Kenya",
                }
            ]
        },
    },
    {
        "id": "cli-gold-3",
        "text": "The weather in Lisbon was mild on Sunday and the city's markets were busy.",
        "published": "2024-05-12",
        "gold": {"events": []},
    },
]


def test_eval_tiny_gold(shared_pipeline, runner, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(doc) + "\n" for doc in GOLD), encoding="utf-8")
    result = _invoke(runner, "eval", gold)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("documents 3 (events 3,")
    assert "gold events 2" in result.stdout
    lines = result.stdout.splitlines()
    assert any(line.split()[:1] == ["detection"] for line in lines)
    assert any(line.split()[:1] == ["event_type"] for line in lines)

    as_json = _invoke(runner, "eval", gold, "--json")
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(as_json.stdout)
    assert report["documents"] == 3
    assert report["gold_events"] == 2


def test_eval_missing_file(shared_pipeline, runner, tmp_path):
    missing = tmp_path / "no-such-gold.jsonl"
    result = _invoke(runner, "eval", missing)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith("error (eval_error):")
    assert str(missing) in message
    assert result.stdout == ""


# --- 9. --help of every command --------------------------------------------------------------


HELP_OPTIONS = {
    "ingest": [
        "--published",
        "--source",
        "--db",
        "--workers",
        "--executor",
        "--scheduler",
        "--quiet",
        "--json",
    ],
    "events": ["--country", "--since", "--until", "--type", "--place", "--limit", "--db"],
    "export": ["--format", "--output", "--country", "--since", "--until", "--db"],
    "figures": ["--kind", "--country", "--format", "--db"],
    "failures": ["--db"],
    "eval": ["--split", "--limit", "--json", "--workers"],
    "serve": ["--db", "--host", "--port", "--token-env"],
}


HELP_ENV = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}  # no wrapping, no colour codes


@pytest.mark.parametrize("command", sorted(HELP_OPTIONS))
def test_help(runner, command):
    result = runner.invoke(app, [command, "--help"], env=HELP_ENV)
    assert result.exit_code == 0, result.output
    assert f"Usage: warwatch {command} [OPTIONS]" in result.output
    for option in HELP_OPTIONS[command]:
        assert option in result.output, (command, option)


def test_top_level_help_lists_commands(runner):
    result = runner.invoke(app, ["--help"], env=HELP_ENV)
    assert result.exit_code == 0, result.output
    for command in HELP_OPTIONS:
        assert command in result.output


def test_place_shows_how_a_name_resolves(runner):
    result = _invoke(runner, "place", "Deir el-Zour")
    assert result.exit_code == 0
    assert (
        "Deir ez-Zor (city), Deir-ez-Zor, Syria" in result.output
        and "geo_precision 1" in result.output
    )
    result = _invoke(runner, "place", "Cordoba", "--in", "Cordoba", "--candidates", "--json")
    data = json.loads(result.output)
    assert data["place"]["country"] == "Argentina" and data["place"]["feature"] == "city"
    assert {c["country"] for c in data["candidates"]} >= {"Argentina", "Spain", "Colombia"}
    result = _invoke(runner, "place", "Toledo", "--country", "Spain")
    assert "Castilla-La Mancha, Spain" in result.output


def test_place_unknown_to_the_gazetteer_exits_1_and_says_what_to_do(runner):
    result = _invoke(runner, "place", "Xqzvillebrook")
    assert result.exit_code == 1
    assert "not in the gazetteer" in result.output and "warwatch places import" in result.output

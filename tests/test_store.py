"""The store: real SQLite databases (in memory and on disk), built from hand-made records."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import warnings
from contextlib import closing

import pytest
from conftest import reset_postgres
from sqlalchemy import create_engine, insert, inspect, text
from sqlalchemy.exc import IntegrityError

from warwatch.errors import StoreError
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
from warwatch.store import AddResult, Store, StoredEvent, migrate, open_store, rows
from warwatch.store.models import FigureRow

DARAA = Place(
    mention="Daraa", name="Daraa", feature="city", country="Syria", iso=760, iso2="SY",
    admin1="Daraa", latitude=32.6189, longitude=36.1021, geo_precision=1, geonameid=170592,
)  # fmt: skip
KHARKIV = Place(
    mention="Kharkiv", name="Kharkiv", feature="city", country="Ukraine", iso=804, iso2="UA",
    admin1="Kharkivska", latitude=49.9935, longitude=36.2304, geo_precision=1,
)  # fmt: skip

HEAD = "0009_case_insensitive_indexes"  # the newest migration


def make_extraction(text_: str, *, place: Place, day: dt.date, external_id: str | None = None,
                    event_type: str = "Explosions/Remote violence",
                    sub_event_type: str = "Air/drone strike") -> Extraction:  # fmt: skip
    digest = hashlib.sha256(text_.encode()).hexdigest()
    doc = Document(
        id=digest[:16], text=text_, content_hash=digest, title="Report", published=day,
        source="Example News", url="https://example.org/a", external_id=external_id,
        origin="reports.jsonl:1", format="jsonl",
    )  # fmt: skip
    sentence = text_.split(". ")[0] + "."
    evidence = Evidence(doc.id, 0, len(sentence), sentence)
    event = EventRecord(
        document_id=doc.id, event_type=event_type, sub_event_type=sub_event_type,
        disorder_type="Political violence", evidence=evidence,
        actor1=Actor("Military Forces of Russia (2000-)", inter=8),
        actor2=Actor("Civilians (Syria)", inter=7),
        assoc_actor_1=(Actor("Military Forces of Syria (2024-)", inter=1), Actor("Hezbollah", 2)),
        place=place, other_places=(Place(mention="Damascus", role="origin"),),
        date=EventDate(day, 1, "on Monday"), fatalities=4, civilian_fatalities=4,
        civilian_targeting=True, claimant="Syrian Observatory for Human Rights", stance=REPORTED,
        hedged=True, trigger="strike", plover="ASSAULT",
    )  # fmt: skip
    figure = Figure(
        document_id=doc.id, kind="killed", value=4, evidence=evidence, qualifier="at least",
        claimant="Syrian Observatory for Human Rights", place=place,
    )  # fmt: skip
    return Extraction(document=doc, events=(event,), figures=(figure,))


@pytest.fixture
def store(db_url: str):
    """An empty store, once on SQLite and once (marked ``postgres``) on PostgreSQL."""
    with open_store(db_url) as opened:
        yield opened


@pytest.fixture
def syria() -> Extraction:
    return make_extraction(
        "A Russian air strike hit Daraa on Monday, killing at least four civilians. More later.",
        place=DARAA, day=dt.date(2024, 3, 4), external_id="ext-1",
    )  # fmt: skip


@pytest.fixture
def ukraine() -> Extraction:
    return make_extraction(
        "Shelling hit Kharkiv on Friday. Officials said damage was heavy.", place=KHARKIV,
        day=dt.date(2024, 5, 10), sub_event_type="Shelling/artillery/missile attack",
    )  # fmt: skip


def test_add_and_read_back(store: Store, syria: Extraction) -> None:
    result = store.add_extraction(syria)
    assert result == AddResult(syria.document.id, True, events_added=1, figures_added=1)
    assert store.has_document(syria.document.content_hash)
    assert not store.has_document("nope")
    [event] = store.events()
    assert isinstance(event, StoredEvent)
    assert event.location == "Daraa" and event.country == "Syria" and event.iso == 760
    assert event.event_date == dt.date(2024, 3, 4) and event.time_precision == 1
    assert event.assoc_actor_1 == "Military Forces of Syria (2024-); Hezbollah"
    assert event.civilian_targeting is True and event.hedged is True and event.stance == "reported"
    assert event.evidence_text.startswith("A Russian air strike") and event.evidence_start == 0
    assert event.other_places[0]["mention"] == "Damascus"
    assert event.other_places[0]["role"] == "origin"
    assert event.document_external_id == "ext-1" and event.document_source == "Example News"
    assert event.document_published == dt.date(2024, 3, 4)
    assert event.document_ingested_at is not None and event.document_ingested_at.tzinfo is not None
    assert len(event.record_key) == 64
    [figure] = store.figures()
    assert (figure.kind, figure.value, figure.qualifier) == ("killed", 4, "at least")
    [doc] = store.documents()
    assert doc.text == syria.document.text and doc.pipeline_version
    assert store.document(syria.document.id) == doc and store.document("missing") is None
    assert store.counts() == {"documents": 1, "events": 1, "figures": 1, "failures": 0}


def test_re_adding_is_idempotent(store: Store, syria: Extraction) -> None:
    store.add_extraction(syria)
    again = store.add_extraction(syria)
    assert again == AddResult(syria.document.id, False, 0, 0)
    assert store.counts()["events"] == 1 and store.counts()["documents"] == 1


def test_duplicate_records_in_one_extraction_stored_once(store: Store, syria: Extraction) -> None:
    doubled = Extraction(syria.document, syria.events * 2, syria.figures * 2)
    result = store.add_extraction(doubled)
    assert (result.events_added, result.figures_added) == (1, 1)


def test_record_key_is_deterministic(syria: Extraction) -> None:
    event = syria.events[0]
    assert rows.event_key(event) == rows.event_key(event)
    moved = EventRecord(**{**event.__dict__, "place": KHARKIV})
    assert rows.event_key(moved) != rows.event_key(event)


def test_records_of_another_document_are_refused(store: Store, syria: Extraction,
                                                 ukraine: Extraction) -> None:  # fmt: skip
    mixed = Extraction(syria.document, ukraine.events)
    with pytest.raises(StoreError, match="refers to document"):
        store.add_extraction(mixed)
    assert store.counts()["documents"] == 0


def test_failure_mid_transaction_rolls_back(store: Store, syria: Extraction, ukraine: Extraction,
                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    store.add_extraction(syria)
    real_figure_row = rows.figure_row

    def broken_figure_row(figure: Figure) -> dict:
        return {**real_figure_row(figure), "kind": None}  # NOT NULL: fails after the event insert

    monkeypatch.setattr(rows, "figure_row", broken_figure_row)
    with pytest.raises(StoreError, match="could not store document") as info:
        store.add_extraction(ukraine)
    assert info.value.code == "store_error"
    assert not store.has_document(ukraine.document.content_hash)
    assert store.counts() == {"documents": 1, "events": 1, "figures": 1, "failures": 0}
    assert [e.location for e in store.events()] == ["Daraa"]
    monkeypatch.setattr(rows, "figure_row", real_figure_row)
    assert store.add_extraction(ukraine).document_added  # a retry succeeds


def test_filters(store: Store, syria: Extraction, ukraine: Extraction) -> None:
    store.add_extraction(ukraine)
    store.add_extraction(syria)
    assert [e.location for e in store.events()] == ["Daraa", "Kharkiv"]  # by date
    assert [e.location for e in store.events(country="syria")] == ["Daraa"]
    assert [e.location for e in store.events(since=dt.date(2024, 4, 1))] == ["Kharkiv"]
    assert [e.location for e in store.events(until=dt.date(2024, 3, 4))] == ["Daraa"]
    assert store.events(since=dt.date(2024, 3, 5), until=dt.date(2024, 5, 9)) == []
    assert [e.location for e in store.events(place="KHARKIVSKA")] == ["Kharkiv"]
    assert [e.location for e in store.events(place="daraa")] == ["Daraa"]
    assert len(store.events(event_type="Explosions/Remote violence")) == 2
    assert store.events(event_type="Battles") == []
    assert [e.location for e in store.events(sub_event_type="Air/drone strike")] == ["Daraa"]
    assert [e.location for e in store.events(limit=1, offset=1)] == ["Kharkiv"]
    assert [e.location for e in store.events(document_id=ukraine.document.id)] == ["Kharkiv"]
    assert [f.location for f in store.figures(country="Ukraine")] == ["Kharkiv"]
    assert store.figures(kind="displaced") == []


def test_undated_and_unplaced_event(store: Store) -> None:
    text_ = "Clashes were reported somewhere."
    digest = hashlib.sha256(text_.encode()).hexdigest()
    doc = Document(id=digest[:16], text=text_, content_hash=digest)
    event = EventRecord(doc.id, "Battles", "Armed clash", "Political violence",
                        Evidence(doc.id, 0, len(text_), text_))  # fmt: skip
    assert store.add_extraction(Extraction(doc, (event,))).events_added == 1
    [stored] = store.events()
    assert stored.event_date is None and stored.location is None and stored.actor1 is None
    assert store.events(since=dt.date(2000, 1, 1)) == []


def test_failures(store: Store) -> None:
    first = store.add_failure("bad.html", "ingest", "input_error", "empty document")
    store.add_failure("x.txt", "extract", "extraction_error", "boom", document_id="abc")
    assert first == 1
    failures = store.failures()
    assert [(f.stage, f.code, f.document_id) for f in failures] == [
        ("ingest", "input_error", None),
        ("extract", "extraction_error", "abc"),
    ]
    assert failures[0].created_at.tzinfo is not None
    assert [f.origin for f in store.failures(stage="extract")] == ["x.txt"]
    assert store.counts()["failures"] == 2


def test_file_database_persists_and_reopens(tmp_path, syria: Extraction) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'w.db'}"
    with open_store(url) as first:
        first.add_extraction(syria)
        assert first.revision == migrate.head_revision()
    with open_store(url) as second:
        assert second.counts()["events"] == 1
        assert second.add_extraction(syria).document_added is False
    with closing(sqlite3.connect(tmp_path / "sub" / "w.db")) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.head_revision(),)
        ]


def test_database_stamped_at_0001_opens_and_upgrades(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    from alembic import command

    engine = migrate.make_engine(url)
    try:
        config = migrate.alembic_config()
        with engine.begin() as conn:  # the schema an older warwatch (0001) created
            config.attributes["connection"] = conn
            command.upgrade(config, "0001")
        assert migrate.current_revision(engine) == "0001"
        assert "incidents" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    with open_store(url) as store:
        assert store.revision == migrate.head_revision() == HEAD
        assert store.counts()["documents"] == 0
        assert store.incident_count() == 0


def test_database_from_a_newer_warwatch_is_refused(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    open_store(url).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="9999"):
        open_store(url)


def _run_every_revision(engine) -> None:
    """Build the schema the slow way: every revision from 0001, as an old database is upgraded."""
    from alembic import command

    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _index_definitions(conn) -> list[tuple[str, str]]:
    """Every index as the database itself defines it, expression indexes included (the
    inspector skips those, with a warning)."""
    if conn.dialect.name == "sqlite":
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    else:
        query = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
    return sorted((name, " ".join(sql.split())) for name, sql in conn.execute(text(query)))


def _schema(engine) -> dict:
    """Everything the inspector sees of each table: columns, keys, indexes, constraints, and
    each index's definition."""
    with engine.connect() as conn, warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        seen = inspect(conn)
        out = {}
        for table in sorted(seen.get_table_names()):
            columns = [
                (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
                for c in seen.get_columns(table)
            ]
            foreign = [
                (f["name"], f["constrained_columns"], f["referred_table"], f["referred_columns"],
                 f.get("options", {}).get("ondelete"))
                for f in seen.get_foreign_keys(table)
            ]  # fmt: skip
            out[table] = {
                "columns": sorted(columns),
                "primary": seen.get_pk_constraint(table)["constrained_columns"],
                "foreign": sorted(foreign, key=str),
                "indexes": sorted(
                    (i["name"], i["column_names"], bool(i["unique"]))
                    for i in seen.get_indexes(table)
                ),
                "unique": sorted(
                    (u["name"], u["column_names"]) for u in seen.get_unique_constraints(table)
                ),
            }
        out["alembic_version"] = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        out["index definitions"] = _index_definitions(conn)
    return out


def test_a_new_database_gets_the_schema_every_revision_builds(db_url, tmp_path) -> None:
    # a new database is created from the models and stamped at head, not migrated step by step
    def build(how, name: str) -> dict:
        url = db_url
        if db_url.startswith("sqlite"):
            url = f"sqlite:///{tmp_path / name}"
        else:
            reset_postgres(db_url)
        engine = migrate.make_engine(url)
        try:
            how(engine)
            return _schema(engine)
        finally:
            engine.dispose()

    fast = build(migrate.upgrade, "models.db")
    slow = build(_run_every_revision, "revisions.db")
    assert fast == slow
    assert fast["alembic_version"] == [(HEAD,)]
    assert {"documents", "events", "incidents", "unmerged_documents"} <= set(fast)


def test_migration_matches_models(tmp_path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from warwatch.store.models import Base

    engine = migrate.make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        _run_every_revision(engine)
        # SQLite's reflection skips expression indexes (with a warning); their definitions are
        # compared by test_a_new_database_gets_the_schema_every_revision_builds.
        with engine.connect() as conn, warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
            warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression")
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            names = set(inspect(conn).get_table_names())
    finally:
        engine.dispose()
    assert diff == []
    assert {"documents", "events", "figures", "failures", "alembic_version"} <= names
    assert {"incidents", "incident_records"} <= names
    assert {"sources", "source_entries"} <= names


def test_migrations_are_shipped_in_the_package() -> None:
    assert (migrate.MIGRATIONS_DIR / "env.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "versions" / "0001_initial.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "versions" / "0002_incidents.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "versions" / "0003_paging_indexes.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "versions" / "0004_live_sources.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "versions" / "0005_event_confidence.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "versions" / "0006_extraction_provenance.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "versions" / "0007_place_geocoding.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "versions" / "0008_unmerged_documents.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "versions" / "0009_case_insensitive_indexes.py").is_file()
    assert migrate.head_revision() == HEAD


def test_bad_url_raises_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open database URL"):
        open_store("nosuchdb://x")


def test_closed_store_raises() -> None:
    store = open_store("sqlite:///:memory:")
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.counts()


def test_foreign_keys_enforced(store: Store, ukraine: Extraction) -> None:
    engine = store._engine
    assert engine is not None
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    orphan = rows.figure_row(ukraine.figures[0])  # its document is not stored
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(FigureRow), [orphan])

"""PostgreSQL-only checks: the migrated schema matches the models, and two processes ingesting
overlapping documents into one database lose and duplicate nothing.

Every test here is marked ``postgres`` and skips, saying why, when ``$WARWATCH_TEST_PG_URL`` is
unset (``.ci/run`` starts a server and sets it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import postgres_url, reset_postgres
from sqlalchemy import create_engine, func, inspect, select

from warwatch.store import migrate, open_store
from warwatch.store.models import Base, DocumentRow, EventRow, FigureRow

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_url() -> str:
    url = postgres_url()
    reset_postgres(url)
    return url


def test_migrations_build_the_models_schema_on_postgres(pg_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with open_store(pg_url) as store:
        assert store.revision == migrate.head_revision()
    with open_store(pg_url) as again:  # reopening an up-to-date database changes nothing
        assert again.revision == migrate.head_revision()
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            uniques = {u["name"] for u in inspect(conn).get_unique_constraints("documents")}
    finally:
        engine.dispose()
    assert "uq_documents_content_hash" in uniques


# One writer process: stores documents ``shared`` (both writers) and ``own`` (this one only), one
# transaction each, through Store.add_extraction, after waiting for the go signal so both race.
WRITER = r"""
import datetime as dt, hashlib, json, os, sys, time
from warwatch.records import Document, EventRecord, Evidence, Extraction, Figure
from warwatch.store import open_store

url, go, numbers = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])

def extraction(n):
    text = f"Report {n}: shelling hit the town on Monday. Two people were killed, officials said."
    digest = hashlib.sha256(text.encode()).hexdigest()
    doc = Document(id=digest[:16], text=text, content_hash=digest, published=dt.date(2024, 1, 1))
    first = Evidence(doc.id, 0, 44, text[:44])
    second = Evidence(doc.id, 45, len(text), text[45:])
    events = tuple(
        EventRecord(doc.id, "Explosions/Remote violence", "Shelling/artillery/missile attack",
                    "Political violence", evidence)
        for evidence in (first, second)
    )
    figure = Figure(doc.id, "killed", 2, second)
    return Extraction(doc, events, (figure,))

work = [extraction(n) for n in numbers]
with open_store(url) as store:
    while not os.path.exists(go):
        time.sleep(0.005)
    added = sum(store.add_extraction(e).document_added for e in work)
print(json.dumps({"added": added}))
"""


def test_two_processes_ingesting_overlapping_documents(pg_url: str, tmp_path: Path) -> None:
    open_store(pg_url).close()  # migrate once, before the writers start
    shared = list(range(120))
    plans = [shared + list(range(1000, 1020)), shared + list(range(2000, 2020))]
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, pg_url, str(go), json.dumps(plan)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for plan in plans
    ]
    go.touch()
    results = []
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    expected_documents = len(set(plans[0]) | set(plans[1]))  # 160
    # every document was stored by exactly one of the two writers ...
    assert sum(r["added"] for r in results) == expected_documents
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            documents = conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one()
            hashes = conn.execute(
                select(func.count(func.distinct(DocumentRow.content_hash)))
            ).scalar_one()
            events = conn.execute(select(func.count()).select_from(EventRow)).scalar_one()
            keys = conn.execute(select(func.count(func.distinct(EventRow.record_key)))).scalar_one()
            figures = conn.execute(select(func.count()).select_from(FigureRow)).scalar_one()
            per_document = conn.execute(
                select(EventRow.document_id, func.count()).group_by(EventRow.document_id)
            ).all()
    finally:
        engine.dispose()
    # ... and nothing is lost or duplicated: each document once, with exactly its records
    assert documents == hashes == expected_documents
    assert events == keys == 2 * expected_documents
    assert figures == expected_documents
    assert {count for _doc, count in per_document} == {2}
    with open_store(pg_url) as store:
        assert store.failures() == []

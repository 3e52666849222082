"""Latency of ``GET /api/events`` with 100,000 (or 1,000,000) stored events, on SQLite and PostgreSQL: first
pages, filtered pages, the deepest offset the API allows and the last page by keyset cursor.

Not a test. Fills a fresh database with synthetic events (``Store.add_extractions``, in batches),
then times requests through the real app in-process (FastAPI TestClient: routing, validation,
the store query and JSON encoding; no network). Each query mix runs ``--requests`` times after a
warm-up; p50/p95 are in milliseconds.

    .venv/bin/python benchmarks/bench_api.py [--events 100000] [--requests 200]
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:54329/warwatch_bench]
        [--sqlite-path FILE] [--reuse] [--skip-sqlite]

The PostgreSQL database named by ``--pg-url`` is emptied first (its ``public`` schema dropped),
unless ``--reuse`` finds it holding ``--events`` events already.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, select, text

from warwatch.api import ApiSettings, create_app
from warwatch.records import Actor, Document, EventDate, EventRecord, Evidence, Extraction, Place
from warwatch.store import Query, Store, open_store
from warwatch.store.filters import event_conditions
from warwatch.store.models import EventRow
from warwatch.store.query import Cursor
from warwatch.store.search import _segments, _sort_column

EVENTS_PER_DOCUMENT = 4
PLACES = [
    Place("Daraa", "Daraa", country="Syria", admin1="Daraa", latitude=32.62, longitude=36.10, geo_precision=1),
    Place("Homs", "Homs", country="Syria", admin1="Homs", latitude=34.73, longitude=36.71, geo_precision=1),
    Place("Aleppo", "Aleppo", country="Syria", admin1="Aleppo", latitude=36.20, longitude=37.16, geo_precision=1),
    Place("Kharkiv", "Kharkiv", country="Ukraine", admin1="Kharkivska", latitude=49.99, longitude=36.23, geo_precision=1),
    Place("Bakhmut", "Bakhmut", country="Ukraine", admin1="Donetska", latitude=48.59, longitude=38.00, geo_precision=1),
    Place("Khartoum", "Khartoum", country="Sudan", admin1="Khartoum", latitude=15.50, longitude=32.56, geo_precision=1),
    Place("Goma", "Goma", country="Democratic Republic of Congo", admin1="Nord-Kivu", latitude=-1.68, longitude=29.22, geo_precision=1),
    Place("Gao", "Gao", country="Mali", admin1="Gao", latitude=16.27, longitude=-0.04, geo_precision=1),
]  # fmt: skip
TYPES = [
    ("Battles", "Armed clash"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Strategic developments", "Looting/property destruction"),
]
ACTORS = [
    Actor("Military Forces of Syria (2000-2024)", 1), Actor("Hayat Tahrir al-Sham", 2),
    Actor("Military Forces of Russia (2000-)", 8), Actor("Military Forces of Ukraine (2019-)", 1),
    Actor("Rapid Support Forces", 2), Actor("M23: March 23 Movement", 2), Actor("Civilians (Sudan)", 7),
    Actor("Protesters (Mali)", 6),
]  # fmt: skip
WORDS = [
    "shelling",
    "strike",
    "clashes",
    "fighters",
    "village",
    "checkpoint",
    "convoy",
    "market",
    "hospital",
    "drone",
    "artillery",
]

QUERIES = {
    "page 1, no filter": {"limit": 100},
    "country + since, page 3": {
        "country": "Ukraine",
        "since": "2023-06-01",
        "limit": 100,
        "offset": 200,
    },
    "type + actor, -fatalities": {
        "type": "Battles",
        "actor": "syria",
        "sort": "-fatalities",
        "limit": 50,
    },
    "bbox + until, page 2": {
        "bbox": "35,32,38,37",
        "until": "2024-06-30",
        "limit": 100,
        "offset": 100,
    },
    "text q, page 1": {"q": "checkpoint", "country": "Syria", "limit": 100},
    "deepest offset allowed (10,000)": {"limit": 100, "offset": 10000},
    # every match counted (the default stops counting at TOTAL_CAP): what exact totals cost
    "country + since, exact total": {
        "country": "Ukraine",
        "since": "2023-06-01",
        "limit": 100,
        "exact_total": True,
    },
    "bbox + until, exact total": {
        "bbox": "35,32,38,37",
        "until": "2024-06-30",
        "limit": 100,
        "exact_total": True,
    },
}
# Filled in by ``last_pages``: the cursor of the last page of each, found once through the store.
LAST_PAGES = {
    "last page by cursor, no filter": {"limit": 100},
    "last page by cursor, country + -fatalities": {
        "country": "Ukraine",
        "sort": "-fatalities",
        "limit": 100,
    },
}


def last_pages(store: Store, url: str) -> dict[str, dict[str, object]]:
    """Each of LAST_PAGES with the ``cursor`` that starts its last page (keyset paging).

    The cursor names the row just before the last page. It is found with one OFFSET query per
    segment of the store's order (rows with a sort value, then those without, by id), so setting
    up a million-event run does not read a million events.
    """
    queries = {}
    for name, params in LAST_PAGES.items():
        filters = {k: v for k, v in params.items() if k != "limit"}
        q = Query(**filters)  # type: ignore[arg-type]
        total = store.events(Query(**filters, limit=1, exact_total=True)).total  # type: ignore[arg-type]
        queries[name] = {**params, "cursor": _cursor_at(url, q, max(0, total - 101))}
    return queries


def _cursor_at(url: str, q: Query, position: int) -> str:
    # the store's own segments and order, so the cursor names the row the store pages after
    valued, missing = _segments(q.sort, event_conditions(q))
    engine = create_engine(url)
    with engine.connect() as conn:
        n_valued = int(conn.execute(select(func.count()).select_from(valued.subquery())).scalar_one())
        segment, skip = (valued, position) if position < n_valued else (missing, position - n_valued)
        row_id = conn.execute(segment.offset(skip).limit(1)).scalar_one()
        value = conn.execute(select(_sort_column(q.sort)).where(EventRow.id == row_id)).scalar_one()
    engine.dispose()
    return Cursor(q.sort, value, row_id).encode()


def synthetic(n_documents: int, seed: int = 7) -> list[Extraction]:
    rng = random.Random(seed)
    start = dt.date(2022, 1, 1)
    extractions = []
    for i in range(n_documents):
        sentences = [
            f"Report {i}.{k}: {' '.join(rng.choices(WORDS, k=8))} near the town."
            for k in range(EVENTS_PER_DOCUMENT)
        ]
        body = " ".join(sentences)
        digest = hashlib.sha256(body.encode()).hexdigest()
        doc = Document(
            id=digest[:16],
            text=body,
            content_hash=digest,
            source="Synthetic Wire",
            published=start + dt.timedelta(days=rng.randrange(1000)),
        )
        events, offset = [], 0
        for sentence in sentences:
            event_type, sub_type = rng.choice(TYPES)
            day = start + dt.timedelta(days=rng.randrange(1000))
            events.append(
                EventRecord(
                    doc.id,
                    event_type,
                    sub_type,
                    "Political violence",
                    Evidence(doc.id, offset, offset + len(sentence), sentence),
                    actor1=rng.choice(ACTORS),
                    actor2=rng.choice(ACTORS),
                    place=rng.choice(PLACES),
                    date=EventDate(day, 1),
                    fatalities=rng.choice([None, 0, 1, 2, 5, 12, 40]),
                )
            )
            offset += len(sentence) + 1
        extractions.append(Extraction(doc, tuple(events)))
    return extractions


def fill(url: str, n_events: int) -> float:
    started = time.perf_counter()
    n_documents = n_events // EVENTS_PER_DOCUMENT
    with open_store(url) as store:
        for first in range(0, n_documents, 2000):
            store.add_extractions(synthetic(min(2000, n_documents - first), seed=first))
        assert store.counts()["events"] == n_documents * EVENTS_PER_DOCUMENT
    if url.startswith("postgresql"):
        # what autovacuum does to a table after a bulk load, before anyone queries it
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
        engine.dispose()
    return time.perf_counter() - started


def measure(url: str, requests: int) -> dict[str, tuple[float, float, str]]:
    figures = {}
    with open_store(url) as store:
        client = TestClient(create_app(ApiSettings(), store=store))
        for name, params in {**QUERIES, **last_pages(store, url)}.items():
            for _ in range(5):  # warm-up
                client.get("/api/events", params=params)
            times = []
            for _ in range(requests):
                t0 = time.perf_counter()
                response = client.get("/api/events", params=params)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.text
            body = response.json()
            total = f"{body['total']:,}" + ("" if body["total_exact"] else "+")
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
            figures[name] = (statistics.median(times), p95, total)
    return figures


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def filled(url: str, n_events: int, reuse: bool) -> str:
    """Fill ``url`` with ``n_events`` synthetic events, or with ``reuse`` keep a database that
    already holds exactly that many (a million take minutes to write)."""
    if reuse:
        with open_store(url) as store:
            if store.counts()["events"] == n_events:
                return "reused"
    if url.startswith("postgresql"):
        reset_postgres(url)
    elif Path(url.removeprefix("sqlite:///")).exists():
        Path(url.removeprefix("sqlite:///")).unlink()
    return f"filled in {fill(url, n_events):.1f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pg-url", help="PostgreSQL database to fill (emptied first)")
    parser.add_argument("--sqlite-path", type=Path, help="SQLite file (default: a temporary one)")
    parser.add_argument(
        "--reuse", action="store_true", help="keep databases that hold --events events already"
    )
    parser.add_argument("--skip-sqlite", action="store_true", help="time PostgreSQL only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_path = args.sqlite_path or Path(tmp) / "bench.db"
        targets = [] if args.skip_sqlite else [("SQLite (file)", f"sqlite:///{sqlite_path}")]
        if args.pg_url:
            targets.append(("PostgreSQL", args.pg_url))
        print(f"{args.events:,} events, {args.requests} requests per query after 5 warm-ups; ms")
        for label, url in targets:
            print(f"\n{label}: {filled(url, args.events, args.reuse)}")
            print("| query | matches | p50 ms | p95 ms |\n|---|---|---|---|")
            for name, (p50, p95, total) in measure(url, args.requests).items():
                print(f"| {name} | {total} | {p50:.1f} | {p95:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

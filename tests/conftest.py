"""Session fixtures: one pipeline per test session, and the ``shared`` folder when present."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest

# The shared folder sits beside the checkout; a worktree elsewhere names it in $WARWATCH_SHARED.
SHARED = Path(
    os.environ.get("WARWATCH_SHARED") or Path(__file__).resolve().parents[1].parent / "shared"
)


def pytest_configure(config: pytest.Config) -> None:
    # Keep the gazetteer index built by the tests out of the user's home when CI sets no cache.
    os.environ.setdefault(
        "WARWATCH_CACHE", str(Path(__file__).resolve().parents[1] / ".cache" / "warwatch")
    )
    # ...and the user's imported place files out of the tests (tests that import set their own)
    os.environ.setdefault(
        "WARWATCH_DATA", str(Path(__file__).resolve().parents[1] / ".cache" / "warwatch-test-data")
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(
        reason=f"needs the shared data folder {SHARED} (seed article, gold data), absent here"
    )
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def gazetteer_cache(pipeline):
    """Makes a cache folder holding only a copy of the shipped gazetteer the session already
    built, so a test that adds place files builds only its own layer, as a user's import does,
    instead of the whole index (~30 s): ``gazetteer_cache(tmp_path / "cache")``."""
    import shutil

    from warwatch.geo import Gazetteer

    def make(folder: Path) -> Path:
        folder.mkdir(parents=True)
        shutil.copyfile(pipeline.gazetteer.path, Gazetteer.path_for(folder))
        return folder

    return make


@pytest.fixture(scope="session")
def pipeline():
    from warwatch.config import Settings
    from warwatch.pipeline import Pipeline

    return Pipeline(Settings())


@pytest.fixture(scope="module")
def shared_pipeline(pipeline, request):
    """Make every ``Pipeline(...)`` the CLI builds return the session pipeline (module scope):
    building one takes ~8 s, and what is tested is the command, not the loading."""
    import warwatch.evaluation.runner
    import warwatch.pipeline

    mp = pytest.MonkeyPatch()

    def factory(*args, **kwargs):
        return pipeline

    mp.setattr(warwatch.pipeline, "Pipeline", factory)
    # the eval runner imported the name at module import time
    mp.setattr(warwatch.evaluation.runner, "Pipeline", factory)
    request.addfinalizer(mp.undo)
    return pipeline


# --- databases: SQLite always, PostgreSQL when $WARWATCH_TEST_PG_URL names a server -----------

PG_ENV = "WARWATCH_TEST_PG_URL"
PG_SKIP_REASON = (
    f"{PG_ENV} is unset: no PostgreSQL server to test against "
    "(.ci/run starts one; e.g. postgresql+psycopg://postgres@127.0.0.1:54329/warwatch_test)"
)


def postgres_url() -> str:
    """The test server's URL, or skip the test saying how to get one. Under pytest-xdist each
    worker gets a database of its own (``<name>_gw0`` ...), created on first use: the tests empty
    their database, so workers sharing one would drop each other's tables."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(PG_SKIP_REASON)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _worker_database(url, worker) if worker else url


def _worker_database(url: str, worker: str) -> str:
    from sqlalchemy import create_engine, make_url, text

    base = make_url(url)
    mine = base.set(database=f"{base.database}_{worker}")
    engine = create_engine(base, isolation_level="AUTOCOMMIT")  # CREATE DATABASE: no transaction
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": mine.database}
            ).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{mine.database}"'))
    finally:
        engine.dispose()
    return mine.render_as_string(hide_password=False)


def reset_postgres(url: str) -> None:
    """Empty the test database (drop and recreate the ``public`` schema)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def empty_postgres(url: str) -> None:
    """Empty every table of the test database, keeping its schema (TRUNCATE, and identities
    restarted: half the time of dropping and re-creating the schema, for each of some 250
    tests). A database at another revision than this warwatch's head is reset instead."""
    from sqlalchemy import create_engine, text

    from warwatch.store import migrate

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            tables = conn.scalars(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).all()
            at_head = (
                "alembic_version" in tables
                and conn.scalar(text("SELECT version_num FROM alembic_version"))
                == migrate.head_revision()
            )
            rows = [t for t in tables if t != "alembic_version"]
            if at_head and rows:
                names = ", ".join(f'"{t}"' for t in rows)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()
    if not at_head:
        reset_postgres(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A URL to an empty database: in-memory SQLite, then (marked ``postgres``) PostgreSQL."""
    if request.param == "sqlite":
        return "sqlite:///:memory:"
    url = postgres_url()
    empty_postgres(url)
    return url


# --- extraction stages: one parser per session and a gazetteer made of a few known places -------

FAKE_PLACES = {
    # name -> (country, admin1, latitude, longitude, feature)
    "daraa": ("Syria", "Daraa", 32.62, 36.10, "city"),
    "homs": ("Syria", "Homs", 34.73, 36.71, "city"),
    "rastan": ("Syria", "Homs", 34.93, 36.73, "city"),
    "talbiseh": ("Syria", "Homs", 34.84, 36.73, "city"),
    "sumy": ("Ukraine", "Sumy", 50.91, 34.80, "city"),
    "kharkiv": ("Ukraine", "Kharkiv", 49.99, 36.23, "city"),
    "syria": ("Syria", None, 35.0, 38.0, "country"),
    "ukraine": ("Ukraine", None, 49.0, 32.0, "country"),
}


def fake_place(mention: str, *_args, **_kwargs):
    """A place from FAKE_PLACES by name (case aside), else the mention as text only."""
    from warwatch.records import Place

    known = FAKE_PLACES.get(mention.strip().lower())
    if known is None:
        return Place(mention=mention)
    country, admin1, lat, lon, feature = known
    return Place(
        mention=mention,
        name=mention.strip().title(),
        country=country,
        admin1=admin1,
        latitude=lat,
        longitude=lon,
        geo_precision=3 if feature == "country" else 1,
        feature=feature,
        geonameid=zlib.crc32(mention.strip().lower().encode()),
    )


@pytest.fixture(scope="session")
def nlp(pipeline):
    """The project's spaCy pipeline (model, place and actor rulers), loaded once."""
    return pipeline.nlp


@pytest.fixture(scope="session")
def fake_kb(pipeline):
    """Knowledge with the real cues, actors, claimants and figure words and a fake gazetteer of
    FAKE_PLACES."""
    from warwatch.extract.knowledge import Knowledge

    def country_of(name: str) -> str | None:
        known = FAKE_PLACES.get(name.strip().lower())
        return known[0] if known and known[4] == "country" else None

    return Knowledge(
        cues=pipeline.cues,
        actors=pipeline.actors,
        resolve_place=fake_place,
        country_of=country_of,
        resolve_within=lambda *_a, **_k: None,
    )

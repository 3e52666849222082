"""Session fixtures: one pipeline per test session, and the ``shared`` folder when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


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
def pipeline():
    from warwatch.config import Settings
    from warwatch.pipeline import Pipeline

    return Pipeline(Settings())


# --- databases: SQLite always, PostgreSQL when $WARWATCH_TEST_PG_URL names a server -----------

PG_ENV = "WARWATCH_TEST_PG_URL"
PG_SKIP_REASON = (
    f"{PG_ENV} is unset: no PostgreSQL server to test against "
    "(.ci/run starts one; e.g. postgresql+psycopg://postgres@127.0.0.1:54329/warwatch_test)"
)


def postgres_url() -> str:
    """The test server's URL, or skip the test saying how to get one."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(PG_SKIP_REASON)
    return url


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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A URL to an empty database: in-memory SQLite, then (marked ``postgres``) PostgreSQL."""
    if request.param == "sqlite":
        return "sqlite:///:memory:"
    url = postgres_url()
    reset_postgres(url)
    return url

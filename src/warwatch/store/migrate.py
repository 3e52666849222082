"""Engine creation and schema migrations (Alembic, configured from code).

The revisions ship inside the package (``warwatch/store/migrations``), so an installed warwatch
can create or upgrade its database without an ``alembic.ini``. Developers can still run the
``alembic`` command line with ``-c`` pointing at a config whose ``script_location`` is
:data:`MIGRATIONS_DIR`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from warwatch.errors import StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations (``url`` for command-line use)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest revision shipped with this warwatch."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at (None for a new, empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _is_memory_sqlite(url: str) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def make_engine(url: str) -> Engine:
    """Create an engine; for SQLite, enforce foreign keys and use WAL journaling for files.

    An in-memory SQLite URL gets a single shared connection (``StaticPool``), so every session sees
    the same database.
    """
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if not is_sqlite:
        return create_engine(url, pool_pre_ping=True)
    if _is_memory_sqlite(url):
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        path = Path(parsed.database or "")
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

    use_wal = not _is_memory_sqlite(url)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if use_wal:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return engine


def upgrade(engine: Engine) -> str:
    """Bring the database to the newest revision (creating it when empty); return that revision.

    Raises :class:`StoreError` when the database was written by a newer warwatch.
    """
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    current = current_revision(engine)
    if current is not None and current == head:
        return current
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise StoreError(
            f"the database is at schema revision {current!r}, which this warwatch does not know "
            f"(newest known: {head!r}); upgrade warwatch or use another database"
        )
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return head or ""


def stamp(engine: Engine, revision: str) -> None:
    """Record ``revision`` as the database's schema revision without running migrations."""
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.stamp(config, revision)

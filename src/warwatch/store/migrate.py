"""Engine creation and schema migrations (Alembic, configured from code).

The revisions ship inside the package (``warwatch/store/migrations``), so an installed warwatch
can create or upgrade its database without an ``alembic.ini``. Developers can still run the
``alembic`` command line with ``-c`` pointing at a config whose ``script_location`` is
:data:`MIGRATIONS_DIR`.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from warwatch.errors import StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# PostgreSQL advisory lock id for schema migrations (any constant; b"warwatch" as a bigint).
SCHEMA_LOCK_KEY = int.from_bytes(b"warwatch", "big") >> 1


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


SQLITE_MMAP_BYTES = 1 << 30  # address space only: the OS maps pages in as they are read


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
            _set_wal(cursor)
            # Read through memory-mapped pages instead of a read() per page: filtered counts
            # over a million events take half the time (benchmarks/bench_api.py).
            cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.close()

    return engine


def _set_wal(cursor: Any) -> None:
    """Switch a SQLite file to WAL journaling, waiting while another opener holds its lock.

    Changing the journal mode needs the database to itself, and SQLite may answer "database is
    locked" at once rather than wait out the busy timeout when several processes open a new file
    together; they retry for up to 30 s (a file already in WAL mode answers at once).
    """
    for attempt in range(300):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 299:
                raise
            time.sleep(0.1)


def upgrade(engine: Engine) -> str:
    """Bring the database to the newest revision (creating it when empty); return that revision.

    Safe when several processes open a new database at once (issue 14: "table documents already
    exists"): the check and the migration run in one transaction that first takes the schema
    lock (SQLite: ``BEGIN IMMEDIATE``, the database's write lock; PostgreSQL: a transaction-level
    advisory lock), so the second opener waits, then finds the schema at head. SQLite and
    PostgreSQL both roll DDL back, so a migration killed half-way leaves the old revision.

    Raises :class:`StoreError` when the database was written by a newer warwatch.
    """
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head() or ""
    if current_revision(engine) == head:  # the common case takes no lock
        return head
    known = {rev.revision for rev in script.walk_revisions()}
    with engine.begin() as conn:
        _lock_schema(conn)
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:  # another process migrated it while we waited
            return head
        if current is not None and current not in known:
            raise StoreError(
                f"the database is at schema revision {current!r}, which this warwatch does not "
                f"know (newest known: {head!r}); upgrade warwatch or use another database"
            )
        config.attributes["connection"] = conn
        if current is None and not inspect(conn).get_table_names():
            _create_at_head(conn, config)
        else:
            command.upgrade(config, "head")
    return head


def _create_at_head(conn: Connection, config: Config) -> None:
    """Create a new, empty database straight from the models and stamp it at head (Alembic's
    recipe for building a database from scratch): the same schema as running every revision
    (``tests/test_store.py`` compares the two), in a tenth of the time, since SQLite rebuilds a
    table for each batch ``ALTER`` the revisions make."""
    from warwatch.store.models import Base

    Base.metadata.create_all(conn)
    command.stamp(config, "head")


def _lock_schema(conn: Connection) -> None:
    """Take the lock that serialises schema changes, held until ``conn``'s transaction ends."""
    backend = conn.dialect.name
    if backend == "sqlite":
        # pysqlite opens transactions lazily, at the first write; BEGIN IMMEDIATE takes the
        # write lock now (waiting up to the connection's timeout for another writer).
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif backend == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})


def stamp(engine: Engine, revision: str) -> None:
    """Record ``revision`` as the database's schema revision without running migrations."""
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.stamp(config, revision)

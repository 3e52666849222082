"""The live sources' log: each source's last fetch (ETag, Last-Modified, status, back-off) and the
entries already read, so that ``warwatch watch`` ingests only new entries and resumes after a
restart. All SQL for the ``sources`` and ``source_entries`` tables is here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from .models import DocumentRow, SourceEntryRow, SourceRow

NEW, OK, NOT_MODIFIED, ERROR = "new", "ok", "not modified", "error"


@dataclass(frozen=True)
class SourceState:
    url: str
    name: str | None
    etag: str | None
    last_modified: str | None
    last_fetch_at: dt.datetime | None
    last_success_at: dt.datetime | None
    status: str
    http_status: int | None
    last_error: str | None
    consecutive_failures: int
    next_attempt_at: dt.datetime | None
    documents_added: int
    entries_seen: int = 0
    documents_stored: int = 0

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = dict(self.__dict__)
        for key in ("last_fetch_at", "last_success_at", "next_attempt_at"):
            value: dt.datetime | None = getattr(self, key)
            out[key] = value.isoformat(timespec="seconds") if value else None
        return out


@dataclass(frozen=True)
class Outcome:
    """What one fetch of a source gave, to be logged."""

    at: dt.datetime
    status: str
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    next_attempt_at: dt.datetime | None = None
    documents_added: int = 0


def _insert(conn: Any) -> Any:
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


class SourceLog:
    """Reads and writes the sources' log through a :class:`warwatch.store.Store`."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def register(self, url: str, name: str | None = None) -> None:
        """Know a source (idempotent; a new name replaces the old one)."""
        with self._store._connect(f"register source {url}", write=True) as conn:
            stmt = _insert(conn)(SourceRow).values(
                url=url, name=name, status=NEW, consecutive_failures=0, documents_added=0
            )
            conn.execute(stmt.on_conflict_do_update(index_elements=["url"], set_={"name": name}))

    def get(self, url: str) -> SourceState | None:
        found = self.states(urls=[url])
        return found[0] if found else None

    def states(self, urls: Iterable[str] | None = None) -> list[SourceState]:
        """Every known source (or those named), with counts of entries and stored documents."""
        entries = (
            select(
                SourceEntryRow.source_url,
                func.count().label("seen"),
                func.count(DocumentRow.id).label("stored"),
            )
            .outerjoin(DocumentRow, DocumentRow.id == SourceEntryRow.document_id)
            .group_by(SourceEntryRow.source_url)
            .subquery()
        )
        query = (
            select(*SourceRow.__table__.c, entries.c.seen, entries.c.stored)
            .outerjoin(entries, entries.c.source_url == SourceRow.url)
            .order_by(SourceRow.url)
        )
        if urls is not None:
            query = query.where(SourceRow.url.in_(list(urls)))
        with self._store._connect("read sources") as conn:
            rows = conn.execute(query).all()
        return [_state(row) for row in rows]

    def log(self, url: str, outcome: Outcome) -> None:
        """Record a fetch: success resets the failure count, an error increments it."""
        values: dict[str, object] = {
            "last_fetch_at": outcome.at,
            "status": outcome.status,
            "http_status": outcome.http_status,
            "next_attempt_at": outcome.next_attempt_at,
            "documents_added": SourceRow.documents_added + outcome.documents_added,
        }
        if outcome.status == ERROR:
            values["last_error"] = outcome.error
            values["consecutive_failures"] = SourceRow.consecutive_failures + 1
        else:
            values.update(last_success_at=outcome.at, last_error=None, consecutive_failures=0)
            if outcome.etag is not None or outcome.last_modified is not None:
                values.update(etag=outcome.etag, last_modified=outcome.last_modified)
        with self._store._connect(f"log a fetch of {url}", write=True) as conn:
            conn.execute(update(SourceRow).where(SourceRow.url == url).values(**values))

    def seen(self, url: str, keys: Iterable[str]) -> set[str]:
        """Which of these entry keys were already read from the source."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return set()
        query = select(SourceEntryRow.entry_key).where(
            SourceEntryRow.source_url == url, SourceEntryRow.entry_key.in_(keys)
        )
        with self._store._connect(f"read the entries of {url}") as conn:
            return set(conn.execute(query).scalars())

    def mark_seen(
        self, url: str, entries: Iterable[tuple[str, str | None]], at: dt.datetime
    ) -> None:
        """Record entries read (key, stored document id or None when it could not be read)."""
        rows = [
            {"source_url": url, "entry_key": key, "document_id": doc, "seen_at": at}
            for key, doc in dict(entries).items()
        ]
        if not rows:
            return
        with self._store._connect(f"record the entries of {url}", write=True) as conn:
            stmt = _insert(conn)(SourceEntryRow).values(rows)
            conn.execute(stmt.on_conflict_do_nothing(index_elements=["source_url", "entry_key"]))


def _state(row: Any) -> SourceState:
    values = dict(row._mapping)
    seen, stored = values.pop("seen"), values.pop("stored")
    return SourceState(**values, entries_seen=seen or 0, documents_stored=stored or 0)

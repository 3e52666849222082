"""The store: the only part of warwatch that knows SQL.

Everything above it calls this small API::

    from warwatch.store import open_store

    with open_store("sqlite:///warwatch.db") as store:
        if not store.has_document(document.content_hash):
            store.add_extraction(extraction)
        for event in store.events(country="Syria", since=datetime.date(2024, 1, 1)):
            ...
        page = store.events(Query(event_type="Battles", limit=100))
        more = store.events(Query(event_type="Battles", limit=100, cursor=page.next))

Writes are idempotent and keyed by content hash: a document already stored is skipped, and each
document is written in one transaction, so a failure leaves nothing partial behind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from alembic.util import CommandError
from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from warwatch import __version__
from warwatch.config import DEFAULT_DB_URL
from warwatch.errors import StoreError, WarwatchError
from warwatch.records import EventRecord, Extraction, Figure, Incident

from . import incidents as stored_incidents
from . import migrate, queries, rows, search
from .models import DocumentRow, EventRow, FailureRow, FigureRow, UnmergedRow
from .query import EVENT_SORTS, MAX_OFFSET, TOTAL_CAP, BBox, Page, Query
from .results import AddResult, StoredDocument, StoredEvent, StoredFailure, StoredFigure
from .search import ActorCount, EventSource

__all__ = [
    "DEFAULT_DB_URL",
    "EVENT_SORTS",
    "MAX_OFFSET",
    "TOTAL_CAP",
    "ActorCount",
    "AddResult",
    "BBox",
    "EventSource",
    "Page",
    "Query",
    "Store",
    "StoredDocument",
    "StoredEvent",
    "StoredFailure",
    "StoredFigure",
    "open_store",
]


_CLOSED = "the store is closed; open it again with open_store()"


def _now() -> dt.datetime:
    """Naive UTC, the stored convention (see ``models``)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _reason(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]


def _safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _unique(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with distinct ``record_key``, first one kept, order preserved."""
    unique: dict[str, dict[str, Any]] = {}
    for row in records:
        unique.setdefault(row["record_key"], row)
    return list(unique.values())


def _query(query: Query | None, filters: dict[str, Any]) -> Query:
    """``query`` with ``filters`` (Query fields as keywords) laid over it."""
    if "blocks" in filters and filters["blocks"] is not None:
        filters = {**filters, "blocks": frozenset(filters["blocks"])}
    return dataclasses.replace(query or Query(), **filters)


class Store:
    """A warwatch database. Create it with :func:`open_store`; close it (or use ``with``)."""

    def __init__(self, engine: Engine, *, url: str) -> None:
        self._engine: Engine | None = engine
        self.url = _safe_url(url)

    # -- plumbing -----------------------------------------------------------------------------
    @contextmanager
    def _connect(self, action: str, *, write: bool = False) -> Iterator[Connection]:
        if self._engine is None:
            raise StoreError(_CLOSED, source=self.url)
        try:
            with self._engine.begin() if write else self._engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"could not {action}: {_reason(exc)}", source=self.url) from exc

    def close(self) -> None:
        """Release the database connections (safe to call twice)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    @property
    def revision(self) -> str | None:
        """The schema revision of the database (Alembic)."""
        if self._engine is None:
            raise StoreError(_CLOSED, source=self.url)
        return migrate.current_revision(self._engine)

    # -- writes -------------------------------------------------------------------------------
    def add_extraction(
        self, extraction: Extraction, *, pipeline_version: str | None = None
    ) -> AddResult:
        """Store a document with its events and figures, in one transaction.

        A document whose ``content_hash`` is already stored is skipped (``document_added=False``).
        Identical records within one extraction (same span, type, place and actors) are stored once.
        On a database error the transaction is rolled back and :class:`StoreError` is raised.
        """
        document = extraction.document
        records: tuple[EventRecord | Figure, ...] = (*extraction.events, *extraction.figures)
        for record in records:
            if record.document_id != document.id:
                raise StoreError(
                    f"a {type(record).__name__} refers to document {record.document_id!r}, "
                    f"not to the extraction's document {document.id!r}",
                    source=document.origin,
                )
        events = _unique(rows.event_row(e, extraction.knowledge_version) for e in extraction.events)
        figures = _unique(map(rows.figure_row, extraction.figures))
        version = pipeline_version or __version__
        try:
            with self._connect(f"store document {document.id}", write=True) as conn:
                if self._find_document(conn, document.content_hash) is not None:
                    return AddResult(document.id, document_added=False)
                row = rows.document_row(document, ingested_at=_now(), pipeline_version=version)
                conn.execute(insert(DocumentRow), [row])
                if events:
                    conn.execute(insert(EventRow), events)
                    # cleared by the merge's own transaction: a crash in between cannot skip it
                    conn.execute(insert(UnmergedRow), [{"document_id": document.id}])
                if figures:
                    conn.execute(insert(FigureRow), figures)
        except StoreError as exc:
            # Another writer may have stored the same report between our check and our insert.
            lost_race = isinstance(exc.__cause__, IntegrityError)
            if lost_race and self.has_document(document.content_hash):
                return AddResult(document.id, document_added=False)
            # Name the input that failed (batch reports show it); the message names the database.
            message = f"{exc.message} (database {self.url}); nothing of this document was stored"
            raise StoreError(message, source=document.origin or document.id) from exc.__cause__
        return AddResult(document.id, True, events_added=len(events), figures_added=len(figures))

    def add_failure(
        self,
        origin: str | None,
        stage: str,
        code: str,
        message: str,
        document_id: str | None = None,
    ) -> int:
        """Record a failed document or stage so a batch can go on; returns the failure's id."""
        row = {
            "origin": origin,
            "document_id": document_id,
            "stage": stage,
            "code": code,
            "message": message,
            "created_at": _now(),
        }
        with self._connect("record a failure", write=True) as conn:
            result = conn.execute(insert(FailureRow).values(**row))
            return queries.inserted_id(result)

    def add_error(self, error: WarwatchError, stage: str, document_id: str | None = None) -> int:
        """Record a :class:`WarwatchError` as a failure (its code, message and source)."""
        return self.add_failure(error.source, stage, error.code, error.message, document_id)

    # -- reads --------------------------------------------------------------------------------
    @staticmethod
    def _find_document(conn: Connection, content_hash: str) -> str | None:
        query = select(DocumentRow.id).where(DocumentRow.content_hash == content_hash)
        return conn.execute(query).scalar_one_or_none()

    def has_document(self, content_hash: str) -> bool:
        """True when a document with this content hash is stored (the pipeline can skip it)."""
        with self._connect("look up a document") as conn:
            return self._find_document(conn, content_hash) is not None

    def events(self, query: Query | None = None, /, **filters: Any) -> Page:
        """A :class:`Page` of stored events (:class:`StoredEvent`), filtered, sorted and paged.

        Pass a :class:`Query` or its fields as keywords (``store.events(country="Syria",
        limit=50)``); keywords override the query's fields. By default every matching event,
        oldest first (undated last). ``Page.next`` is the cursor of the following page.
        """
        q = _query(query, filters)
        with self._connect("read events") as conn:
            return search.select_events(conn, q)

    def figures(self, query: Query | None = None, /, **filters: Any) -> Page:
        """A :class:`Page` of casualty/displacement figures (:class:`StoredFigure`), in insertion
        order, filtered like :meth:`events` (``kind``, place names, ``document_id``)."""
        q = _query(query, filters)
        with self._connect("read figures") as conn:
            return search.select_figures(conn, q)

    def documents(self, limit: int | None = None, offset: int = 0) -> list[StoredDocument]:
        """Stored documents (with their text), in ingestion order."""
        with self._connect("read documents") as conn:
            return queries.select_documents(conn, limit=limit, offset=offset)

    def document(self, document_id: str) -> StoredDocument | None:
        """One stored document by id, or None."""
        with self._connect("read a document") as conn:
            found = queries.select_documents(conn, document_id=document_id)
        return found[0] if found else None

    def failures(
        self, stage: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[StoredFailure]:
        """Recorded failures, oldest first."""
        with self._connect("read failures") as conn:
            return queries.select_failures(conn, stage=stage, limit=limit, offset=offset)

    def counts(self) -> dict[str, int]:
        """Row counts: ``{"documents": n, "events": n, "figures": n, "failures": n}``."""
        with self._connect("count rows") as conn:
            return queries.count_rows(conn)

    # -- resolution: incidents merged from records ----------------------------------------------
    def replace_incidents(
        self,
        blocks: Iterable[str] | None,
        incidents: Iterable[Incident],
        *,
        merged: Iterable[str] | None = (),
    ) -> int:
        """Replace the stored incidents of ``blocks`` (every block when None) in one transaction;
        returns how many were written. ``merged`` names the documents whose "not yet merged"
        marks this merge settles (None: every mark), dropped in the same transaction."""
        with self._connect("store incidents", write=True) as conn:
            stored_incidents.clear_unmerged(conn, merged)
            if blocks is None:
                return stored_incidents.replace_all(conn, incidents)
            return stored_incidents.replace_blocks(conn, blocks, incidents)

    def unmerged_documents(self) -> list[str]:
        """Ids of stored documents whose records are not merged into incidents yet: left by a
        crash between storing and merging, or by an upgrade from a database without incidents."""
        with self._connect("read unmerged documents") as conn:
            return stored_incidents.select_unmerged(conn)

    def incidents(self, query: Query | None = None, /, **filters: Any) -> Page:
        """A :class:`Page` of stored incidents (:class:`~warwatch.records.Incident`, with their
        links and row ``id``), oldest first (undated last); filters as :meth:`events`, plus
        ``family`` and ``blocks``."""
        q = _query(query, filters)
        with self._connect("read incidents") as conn:
            return stored_incidents.select_incidents(conn, q)

    def incident(self, incident_id: int) -> Incident | None:
        """One stored incident by id, with its links, or None."""
        with self._connect("read an incident") as conn:
            return stored_incidents.select_incident(conn, incident_id)

    def incident_count(self) -> int:
        """How many incidents are stored."""
        with self._connect("count incidents") as conn:
            return stored_incidents.count_incidents(conn)

    def event(self, event_id: int) -> StoredEvent | None:
        """One stored event by id, or None."""
        with self._connect("read an event") as conn:
            return search.select_event(conn, event_id)

    def event_sources(self, event_id: int) -> list[EventSource] | None:
        """The records of the incident event ``event_id`` belongs to (its own first; itself alone
        when not merged yet), or None if the event is unknown."""
        with self._connect("read an event's sources") as conn:
            found = search.select_event(conn, event_id)
            return None if found is None else search.event_sources(conn, found)

    def actors(self, name: str | None = None, *, limit: int | None = 100, offset: int = 0) -> Page:
        """Distinct actor names (actor 1 or 2) with inter codes and event counts, most used first."""
        with self._connect("read actors") as conn:
            return search.actor_counts(conn, name=name, limit=limit, offset=offset)

    def document_count(self) -> int:
        """Number of stored documents."""
        with self._connect("count documents") as conn:
            return search.count_documents(conn)

    def add_extractions(
        self, extractions: Iterable[Extraction], *, pipeline_version: str | None = None
    ) -> int:
        """Store many extractions in one transaction (bulk loads, benchmarks); returns documents added.

        Documents already stored, or repeated in ``extractions``, are skipped, as in
        :meth:`add_extraction`; unlike it, one failure rolls the whole batch back.
        """
        batch = {e.document.content_hash: e for e in extractions}
        version = pipeline_version or __version__
        with self._connect("store a batch of documents", write=True) as conn:
            stored = set(
                conn.execute(
                    select(DocumentRow.content_hash).where(DocumentRow.content_hash.in_(batch))
                ).scalars()
            )
            fresh = [e for key, e in batch.items() if key not in stored]
            now = _now()
            documents = [
                rows.document_row(e.document, ingested_at=now, pipeline_version=version)
                for e in fresh
            ]
            events = _unique(
                rows.event_row(ev, e.knowledge_version) for e in fresh for ev in e.events
            )
            figures = _unique(rows.figure_row(f) for e in fresh for f in e.figures)
            unmerged = [{"document_id": e.document.id} for e in fresh if e.events]
            for model, values in (
                (DocumentRow, documents),
                (EventRow, events),
                (FigureRow, figures),
                (UnmergedRow, unmerged),
            ):
                if values:
                    conn.execute(insert(model), values)
        return len(fresh)


def open_store(url: str = DEFAULT_DB_URL) -> Store:
    """Open (creating or upgrading as needed) the database at a SQLAlchemy ``url``.

    ``sqlite:///warwatch.db`` (the default) is a file in the current directory;
    ``sqlite:///:memory:`` is a private in-memory database; ``postgresql+psycopg://...`` needs the
    PostgreSQL driver installed. Raises :class:`StoreError` when the database cannot be opened or
    migrated.
    """
    safe = _safe_url(url)
    try:
        engine = migrate.make_engine(url)
    except (ArgumentError, NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreError(
            f"cannot open database URL: {exc}; use e.g. sqlite:///warwatch.db or install the "
            "driver the URL names",
            source=safe,
        ) from exc
    try:
        migrate.upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    except (SQLAlchemyError, CommandError, OSError) as exc:
        engine.dispose()
        reason = _reason(exc) if isinstance(exc, SQLAlchemyError) else str(exc)
        raise StoreError(
            f"cannot open or migrate the database: {reason}; check the path/URL and permissions",
            source=safe,
        ) from exc
    return Store(engine, url=url)

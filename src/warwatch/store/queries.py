"""Read queries: filters in, frozen dataclasses out (no ORM objects leave the store)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, CursorResult, Select, func, select

from warwatch.errors import StoreError

from .models import DocumentRow, EventRow, FailureRow, FigureRow
from .results import StoredDocument, StoredEvent, StoredFailure


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """Stored times are naive UTC; hand them out time zone aware."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


def _same(column: Any, value: str) -> Any:
    """Case-insensitive equality (ASCII case only on SQLite)."""
    return func.lower(column) == value.lower()


def inserted_id(result: CursorResult[Any]) -> int:
    """The row id of a one-row INSERT."""
    key = result.inserted_primary_key
    if key is None:  # only for multi-row inserts, which never ask for their ids
        raise StoreError("the database returned no id for the new row")
    return int(key[0])


def _page(query: Select[Any], limit: int | None, offset: int) -> Select[Any]:
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return query


_EVENT_QUERY = select(
    EventRow.__table__,
    DocumentRow.external_id.label("document_external_id"),
    DocumentRow.url.label("document_url"),
    DocumentRow.source.label("document_source"),
    DocumentRow.published.label("document_published"),
    DocumentRow.title.label("document_title"),
    DocumentRow.ingested_at.label("document_ingested_at"),
    DocumentRow.pipeline_version.label("pipeline_version"),
).join(DocumentRow, DocumentRow.id == EventRow.document_id)


def _stored_event(row: Mapping[Any, Any]) -> StoredEvent:
    values = dict(row)
    values["other_places"] = tuple(values.get("other_places") or ())
    values["document_ingested_at"] = _utc(values["document_ingested_at"])
    values["civilian_targeting"] = bool(values["civilian_targeting"])
    values["hedged"] = bool(values["hedged"])
    return StoredEvent(**values)


def _stored_document(row: Mapping[Any, Any]) -> StoredDocument:
    values = dict(row)
    values["ingested_at"] = _utc(values["ingested_at"])
    return StoredDocument(**values)


def select_documents(
    conn: Connection, *, document_id: str | None = None, limit: int | None = None, offset: int = 0
) -> list[StoredDocument]:
    query = select(DocumentRow.__table__)
    if document_id:
        query = query.where(DocumentRow.id == document_id)
    query = query.order_by(DocumentRow.ingested_at, DocumentRow.id)
    return [_stored_document(row) for row in conn.execute(_page(query, limit, offset)).mappings()]


def select_failures(
    conn: Connection, *, stage: str | None = None, limit: int | None = None, offset: int = 0
) -> list[StoredFailure]:
    query = select(FailureRow.__table__)
    if stage:
        query = query.where(FailureRow.stage == stage)
    query = query.order_by(FailureRow.id)
    rows = conn.execute(_page(query, limit, offset)).mappings()
    return [StoredFailure(**{**row, "created_at": _utc(row["created_at"])}) for row in rows]


def count_rows(conn: Connection) -> dict[str, int]:
    tables = {
        "documents": DocumentRow,
        "events": EventRow,
        "figures": FigureRow,
        "failures": FailureRow,
    }
    return {
        name: int(conn.execute(select(func.count()).select_from(model)).scalar_one())
        for name, model in tables.items()
    }

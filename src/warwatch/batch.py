"""Ingest a batch: read inputs, skip documents already stored, extract, store, record failures.

This is the one code path behind ``warwatch ingest`` (and later the API's POST): each document is
stored in its own transaction; a document that fails is recorded in the ``failures`` table with
its input and reason, and the batch goes on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from warwatch.errors import StoreError, WarwatchError
from warwatch.executors import Executor
from warwatch.ingest import iter_documents
from warwatch.records import Document, Extraction
from warwatch.store import Store


@dataclass
class IngestSummary:
    documents_read: int = 0
    documents_added: int = 0
    documents_skipped: int = 0  # already stored (same content hash)
    events_added: int = 0
    figures_added: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    # stored documents whose extraction said something worth knowing (e.g. read as word salad)
    notes: list[dict[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def as_dict(self) -> dict[str, object]:
        return {
            "documents_read": self.documents_read,
            "documents_added": self.documents_added,
            "documents_skipped": self.documents_skipped,
            "events_added": self.events_added,
            "figures_added": self.figures_added,
            "failed": self.failed,
            "failures": self.failures,
            "notes": self.notes,
        }


Progress = Callable[[int], None]

MERGE_SHARE = 0.25  # merge when the unmerged documents are this share of all stored ones


def ingest_paths(
    paths: Sequence[str | Path],
    store: Store,
    pipeline: Executor,
    *,
    published: dt.date | None = None,
    source: str | None = None,
    progress: Progress | None = None,
    chunk_size: int = 64,
) -> IngestSummary:
    """Read ``paths`` (files or directories), extract and store every new document.

    ``pipeline`` is the executor: a :class:`~warwatch.pipeline.Pipeline` (this process, or its
    worker processes with ``workers`` above 1) or a :class:`~warwatch.executors.dask_cluster.DaskExecutor`.
    """
    return ingest_documents(
        iter_documents(paths, published=published, source=source),
        store,
        pipeline,
        progress=progress,
        chunk_size=chunk_size,
    )


def ingest_documents(
    items: Iterable[Document | WarwatchError],
    store: Store,
    pipeline: Executor,
    *,
    progress: Progress | None = None,
    chunk_size: int = 64,
) -> IngestSummary:
    summary = IngestSummary()
    # Documents a crash left stored but not merged (or an upgrade left without incidents).
    _resolve(summary, store, None)

    def fresh() -> Iterator[Document]:
        """The documents not stored yet; inputs that failed or are known are settled here."""
        for item in items:
            if isinstance(item, WarwatchError):
                _fail(summary, store, item, "ingest")
            else:
                summary.documents_read += 1
                if not store.has_document(item.content_hash):
                    yield item
                    continue
                summary.documents_skipped += 1
            if progress:
                progress(1)

    # One stream through the NLP (with --workers, one set of workers for the whole batch); results
    # are stored one document per transaction and merged into incidents every few chunks.
    stored, pending = store.document_count(), list[str]()
    for chunk in _chunks(iter(pipeline.process(fresh())), chunk_size):
        for result in chunk:
            if isinstance(result, WarwatchError):
                _fail(summary, store, result, "extract")
            elif _store(summary, store, result, pipeline.version):
                pending.append(result.document.id)
        if _merge_due(len(pending), stored + len(pending), chunk_size):
            _resolve(summary, store, pending)
            stored, pending = stored + len(pending), []
        if progress:
            progress(len(chunk))
    if pending:
        _resolve(summary, store, pending)
    return summary


def _merge_due(pending: int, stored: int, chunk_size: int) -> bool:
    """Whether the documents stored since the last merge are enough to merge now.

    A merge rereads every record of the blocks it touches, so merging after every chunk makes a
    long batch quadratic. Waiting until the pending documents are ``MERGE_SHARE`` of all stored
    ones keeps the total merge work linear (a geometric series); the batch's last documents are
    merged before it returns, and a crash meanwhile leaves their "not yet merged" marks.
    """
    return pending >= max(chunk_size, MERGE_SHARE * stored)


def _store(summary: IngestSummary, store: Store, extraction: Extraction, version: str) -> bool:
    try:
        added = store.add_extraction(extraction, pipeline_version=version)
    except StoreError as exc:
        _fail(summary, store, exc, "store", extraction.document.id)
        return False
    if added.document_added:
        summary.documents_added += 1
        summary.events_added += added.events_added
        summary.figures_added += added.figures_added
        document = extraction.document
        for warning in extraction.warnings:
            summary.notes.append({"input": document.origin or document.id, "message": warning})
    else:
        summary.documents_skipped += 1
    return added.document_added


def _resolve(summary: IngestSummary, store: Store, document_ids: list[str] | None) -> None:
    """Merge the chunk's new records (None: every document marked unmerged) into the stored
    incidents (issue 4); a failed merge keeps the marks for the next run."""
    from warwatch.resolve import service

    try:
        if document_ids is None:
            service.update_unmerged(store)
        else:
            service.update(store, document_ids)
    except StoreError as exc:
        _fail(summary, store, exc, "resolve")


def _fail(
    summary: IngestSummary,
    store: Store,
    error: WarwatchError,
    stage: str,
    document_id: str | None = None,
) -> None:
    summary.failures.append(
        {"input": error.source or "", "stage": stage, "code": error.code, "message": error.message}
    )
    with contextlib.suppress(StoreError):  # the failure is still reported on the command line
        store.add_error(error, stage, document_id)


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    while True:
        chunk = list(islice(items, size))
        if not chunk:
            return
        yield chunk

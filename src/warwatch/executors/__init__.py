"""Where the NLP and extraction run: in this process, in local worker processes, or on Dask.

An executor turns a stream of documents into a stream of extraction results, in input order, and
names the pipeline version it ran. :class:`warwatch.pipeline.Pipeline` is the local executor (in
this process, or with ``workers`` above 1 in :mod:`warwatch.executors.processes`); the Dask one
is :class:`warwatch.executors.dask_cluster.DaskExecutor`. Either way the driver alone
writes to the store (``warwatch.batch``), so SQLite sees one writer and nothing is stored twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from warwatch.errors import ExtractionError, WarwatchError
from warwatch.records import Document, Extraction

if TYPE_CHECKING:
    from warwatch.pipeline import Pipeline

EXECUTORS = ("local", "dask")

# What a worker sends back for one document: its records, or (message, input) of its error
# (plain values: an exception with keyword arguments does not survive pickling).
Outcome = Extraction | tuple[str, str | None]


class Executor(Protocol):
    version: str

    def process(self, documents: Iterable[Document]) -> Iterator[Extraction | WarwatchError]: ...


def outcomes_of(pipeline: Pipeline, documents: list[Document]) -> list[Outcome]:
    """Run in a worker (a local process or a Dask worker): each document's records or error."""
    return [
        (item.message, item.source) if isinstance(item, WarwatchError) else item
        for item in pipeline.process_here(documents)
    ]


def outcome_records(outcomes: list[Outcome]) -> list[Extraction | WarwatchError]:
    """A worker's outcomes as the driver's records and errors."""
    return [
        item if isinstance(item, Extraction) else ExtractionError(item[0], source=item[1])
        for item in outcomes
    ]


def failed(documents: list[Document], message: str) -> list[Extraction | WarwatchError]:
    """One error per document of a block that could not be run, each naming its input."""
    return [ExtractionError(message, source=doc.origin or doc.id) for doc in documents]

"""Where the NLP and extraction run: in this process, in local worker processes, or on Dask.

An executor turns a stream of documents into a stream of extraction results, in input order, and
names the pipeline version it ran. :class:`warwatch.pipeline.Pipeline` is the local executor (in
this process, or with ``workers`` above 1 in :mod:`warwatch.executors.processes`); the Dask one
is :class:`warwatch.executors.dask_cluster.DaskExecutor`. Either way the driver alone
writes to the store (``warwatch.batch``), so SQLite sees one writer and nothing is stored twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from warwatch.errors import WarwatchError
from warwatch.records import Document, Extraction

EXECUTORS = ("local", "dask")


class Executor(Protocol):
    version: str

    def process(self, documents: Iterable[Document]) -> Iterator[Extraction | WarwatchError]: ...

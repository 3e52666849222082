"""Local worker processes that run the whole pipeline: NLP and extraction, records back.

spaCy's own pool (``nlp.pipe(n_process=N)``) parses in its workers but serialises every Doc back
to the driver, which then runs the extraction for all of them: with ``--workers 2`` on two cores
the driver was a third busy process, and the pipeline ran at 0.63 of the bare parser (issue 13).
Here each worker is a copy of the driver's loaded :class:`~warwatch.pipeline.Pipeline` (forked
where the platform can, so nothing is loaded twice; else started afresh from the settings),
takes a block of documents and sends back their :class:`~warwatch.records.Extraction` records,
the same records the driver would have made: extraction is a function of the document alone.

Blocks come back in input order, with at most two per worker in flight, so memory stays flat.
A worker that dies (killed, out of memory) breaks the pool: a new pool runs the documents that
were in flight again, one at a time, and a document that kills its worker twice gets an error
naming it; the batch goes on and nothing is stored twice (only the driver writes).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING

from warwatch.errors import WarwatchError
from warwatch.executors import Outcome, failed, outcome_records, outcomes_of
from warwatch.records import Document, Extraction

if TYPE_CHECKING:
    from warwatch.config import Settings
    from warwatch.pipeline import Pipeline

_TRIES = 2  # runs of a document, alone, before it is reported as failed

_inherited: Pipeline | None = None  # the driver's pipeline, seen by forked workers
_worker: Pipeline | None = None  # this worker's pipeline


def _adopt(settings: Settings) -> None:
    """Worker start: the forked driver's pipeline, else one loaded from the settings."""
    global _worker
    if _inherited is not None:
        _worker = _inherited
        return
    from warwatch.pipeline import Pipeline

    _worker = Pipeline(dataclasses.replace(settings, workers=1))


def extract_block(documents: list[Document]) -> list[Outcome]:
    """Run in a worker: the records of each document, or its error as (message, input)."""
    if _worker is None:
        raise RuntimeError("extract_block runs in a worker process started by WorkerProcesses")
    return outcomes_of(_worker, documents)


class WorkerProcesses:
    """``process`` documents in ``workers`` processes, each a copy of ``pipeline``."""

    def __init__(self, pipeline: Pipeline, workers: int, block_size: int) -> None:
        self.pipeline = pipeline
        self.workers = max(1, workers)
        self.block_size = max(1, block_size)
        self._pool: ProcessPoolExecutor | None = None

    def process(self, documents: Iterable[Document]) -> Iterator[Extraction | WarwatchError]:
        items = iter(documents)
        pending: deque[tuple[Future, list[Document]]] = deque()
        try:
            while block := list(islice(items, self.block_size)):
                pending.append((self._submit(block), block))
                if len(pending) >= 2 * self.workers:  # one running, one queued per worker
                    yield from self._collect(pending)
            while pending:
                yield from self._collect(pending)
        finally:
            self._stop()

    def _collect(self, pending: deque[tuple[Future, list[Document]]]) -> list:
        """The first block's records. If a worker died, every block that was in flight is run
        again one document at a time, so a document that kills its worker fails alone."""
        future, block = pending.popleft()
        try:
            return outcome_records(future.result())
        except BrokenProcessPool:
            self._stop()
            blocks = [block, *(other for _, other in pending)]
            pending.clear()
            return [record for b in blocks for document in b for record in self._alone(document)]
        except Exception as exc:  # the block could not be sent or its results not returned
            return _failed(block, f"{type(exc).__name__}: {exc}")

    def _alone(self, document: Document) -> list[Extraction | WarwatchError]:
        for _ in range(_TRIES):
            try:
                return outcome_records(self._submit([document]).result())
            except BrokenProcessPool:
                self._stop()
        return _failed([document], f"its worker process died {_TRIES} times")

    def _submit(self, block: list[Document]) -> Future:
        if self._pool is None:
            self._pool = self._start()
        return self._pool.submit(extract_block, block)

    def _start(self) -> ProcessPoolExecutor:
        global _inherited
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        _inherited = self.pipeline if context.get_start_method() == "fork" else None
        return ProcessPoolExecutor(
            self.workers,
            mp_context=context,
            initializer=_adopt,
            initargs=(self.pipeline.settings,),
        )

    def _stop(self) -> None:
        global _inherited
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        _inherited = None


def _failed(block: list[Document], reason: str) -> list[Extraction | WarwatchError]:
    return failed(block, f"extraction failed: {reason}")

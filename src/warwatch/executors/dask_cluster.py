"""The Dask executor: partitions of documents go to Dask workers, records come back in input order.

Each worker loads the pipeline once, when it joins (a :class:`PipelinePlugin`, never pickled per
task), and turns a partition of documents into :class:`~warwatch.records.Extraction` records:
plain frozen dataclasses, never spaCy Docs. The driver keeps a bounded window of partitions in
flight (so memory stays flat however many documents stream in) and hands the results on in the
order the documents came, so ``warwatch.batch`` stores and merges them exactly as it does the local
executor's. A worker that dies mid-partition has the partition rerun elsewhere by the scheduler
(``distributed.scheduler.allowed-failures`` times); only results that reach the driver are written,
and the store skips a document it already has, so nothing is stored twice.

With no scheduler address a ``distributed.LocalCluster`` is started: one single-threaded process
per worker (spaCy's parse holds the GIL, so threads would not run in parallel).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from warwatch.config import Settings
from warwatch.errors import WarwatchError
from warwatch.executors import Outcome, failed, outcome_records, outcomes_of
from warwatch.records import Document, Extraction

if TYPE_CHECKING:
    from warwatch.pipeline import Pipeline

try:
    from distributed import Client, Future, LocalCluster, WorkerPlugin, get_worker
    from distributed.scheduler import KilledWorker
except ImportError:  # an optional extra: say how to install it when the executor is asked for
    Client = None  # type: ignore[assignment,misc]
    WorkerPlugin = object  # type: ignore[assignment,misc]

PLUGIN_NAME = "warwatch-pipeline"
MISSING = "the Dask executor needs Dask: pip install 'warwatch[dask]' (dask and distributed)"


class ExecutorError(WarwatchError):
    """The Dask cluster could not be started, reached or used."""

    code = "executor_error"


class PipelinePlugin(WorkerPlugin):
    """Loads one :class:`~warwatch.pipeline.Pipeline` per worker, when the worker starts or joins.

    ``overrides`` are applied to the worker's own ``Settings.from_env()``: a remote worker reads
    ``WARWATCH_CACHE`` and ``WARWATCH_PLACES`` from its environment (its paths, not the driver's);
    a local cluster passes the driver's cache folder and place files.
    """

    name = PLUGIN_NAME

    def __init__(self, overrides: dict[str, Any] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self.pipeline: Pipeline | None = None

    def setup(self, worker: Any) -> None:
        from warwatch.pipeline import Pipeline

        # One process per worker: worker processes of its own would oversubscribe the worker's cores.
        self.pipeline = Pipeline(Settings.from_env(**{**self.overrides, "workers": 1}))


def _worker_pipeline(worker: Any = None) -> Pipeline:
    plugin: Any = (worker or get_worker()).plugins[PLUGIN_NAME]
    pipeline = plugin.pipeline
    if pipeline is None:
        raise ExecutorError("the warwatch pipeline did not load on this worker (see its log)")
    return pipeline


def extract_partition(documents: list[Document]) -> list[Outcome]:
    """Run on a worker: the records of each document, or its error as (message, input)."""
    return outcomes_of(_worker_pipeline(), documents)


def worker_version(dask_worker: Any) -> str:
    """Run by ``Client.run`` (outside any task, so Dask passes the worker in)."""
    return _worker_pipeline(dask_worker).version


class DaskExecutor:
    """``process`` documents on a Dask cluster; use as a context manager (it owns the client).

    >>> with DaskExecutor(Settings(), workers=2) as executor:      # doctest: +SKIP
    ...     summary = ingest_documents(documents, store, executor)
    """

    def __init__(
        self,
        settings: Settings,
        *,
        scheduler: str | None = None,
        workers: int = 1,
        partition_size: int | None = None,
    ) -> None:
        if Client is None:
            raise ExecutorError(MISSING)
        self.settings = settings
        self.scheduler = scheduler
        self.workers = max(1, workers)
        self.partition_size = partition_size or settings.batch_size
        self.version = ""
        self._cluster: Any = None
        self._client: Any = None
        self._window = 2

    def __enter__(self) -> DaskExecutor:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _start(self) -> None:
        self._client = self._connect()
        overrides: dict[str, Any] = {"batch_size": self.settings.batch_size}
        if self._cluster is not None:  # same machine: the driver's cache folder and place files
            overrides |= {
                "cache_dir": self.settings.cache_dir,
                "place_files": self.settings.place_files,
            }
        try:
            self._client.register_plugin(PipelinePlugin(overrides), name=PLUGIN_NAME)
            versions = set(self._client.run(worker_version).values())
        except WarwatchError:
            raise
        except Exception as exc:
            raise ExecutorError(f"the pipeline did not load on the Dask workers: {exc}") from exc
        if len(versions) != 1:
            raise ExecutorError(
                f"the Dask workers run different pipelines ({'; '.join(sorted(versions))}): "
                "install the same warwatch and model on every worker"
            )
        self.version = versions.pop()
        # Two partitions per worker thread in flight: one running, one queued behind it.
        self._window = 2 * max(1, sum(self._client.nthreads().values()))

    def _connect(self) -> Any:
        where = self.scheduler or "a local cluster"
        try:
            if self.scheduler:
                client = Client(self.scheduler, timeout="30s")
                client.wait_for_workers(1, timeout=120)
                return client
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            return Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            raise ExecutorError(f"cannot start or reach Dask at {where}: {exc}") from exc

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def process(self, documents: Iterable[Document]) -> Iterator[Extraction | WarwatchError]:
        """Extract every document on the cluster; results come back in the documents' order."""
        if self._client is None:
            raise ExecutorError("DaskExecutor.process called outside its `with` block")
        pending: deque[tuple[Future, list[Document]]] = deque()
        for partition in _partitions(iter(documents), self.partition_size):
            pending.append((self._submit(partition), partition))
            if len(pending) >= self._window:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())

    def _submit(self, partition: list[Document]) -> Future:
        return self._client.submit(extract_partition, partition, pure=False)


def _collect(future: Future, partition: list[Document]) -> list[Extraction | WarwatchError]:
    """The partition's results; if it cannot be run at all, one error per document, batch goes on."""
    try:
        outcomes = future.result()
    except KilledWorker as exc:
        return _failed(partition, f"its Dask worker died on every try ({exc})")
    except Exception as exc:
        return _failed(partition, f"{type(exc).__name__}: {exc}")
    return outcome_records(outcomes)


def _failed(partition: list[Document], reason: str) -> list[Extraction | WarwatchError]:
    return failed(partition, f"extraction failed on Dask: {reason}")


def _partitions(documents: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while partition := list(islice(documents, size)):
        yield partition

"""Local worker processes: the same records as one process, in order, and a dying worker fails
only its own document."""

from __future__ import annotations

import copy
import dataclasses
import os
from pathlib import Path

from warwatch.errors import ExtractionError
from warwatch.executors.processes import WorkerProcesses
from warwatch.ingest import iter_documents
from warwatch.pipeline import Pipeline
from warwatch.records import Extraction

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
KILL = "This report kills the worker process that reads it."


def _documents():
    return [d for d in iter_documents([CORPUS]) if not isinstance(d, Exception)]


def test_workers_give_the_same_records_in_the_same_order(pipeline):
    documents = _documents()
    assert len(documents) >= 10
    here = list(pipeline.process_here(documents))
    pooled = list(WorkerProcesses(pipeline, workers=2, block_size=3).process(documents))
    assert [r.document.id for r in pooled] == [d.id for d in documents]
    assert pooled == here
    assert sum(len(r.events) for r in pooled) > 0


def test_pipeline_with_workers_uses_the_processes(pipeline, monkeypatch):
    """``Pipeline.process`` with workers above 1 extracts in other processes than this one."""
    parent = os.getpid()
    seen: list[int] = []
    here = Pipeline.process_here

    def noting(self, documents):
        for result in here(self, documents):
            seen.append(os.getpid())
            yield dataclasses.replace(result, warnings=(*result.warnings, f"pid {os.getpid()}"))

    monkeypatch.setattr(Pipeline, "process_here", noting)
    two = copy.copy(pipeline)
    two.settings = dataclasses.replace(pipeline.settings, workers=2)
    results = list(two.process(_documents()[:6]))
    pids = {w for r in results for w in r.warnings if w.startswith("pid ")}
    assert len(results) == 6 and pids and f"pid {parent}" not in pids
    assert seen == []  # nothing was extracted in this process


def test_a_document_that_kills_its_worker_fails_alone(pipeline, monkeypatch):
    documents = _documents()[:7]
    killer = dataclasses.replace(documents[3], text=KILL, id="killer", origin="killer.txt")
    documents[3] = killer
    here = Pipeline.process_here

    def dying(self, block):
        block = list(block)
        if any(d.text == KILL for d in block):
            os._exit(3)  # as a segfault or the OOM killer would: no exception, no goodbye
        return here(self, block)

    monkeypatch.setattr(Pipeline, "process_here", dying)
    results = list(WorkerProcesses(pipeline, workers=2, block_size=2).process(documents))
    assert len(results) == len(documents)
    failed = [r for r in results if isinstance(r, ExtractionError)]
    assert [f.source for f in failed] == ["killer.txt"]
    assert "died" in failed[0].message and "\n" not in failed[0].message
    kept = [r for r in results if isinstance(r, Extraction)]
    assert [r.document.id for r in kept] == [d.id for d in documents if d is not killer]
    monkeypatch.setattr(Pipeline, "process_here", here)
    assert kept == list(pipeline.process_here([d for d in documents if d is not killer]))

"""The Dask executor on a real ``distributed.LocalCluster`` (two single-threaded worker processes).

Its output must be the local executor's, line for line, in the sorted JSON Lines export (the ingest
``timestamp`` aside: it is the time of storing); documents already stored never reach the
cluster; a worker killed mid-batch has its partition rerun and nothing is stored twice.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed", reason="the Dask executor needs the `dask` extra")

from warwatch.batch import ingest_documents, ingest_paths
from warwatch.cli import app
from warwatch.config import Settings
from warwatch.executors import dask_cluster
from warwatch.export import write_jsonl
from warwatch.ingest import iter_documents
from warwatch.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
NOTES = 300  # ACLED notes taken from the dev split


# Tests on the cluster start real worker processes (each loads the pipeline): marked slow.
@pytest.fixture(scope="module")
def cluster():
    """One local cluster of two workers for the module: each loads the pipeline once."""
    with dask_cluster.DaskExecutor(Settings(), workers=2) as executor:
        yield executor


def _sorted_export(url: str) -> list[str]:
    with open_store(url) as store:
        out = io.StringIO()
        write_jsonl(store.events(), out)
    rows = []
    for line in out.getvalue().splitlines():
        row = json.loads(line)
        row.pop("timestamp")  # when the event was stored, not what was extracted
        rows.append(json.dumps(row, sort_keys=True))
    return sorted(rows)


def _assert_same_export(url: str, reference_url: str) -> None:
    """The two sorted exports are equal; when not, the message names the fields that differ in
    the first rows that do (the whole export would be cut off by pytest)."""
    ours, theirs = _sorted_export(url), _sorted_export(reference_url)
    if ours == theirs:
        return
    only_ours = sorted(set(ours) - set(theirs))
    only_theirs = sorted(set(theirs) - set(ours))
    detail = f"{len(ours)} rows against {len(theirs)}"
    if only_ours and only_theirs:
        a, b = json.loads(only_ours[0]), json.loads(only_theirs[0])
        fields = {
            k: (a.get(k), b.get(k)) for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)
        }
        detail += f"; first differing row, document {a.get('document_id')}: {fields}"
    raise AssertionError(f"exports differ: {detail}")


def _ingest(url: str, executor, inputs: list[Path], **kwargs):
    with open_store(url) as store:
        return ingest_paths(inputs, store, executor, **kwargs)


@pytest.fixture(scope="module")
def notes_file(shared_dir, tmp_path_factory) -> Path:
    """The first few hundred ACLED dev notes, in a temporary JSON Lines file."""
    source = shared_dir / "data" / "acled_notes" / "dev.jsonl"
    path = tmp_path_factory.mktemp("notes") / "notes.jsonl"
    with source.open(encoding="utf-8") as lines:
        path.write_text("".join(itertools.islice(lines, NOTES)), encoding="utf-8")
    return path


@pytest.mark.slow
def test_demo_corpus_same_events_as_local(cluster, pipeline, db_url, tmp_path):
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    if db_url.endswith(":memory:"):  # read back after the ingest closed it: a file instead
        db_url = f"sqlite:///{tmp_path / 'dask.db'}"
    local = _ingest(local_url, pipeline, [CORPUS])
    on_dask = _ingest(db_url, cluster, [CORPUS])
    assert on_dask.as_dict() == local.as_dict()
    assert on_dask.events_added > 0
    _assert_same_export(db_url, local_url)
    assert cluster.version == pipeline.version


@pytest.mark.shared
@pytest.mark.slow
def test_acled_notes_same_events_as_local(cluster, pipeline, notes_file, tmp_path):
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    dask_url = f"sqlite:///{tmp_path / 'dask.db'}"
    local = _ingest(local_url, pipeline, [notes_file])
    on_dask = _ingest(dask_url, cluster, [notes_file])
    assert on_dask.documents_added == local.documents_added == NOTES
    assert on_dask.as_dict() == local.as_dict()
    _assert_same_export(dask_url, local_url)


@pytest.mark.slow
def test_stored_documents_are_not_dispatched(cluster, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    first = _ingest(url, cluster, [CORPUS])
    sent: list[str] = []
    submit = cluster._submit

    def counting(partition):
        sent.extend(doc.id for doc in partition)
        return submit(partition)

    monkeypatch.setattr(cluster, "_submit", counting)
    again = _ingest(url, cluster, [CORPUS])
    assert sent == []
    assert again.documents_skipped == first.documents_added > 0
    assert again.documents_added == again.events_added == 0


@pytest.mark.shared
@pytest.mark.slow
def test_killed_worker_partition_is_rerun_once(cluster, pipeline, notes_file, tmp_path):
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    dask_url = f"sqlite:///{tmp_path / 'dask.db'}"
    _ingest(local_url, pipeline, [notes_file])
    before = cluster._client.run(os.getpid)
    victim = sorted(before)[0]
    killed: list[int] = []

    def kill_once(_n: int) -> None:
        # after the first chunk is stored, partitions are in flight on both workers
        if not killed:
            killed.append(before[victim])
            os.kill(before[victim], signal.SIGKILL)

    summary = _ingest(dask_url, cluster, [notes_file], progress=kill_once)
    assert killed
    assert summary.failed == 0
    assert summary.documents_added == NOTES
    _assert_same_export(dask_url, local_url)
    cluster._client.wait_for_workers(2, timeout=120)  # the nanny restarts the killed worker
    assert before[victim] not in cluster._client.run(os.getpid).values()


@pytest.mark.slow
def test_dispatch_keeps_input_order_and_reports_each_failed_document(cluster, monkeypatch):
    documents = [d for d in iter_documents([CORPUS]) if not isinstance(d, Exception)]

    def broken(partition):
        return cluster._client.submit(_raise, partition, pure=False)

    monkeypatch.setattr(cluster, "_submit", broken)
    results = list(cluster.process(documents))
    assert [r.source for r in results] == [d.origin or d.id for d in documents]
    assert all(r.code == "extraction_error" and "RuntimeError" in r.message for r in results)


def _raise(partition):
    raise RuntimeError(f"no model for {len(partition)} documents")


@pytest.mark.slow
def test_cli_connects_to_a_scheduler(cluster, tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    address = cluster._client.scheduler.address
    args = ["ingest", str(CORPUS / "01-syria-daraa.txt"), "--db", url, "--json"]
    result = CliRunner().invoke(app, [*args, "--executor", "dask", "--scheduler", address])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents_added"] == 1 and summary["events_added"] > 0


def test_scheduler_without_dask_executor_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    args = ["ingest", str(CORPUS), "--db", url, "--scheduler", "tcp://127.0.0.1:8786"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "--scheduler needs --executor dask" in result.output


def test_missing_dask_says_how_to_install(monkeypatch):
    monkeypatch.setattr(dask_cluster, "Client", None)
    with pytest.raises(dask_cluster.ExecutorError, match=r"pip install 'warwatch\[dask\]'"):
        dask_cluster.DaskExecutor(Settings())


@pytest.mark.slow
def test_ingest_documents_accepts_the_executor_protocol(cluster, tmp_path):
    documents = list(iter_documents([CORPUS / "03-ukraine-kharkiv.txt"]))
    with open_store(f"sqlite:///{tmp_path / 'w.db'}") as store:
        summary = ingest_documents(documents, store, cluster)
        stored = store.events()
    assert summary.documents_added == 1
    assert {e.document_id for e in stored} == {documents[0].id}

"""The fault campaign of issue 14 as tests: one batch of every class of bad input through the real
command line, and ``kill -9`` at several points of ``ingest`` and ``resolve`` followed by a re-run
that must give exactly what a clean run gives (SQLite, and PostgreSQL when configured).

Each test starts real ``warwatch`` processes (a few seconds each to load the model): marked slow.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from bad_inputs import REFUSED, STORED, generate

from warwatch.batch import ingest_paths
from warwatch.store import open_store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
PEAK_RSS_LIMIT = 1_500 * 1024 * 1024  # bytes
CONTROLS = {chr(c) for c in [*range(9), *range(14, 32), 127]}

# Runs the CLI in a child process and SIGKILLs it, from inside, at the Nth call of a chosen
# function: after a document's commit (inside a chunk, before its merge), or in the middle of a
# merge's transaction (incidents half written, not committed). Nothing in warwatch knows of it.
DRIVER = """
import functools, os, signal, sys
point, nth, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
import warwatch.batch
from warwatch.store import Store, incidents as stored_incidents
warwatch.batch.ingest_paths = functools.partial(warwatch.batch.ingest_paths, chunk_size=3)
calls = [0]
def after_nth(original):
    def wrapped(*a, **k):
        result = original(*a, **k)
        calls[0] += 1
        if calls[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return wrapped
if point == "stored":
    Store.add_extraction = after_nth(Store.add_extraction)
elif point == "merging":
    stored_incidents._insert = after_nth(stored_incidents._insert)
from warwatch.cli import main
sys.argv = ["warwatch", *args]
main()
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


def _warwatch(*args: str, kill: tuple[str, int] | None = None) -> subprocess.CompletedProcess:
    point, nth = kill or ("none", 0)
    command = [sys.executable, "-c", DRIVER, point, str(nth), *args]
    return subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=600)


# --- one batch of every class of bad input --------------------------------------------------------


def test_a_batch_of_every_bad_input_class(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    counts = dict.fromkeys(
        (
            "too_long", "late_nul", "deep_html", "jsonl_odd_ids", "jsonl_broken", "binary",
            "bad_encoding", "empty", "not_english", "xml_bombs", "number_salad",
            "script_only_html", "utf16", "special_files", "unsupported", "word_salad",
        ),
        2,
    )  # fmt: skip
    counts["long_line"] = 1
    cases = generate(folder, counts)
    good = [shutil.copy(CORPUS / name, folder) for name in ("01-syria-daraa.txt", "03-ukraine-kharkiv.txt", "05-kenya-protest.txt")]  # fmt: skip
    url = f"sqlite:///{tmp_path / 'w.db'}"
    result = _warwatch("ingest", str(folder), "--db", url, "--json")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)

    failures = {f["input"].split(":")[0].split("#")[0]: f["message"] for f in summary["failures"]}
    refused = [c for c in cases if c.outcome == REFUSED]
    for case in refused:
        assert str(case.path) in failures, f"{case.kind}: {case.path.name} was not reported"
        assert case.expect in failures[str(case.path)], (case.kind, failures[str(case.path)])
        assert "\n" not in failures[str(case.path)]
    assert set(failures) == {str(c.path) for c in refused}

    stored_cases = [c for c in cases if c.outcome == STORED]
    with open_store(url) as store:
        documents = store.documents()
        origins = {d.origin.split(":")[0].split("#")[0] for d in documents}
        assert origins == {str(c.path) for c in stored_cases} | {str(p) for p in good}
        assert summary["documents_added"] == len(documents)
        assert not any(CONTROLS & set(d.text) for d in documents)
        numbers = {d.id for d in documents if "numbers-" in (d.origin or "")}
        tolls = [(f.kind, f.value) for f in store.figures().items if f.document_id in numbers]
        assert tolls and set(tolls) <= {("killed_civilians", 5), ("killed", 5)}, tolls
        salad = {d.id for d in documents if "salad-" in (d.origin or "")}
        with_events = {e.document_id for e in store.events().items} & salad
        assert salad and not with_events, (
            f"word salad with events: {len(with_events)} of {len(salad)}"
        )
        notes = {n["input"].split(":")[0] for n in summary["notes"]}
        assert {o for o in origins if "salad-" in o} <= notes  # each one said why it has no event
    assert peak < PEAK_RSS_LIMIT, f"peak RSS {peak / 2**20:.0f} MB"


# --- kill -9 at several points, re-run, compare with a clean run ---------------------------------


def _snapshot(url: str) -> dict[str, list]:
    """Everything a run leaves, without row ids (a rolled-back insert may consume a sequence)."""
    with open_store(url) as store:

        def plain(record) -> tuple:
            values = dict(vars(record))
            values.pop("id", None)
            values.pop("document_ingested_at", None)  # the clock, not the content
            return tuple(sorted((k, repr(v)) for k, v in values.items()))

        return {
            "documents": sorted((d.id, d.content_hash, d.text) for d in store.documents()),
            # by content fields: the PostgreSQL run is compared with a clean SQLite run, and the
            # two back ends hand back some typed values (floats, times) differently
            "events": sorted(
                (
                    e.record_key,
                    e.document_id,
                    e.event_type,
                    e.sub_event_type,
                    e.location,
                    e.fatalities,
                )
                for e in store.events().items
            ),
            "figures": sorted(plain(f) for f in store.figures().items),
            "incidents": sorted(
                (
                    i.key,
                    i.block,
                    i.event_type,
                    i.location,
                    i.fatalities_best,
                    i.source_count,
                    tuple(sorted((k.record_key, k.rule) for k in i.links)),
                )
                for i in store.incidents().items
            ),
            "unmerged": store.unmerged_documents(),
        }


def _killed(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == -signal.SIGKILL, (result.returncode, result.stderr[-2000:])


def _kill_and_rerun(url: str, clean_url: str, pipeline) -> None:
    corpus = str(CORPUS)
    with open_store(clean_url) as store:  # the clean run, in this process (same code path)
        ingest_paths([CORPUS], store, pipeline, chunk_size=3)
    clean = _snapshot(clean_url)
    assert clean["incidents"] and clean["unmerged"] == []

    # 1. inside a chunk: two documents committed, their chunk's merge not yet run
    _killed(_warwatch("ingest", corpus, "--db", url, "-q", kill=("stored", 2)))
    left = _snapshot(url)
    assert len(left["documents"]) == 2 and left["incidents"] == [] and left["unmerged"]
    # 2. inside the re-run's merge of what the crash left: a merge transaction cut short
    _killed(_warwatch("ingest", corpus, "--db", url, "-q", kill=("merging", 1)))
    # 3. the next run completes, and equals the clean run
    assert _warwatch("ingest", corpus, "--db", url, "-q").returncode == 0
    assert _snapshot(url) == clean
    # 4. inside `warwatch resolve`, half of the incidents written, then resolve again
    _killed(_warwatch("resolve", "--db", url, kill=("merging", 1)))
    assert _snapshot(url) == clean  # the rebuild's transaction was rolled back whole
    assert _warwatch("resolve", "--db", url).returncode == 0
    assert _snapshot(url) == clean


def test_kill_at_every_point_then_rerun_on_sqlite(tmp_path: Path, pipeline) -> None:
    killed, clean = (f"sqlite:///{tmp_path / name}" for name in ("killed.db", "clean.db"))
    _kill_and_rerun(killed, clean, pipeline)


@pytest.mark.postgres
def test_kill_at_every_point_then_rerun_on_postgres(tmp_path: Path, pipeline) -> None:
    from conftest import postgres_url, reset_postgres

    url = postgres_url()
    reset_postgres(url)
    _kill_and_rerun(url, f"sqlite:///{tmp_path / 'clean.db'}", pipeline)

"""Fuzz warwatch's ingest with thousands of generated bad inputs (issue 14); a script, not a test.

    .venv/bin/python benchmarks/fuzz_inputs.py [--scale 1.0] [--long-line 950000] [--seed 14]

Every input class of ``tests/bad_inputs.py`` is written into its own folder, and the whole tree is
ingested by one ``warwatch ingest --json`` process (a fresh SQLite file), as a user would. A
driver times every step of the pipeline's output stream (one spaCy batch, or one long text), so a
"hang" is a step over 60 s, or the process still running after 60 s per input (then killed).
Reported per class and in total: inputs, stored, refused, wrong outcomes (a stored input that
should have been refused or the reverse), tracebacks in stderr, the slowest step, peak RSS of the
process, and the share of word-salad files with events.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

from bad_inputs import CLASSES, REFUSED, generate, long_line  # noqa: E402

# inputs per class at --scale 1 (3,000+ in all); long texts are costly and need few
COUNTS = {
    "word_salad": 600, "number_salad": 300, "late_nul": 150, "deep_html": 100,
    "jsonl_odd_ids": 250, "jsonl_broken": 250, "binary": 200, "bad_encoding": 200,
    "empty": 200, "not_english": 200, "xml_bombs": 100, "script_only_html": 100,
    "utf16": 100, "special_files": 60, "unsupported": 150, "too_long": 3, "long_line": 2,
}  # fmt: skip
HANG_SECONDS = 60.0


# Times each item of Pipeline.process (the stream that batch.ingest_documents consumes).
DRIVER = """
import sys, time
from warwatch.pipeline import Pipeline
original = Pipeline.process
slowest = [0.0, ""]
def timed(self, documents):
    stream = original(self, documents)
    while True:
        started = time.monotonic()
        try:
            item = next(stream)
        except StopIteration:
            return
        took = time.monotonic() - started
        if took > slowest[0]:
            slowest[:] = [took, getattr(getattr(item, "document", None), "origin", "") or ""]
        yield item
Pipeline.process = timed
from warwatch.cli import main
sys.argv = ["warwatch", *sys.argv[1:]]
try:
    main()
finally:
    print(f"FUZZ_SLOWEST {slowest[0]:.1f} {slowest[1]}", file=sys.stderr)
"""


def _ingest(folder: Path, db: str, inputs: int) -> tuple[dict, str, bool, float]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    command = [sys.executable, "-c", DRIVER, "ingest", str(folder), "--db", db, "--json"]
    started = time.monotonic()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        out, err = process.communicate(timeout=HANG_SECONDS * inputs)
        killed = False
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        killed = True
    summary = json.loads(out) if out.strip().startswith("{") else {}
    return summary, err, killed, time.monotonic() - started


def _class_of(path: str, folder: Path) -> str:
    return Path(path).relative_to(folder).parts[0]


def _events_by_origin(db: str) -> dict[str, int]:
    from warwatch.store import open_store

    with open_store(db) as store:
        origin = {d.id: d.origin for d in store.documents()}
        counts: dict[str, int] = defaultdict(int)
        for event in store.events().items:
            counts[origin[event.document_id]] += 1
        return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--long-line", type=int, default=950_000, help="characters")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warwatch-fuzz-") as tmp:
        folder = Path(tmp) / "inputs"
        cases = []
        for name in CLASSES:
            count = max(1, round(COUNTS[name] * args.scale))
            if name == "long_line":
                (folder / name).mkdir(parents=True)
                made = long_line(
                    random.Random(args.seed), folder / name, count, chars=args.long_line
                )
                cases += [c.__class__(c.path, c.outcome, c.expect, name) for c in made]
            else:
                cases += generate(folder / name, {name: count}, seed=args.seed)
        db = f"sqlite:///{Path(tmp) / 'fuzz.db'}"
        summary, err, killed, seconds = _ingest(folder, db, len(cases))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        counts = {k: v for k, v in summary.items() if k not in ("failures", "notes")}
        print(
            json.dumps(
                {**counts, "killed": killed, "seconds": round(seconds), "peak_rss_mb": round(peak)}
            )
        )
        print("\n".join(err.splitlines()[-3:]), flush=True)
        refused = {f["input"].split(":")[0].split("#")[0] for f in summary.get("failures", [])}
        events = _events_by_origin(db) if not killed else {}
        rows: dict[str, dict] = {}
        for case in cases:
            row = rows.setdefault(case.kind, {"class": case.kind, "inputs": 0, "refused": 0, "wrong": 0, "with_events": 0})  # fmt: skip
            row["inputs"] += 1
            was_refused = str(case.path) in refused
            row["refused"] += was_refused
            row["wrong"] += was_refused != (case.outcome == REFUSED)
            row["with_events"] += any(
                o.split(":")[0].split("#")[0] == str(case.path) for o in events
            )
        for row in rows.values():
            print(json.dumps(row))
    slowest = next((line for line in err.splitlines() if line.startswith("FUZZ_SLOWEST")), "")
    step = float(slowest.split()[1]) if slowest else float("nan")
    salad = rows.get("word_salad", {"inputs": 0, "with_events": 0})
    print(
        f"\n{len(cases)} inputs in {len(rows)} classes, one ingest process: exit "
        f"{'killed' if killed else summary and 'ok'}, {seconds:.0f} s; "
        f"stored {summary.get('documents_added', 0)}, refused {len(refused)}, "
        f"wrong outcomes {sum(r['wrong'] for r in rows.values())}; "
        f"tracebacks {err.count('Traceback')}; slowest step {step:.1f} s "
        f"({' '.join(slowest.split()[2:])[-60:]}); hangs over {HANG_SECONDS:.0f} s "
        f"{int(killed or step > HANG_SECONDS)}; peak RSS {peak:.0f} MB"
    )
    if salad["inputs"]:
        share = salad["with_events"] / salad["inputs"]
        print(
            f"word salad: {salad['with_events']} of {salad['inputs']} files with events ({share:.1%})"
        )


if __name__ == "__main__":
    main()

"""Fuzz warwatch's ingest with thousands of generated bad inputs (issue 14); a script, not a test.

    .venv/bin/python benchmarks/fuzz_inputs.py [--scale 1.0] [--long-line 950000] [--seed 14]

Every input class of ``tests/bad_inputs.py`` is written into its own folder and ingested by its
own ``warwatch ingest --json`` process (a fresh SQLite file each), so each class has its own
exit code, stderr and peak RSS. Reported per class and in total: inputs, stored, refused,
tracebacks (in stderr), hangs (a process still running after 60 s plus 0.5 s per input is
killed and counted), peak RSS, and, for the word-salad class, the share of files with events.
Refusals are checked against the class's expected outcome (a wrong outcome is listed).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bad_inputs import CLASSES, REFUSED, generate, long_line  # noqa: E402

# inputs per class at --scale 1 (3,000+ in all); long texts are costly and need few
COUNTS = {
    "word_salad": 600, "number_salad": 300, "late_nul": 150, "deep_html": 100,
    "jsonl_odd_ids": 250, "jsonl_broken": 250, "binary": 200, "bad_encoding": 200,
    "empty": 200, "not_english": 200, "xml_bombs": 100, "script_only_html": 100,
    "utf16": 100, "special_files": 60, "unsupported": 150, "too_long": 3, "long_line": 2,
}  # fmt: skip
HANG_SECONDS = 60.0


def _run_class(name: str, folder: Path, cases: list, workdir: Path) -> dict:
    db = f"sqlite:///{workdir / f'{name}.db'}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    command = [sys.executable, "-c", "from warwatch.cli import main; main()"]
    command += ["ingest", str(folder), "--db", db, "--json"]
    limit = HANG_SECONDS + 0.5 * len(cases) + 30  # + model loading
    started = time.monotonic()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        out, err = process.communicate(timeout=limit)
        hung = False
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        hung = True
    elapsed = time.monotonic() - started
    summary = json.loads(out) if out.strip().startswith("{") else {}
    failed = {f["input"].split(":")[0].split("#")[0] for f in summary.get("failures", [])}
    wrong = [c.path.name for c in cases if (str(c.path) in failed) != (c.outcome == REFUSED)]
    row = {
        "class": name,
        "inputs": len(cases),
        "stored": summary.get("documents_added", 0),
        "refused": len(failed),
        "events": summary.get("events_added", 0),
        "tracebacks": err.count("Traceback"),
        "hung": hung,
        "exit": process.returncode,
        "seconds": round(elapsed, 1),
        "wrong_outcome": wrong[:5],
        "wrong_count": len(wrong),
    }
    if name == "word_salad" and not hung:
        row["salad_with_events"] = _documents_with_events(db)
    return row


def _documents_with_events(db: str) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from warwatch.store import open_store

    with open_store(db) as store:
        return len({e.document_id for e in store.events()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--long-line", type=int, default=950_000, help="characters")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--only", nargs="*", help="class names (default: all)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="warwatch-fuzz-") as tmp:
        workdir = Path(tmp)
        for name in CLASSES:
            if args.only and name not in args.only:
                continue
            count = max(1, round(COUNTS[name] * args.scale))
            folder = workdir / name
            if name == "long_line":
                folder.mkdir()
                import random

                cases = long_line(random.Random(args.seed), folder, count, chars=args.long_line)
            else:
                cases = generate(folder, {name: count}, seed=args.seed)
            row = _run_class(name, folder, cases, workdir)
            row["peak_rss_mb"] = round(
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            )  # the high-water mark of every child so far: the largest class sets it
            rows.append(row)
            print(json.dumps(row), flush=True)
    total = sum(r["inputs"] for r in rows)
    salad = next((r for r in rows if r["class"] == "word_salad"), None)
    print(
        f"\n{total} inputs in {len(rows)} classes; tracebacks {sum(r['tracebacks'] for r in rows)}; "
        f"hangs {sum(r['hung'] for r in rows)}; wrong outcomes {sum(r['wrong_count'] for r in rows)}; "
        f"peak RSS {max(r['peak_rss_mb'] for r in rows)} MB; slowest class "
        f"{max(rows, key=lambda r: r['seconds'])['class']} ({max(r['seconds'] for r in rows)} s)"
    )
    if salad and "salad_with_events" in salad:
        share = salad["salad_with_events"] / salad["inputs"]
        print(
            f"word salad: {salad['salad_with_events']} of {salad['inputs']} files with events ({share:.1%})"
        )


if __name__ == "__main__":
    main()

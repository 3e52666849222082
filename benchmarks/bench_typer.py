"""The event typer's share of pipeline time (issue 11: at most 15 %). Not a test: prints figures.

In one process, on the first ``--n`` records of each corpus: the whole pipeline
(``Pipeline.process``, as ``bench_pipeline.py`` times it), then the shipped typer on every
sentence of the same documents (an upper bound: the extractor types only the sentences that may
hold an event), one ``predict`` call per document as the extractor would batch it. Both are
timed in CPU seconds of this process (``time.process_time``), so other work on a shared machine
does not tilt the ratio.

    .venv/bin/python benchmarks/bench_typer.py [--n 60] [--notes PATH] [--news PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _texts(path: Path, n: int) -> list[tuple[str, str | None]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n:
                break
            if line.strip():
                rec = json.loads(line)
                out.append((rec["text"], rec.get("published")))
    return out


def measure(name: str, corpus: list[tuple[str, str | None]], pipeline, typer) -> None:  # type: ignore[no-untyped-def]
    from warwatch.classifier.corpus import sentence_spans
    from warwatch.classifier.features import packaged_cues
    from warwatch.ingest import read_text_document

    docs = [read_text_document(t, published=p) for t, p in corpus]
    start = time.process_time()
    count = sum(1 for _ in pipeline.process(docs))
    pipeline_s = time.process_time() - start
    by_doc = [[t[s:e] for s, e in sentence_spans(t)] for t, _ in corpus]
    sentences = [s for doc in by_doc for s in doc]
    start = time.process_time()
    for doc in by_doc:
        typer.predict(doc)
    typer_s = time.process_time() - start
    # The extractor already searches the event cues in every sentence; handed those names, the
    # typer only adds the TF-IDF features and the product.
    cues = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in packaged_cues().items()]
    found = [[{n for n, rx in cues if rx.search(s)} for s in doc] for doc in by_doc]
    start = time.process_time()
    for doc, names in zip(by_doc, found):
        typer.predict(doc, names)
    shared_s = time.process_time() - start
    # One call for the whole batch of documents (as a batch runner would type them).
    start = time.process_time()
    typer.predict(sentences, [names for doc in found for names in doc])
    batch_s = time.process_time() - start
    per_doc = pipeline_s / count
    print(
        f"{name}: {count} docs, {len(sentences)} sentences; CPU time: pipeline {per_doc * 1000:.1f} ms/doc "
        f"({pipeline_s / len(sentences) * 1000:.2f} s per 1,000 sentences); typer "
        f"{typer_s / len(sentences) * 1000:.2f} s per 1,000 sentences, "
        f"{typer_s / count * 1000:.1f} ms/doc = {typer_s / pipeline_s:.1%} of pipeline time; "
        f"with the extractor's cues {shared_s / len(sentences) * 1000:.2f} s per 1,000 sentences "
        f"= {shared_s / pipeline_s:.1%}; one call per batch {batch_s / len(sentences) * 1000:.2f} "
        f"s per 1,000 sentences = {batch_s / pipeline_s:.1%}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--notes", type=Path, default=SHARED / "data" / "acled_notes" / "dev.jsonl")
    ap.add_argument("--news", type=Path, default=SHARED / "data" / "news_dev" / "dev.jsonl")
    args = ap.parse_args()
    from warwatch.classifier import EventTyper
    from warwatch.config import Settings
    from warwatch.pipeline import Pipeline

    start = time.perf_counter()
    typer = EventTyper.load()
    print(f"typer load {time.perf_counter() - start:.2f} s")
    pipeline = Pipeline(Settings.from_env())
    list(pipeline.process([]))
    typer.predict(["warm-up sentence."])
    for name, path in (("acled notes", args.notes), ("news_dev articles", args.news)):
        if path.is_file():
            measure(name, _texts(path, args.n), pipeline, typer)
        else:
            print(f"{name}: {path} absent, skipped")


if __name__ == "__main__":
    main()

"""Accuracy floor on whole news articles (issue 10): the pipeline on a pinned slice of news_dev
``tune`` must not score below the minimums kept in ``tests/data/news_floor.json``.

The slice is chosen by a rule, not by hand: the tune articles with the smallest SHA-1 of their id.
Its gold is pinned by a digest, so a change to the shared gold shows up here rather than as a
silent move of the scores. Raising a minimum after an improvement, or lowering one, is a visible
change of that file; re-measure with ``python tests/test_news_floor.py``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

FLOOR_FILE = Path(__file__).parent / "data" / "news_floor.json"

pytestmark = pytest.mark.shared


def floor() -> dict:
    return json.loads(FLOOR_FILE.read_text(encoding="utf-8"))


def pinned_slice(gold_path: Path, split: str, size: int) -> list:
    """The ``size`` articles of ``split`` whose id has the smallest SHA-1 (stable, not chosen)."""
    from warwatch.evaluation import load_gold, select_split

    docs = list(select_split(load_gold(gold_path, strict=True), split))
    docs.sort(key=lambda d: hashlib.sha1(d.id.encode("utf-8")).hexdigest())
    return docs[:size]


def slice_digest(gold_path: Path, ids: set[str]) -> str:
    """SHA-256 over the slice's gold lines, in file order."""
    digest = hashlib.sha256()
    for line in gold_path.read_bytes().splitlines():
        if line.strip() and json.loads(line)["id"] in ids:
            digest.update(line)
    return digest.hexdigest()


def measure(pipeline, gold_path: Path, spec: dict) -> dict[str, float | None]:
    from warwatch.evaluation.runner import (
        as_document,
        evaluate_pairs,
        lenient_comparisons,
        same_place_by_gazetteer,
    )

    docs = pinned_slice(gold_path, spec["split"], spec["articles"])
    pairs = []
    for gold, result in zip(
        docs, pipeline.process([as_document(d, gold_path, without_published=False) for d in docs])
    ):
        assert not isinstance(result, Exception), result
        pairs.append((gold, result.events, result.figures, result.entities))
    articles = evaluate_pairs(
        pairs, lenient_comparisons(pipeline), same_place=same_place_by_gazetteer(pipeline)
    ).articles
    assert articles is not None
    return {
        "precision": articles.precision,
        "recall": articles.recall,
        "sub_event_type": articles.fields["sub_event_type"].accuracy,
        "event_date": articles.fields["event_date"].accuracy,
    }


def test_news_slice_stays_above_its_floor(pipeline, shared_dir):
    spec = floor()
    gold_path = shared_dir / spec["gold"]
    docs = pinned_slice(gold_path, spec["split"], spec["articles"])
    assert len(docs) == spec["articles"]
    assert slice_digest(gold_path, {d.id for d in docs}) == spec["gold_sha256"], (
        "the pinned slice's gold changed: re-measure and update tests/data/news_floor.json"
    )
    measured = measure(pipeline, gold_path, spec)
    below = {
        name: (measured[name], minimum)
        for name, minimum in spec["minimum"].items()
        if measured[name] is None or measured[name] < minimum
    }
    assert not below, f"below the floor (measured, minimum): {below}"


if __name__ == "__main__":  # re-measure: prints the figures and the digest to put in the file
    from warwatch.config import Settings
    from warwatch.pipeline import Pipeline

    spec = floor()
    gold_path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared") / spec["gold"]
    ids = {d.id for d in pinned_slice(gold_path, spec["split"], spec["articles"])}
    figures = measure(Pipeline(Settings()), gold_path, spec)
    print(json.dumps({"measured": figures, "gold_sha256": slice_digest(gold_path, ids)}, indent=2))

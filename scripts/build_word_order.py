"""Build ``src/warwatch/data/prose/word_order.json``, the word-order model of ``extract/prose.py``.

    .venv/bin/python scripts/build_word_order.py [--shared ../shared] [--notes 3000] [--seed 14]

Counts the coarse tag bigrams of prose: the ``tune`` halves of the ACLED notes (the first
``--notes`` of them) and of the news_dev articles, tagged by the model warwatch ships. Held-out
halves are never read. Deterministic: the same files and model give the same counts.

It then measures what the threshold separates, on the same tune texts: the score of every text
of at least ``MIN_WORDS`` words, and of the same texts with their words shuffled into random
sentences (what word salad is), and writes those figures into the file beside the counts.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from warwatch.evaluation.gold import load_gold, select_split  # noqa: E402
from warwatch.extract.claimants import ClaimantBook  # noqa: E402
from warwatch.extract.prose import (  # noqa: E402
    WordOrderModel,
    sentence_tags,
    tag_bigrams,
    word_order_score,
)
from warwatch.nlp import MODEL, claimant_patterns, load_pipeline  # noqa: E402

OUT = ROOT / "src" / "warwatch" / "data" / "prose" / "word_order.json"
MIN_WORDS = 60  # below this a mean over a few dozen bigrams is too noisy to judge
# Chosen from the figures this script prints (tune: prose min 0.27, shuffled max 0.06): nearer
# the shuffled side, because dropping a real report costs more than letting a rare salad through.
THRESHOLD = 0.12
SMOOTHING = 0.5


def tune_texts(shared: Path, notes: int) -> list[str]:
    """The tune halves' texts: the first ``notes`` ACLED notes, then every news_dev article."""
    acled = select_split(load_gold(shared / "data" / "acled_notes" / "dev.jsonl"), "tune")
    news = select_split(load_gold(shared / "data" / "news_dev" / "dev.jsonl"), "tune")
    return [d.text for d in itertools.chain(itertools.islice(acled, notes), news)]


def shuffled(text: str, rng: random.Random) -> str:
    """The text's words in random order, cut into sentences of 8 to 20 words."""
    words = [w.strip(".,;:\"'()") for w in text.split()]
    words = [w for w in words if w]
    rng.shuffle(words)
    sentences = []
    while words:
        size = rng.randint(8, 20)
        part, words = words[:size], words[size:]
        sentence = " ".join(part)
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
    return " ".join(sentences)


def figures(scores: list[float]) -> dict[str, float]:
    ordered = sorted(scores)
    if not ordered:
        return {}
    return {
        "texts": len(ordered),
        "min": round(ordered[0], 3),
        "p01": round(ordered[len(ordered) // 100], 3),
        "median": round(statistics.median(ordered), 3),
        "max": round(ordered[-1], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--notes", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message=r"\[W036\]")  # no patterns: tags only
    nlp = load_pipeline(claimant_patterns=claimant_patterns(ClaimantBook.load()))
    texts = tune_texts(args.shared, args.notes)
    counts: Counter[str] = Counter()
    docs = list(nlp.pipe(texts, disable=["ner", "lemmatizer"], batch_size=64))
    for doc in docs:
        counts.update(f"{p} {t}" for p, t in tag_bigrams(sentence_tags(doc)))
    bigrams = dict(sorted(counts.items()))
    model = WordOrderModel.from_counts(bigrams, MIN_WORDS, THRESHOLD, SMOOTHING)

    rng = random.Random(args.seed)
    prose, salad = [], []
    for doc, text in zip(docs, texts, strict=True):
        words, score = word_order_score(doc, model)
        if words >= MIN_WORDS:
            prose.append(score)
            mixed = nlp(shuffled(text, rng), disable=["ner", "lemmatizer"])
            salad.append(word_order_score(mixed, model)[1])
    measured = {"prose": figures(prose), "shuffled": figures(salad)}
    print(json.dumps(measured, indent=1))
    spec = {
        "about": "Coarse tag bigram counts of English prose (tune halves of the gold data), "
        "for extract/prose.py; built by scripts/build_word_order.py",
        "model": MODEL,
        "texts": len(texts),
        "smoothing": SMOOTHING,
        "min_words": MIN_WORDS,
        "threshold": THRESHOLD,
        "measured_on_tune": measured,
        "bigrams": bigrams,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(spec, indent=1, sort_keys=False) + "\n", "utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(bigrams)} bigrams from {len(texts)} texts")


if __name__ == "__main__":
    main()

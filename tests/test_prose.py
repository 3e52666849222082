"""Telling prose from word salad (extract/prose.py): a random order of English words, however full
of war words, yields no event; real reports, in any order of their own, keep theirs (issue 14)."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from bad_inputs import word_salad

from warwatch.extract.prose import (
    END,
    START,
    WordOrderModel,
    reads_as_word_salad,
    tag_bigrams,
    word_order_score,
)
from warwatch.ingest import read_text_document

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
REPORT = (
    "Government forces shelled the northern town of Izium on Monday, killing four civilians and "
    "wounding nine others, local officials said. The governor said two missiles hit a school and "
    "a market near the central square in the morning. Rebel fighters later attacked an army "
    "checkpoint on the road to Kharkiv, and the clashes lasted for several hours, according to "
    "residents who fled the area with their families."
)


def shuffled_words(text: str, seed: int) -> str:
    """The report's own words in random order, cut into sentences: word salad of real words."""
    words = [w.strip(".,") for w in text.split()]
    random.Random(seed).shuffle(words)
    cut = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
    return " ".join(s[0].upper() + s[1:] + "." for s in cut)


@pytest.fixture(scope="module")
def model() -> WordOrderModel:
    return WordOrderModel.load()


def test_the_shipped_model_is_built_from_prose(model) -> None:
    # prose is predictable: a determiner is followed by a noun far more often than by chance,
    # and a sentence does not end on a determiner
    assert model.log_ratio[("DET", "NOUN")] > 0.5
    assert model.log_ratio[("DET", END)] < -1
    assert 0 < model.threshold < 0.5 and model.min_words >= 30


def test_tag_bigrams_mark_each_sentence() -> None:
    pairs = tag_bigrams([["DET", "NOUN"], [], ["VERB"]])
    assert pairs == [(START, "DET"), ("DET", "NOUN"), ("NOUN", END), (START, "VERB"), ("VERB", END)]


def test_counts_give_association_above_chance() -> None:
    built = WordOrderModel.from_counts({"A B": 90, "A A": 10, "B A": 50, "B B": 50}, 10, 0.1)
    assert built.log_ratio[("A", "B")] > 0 > built.log_ratio[("A", "A")]
    # add-half estimates: P(A | B) = 50.5 / 101, P(A) = 60.5 / 201
    assert built.log_ratio[("B", "A")] == pytest.approx(math.log((50.5 / 101) / (60.5 / 201)))


def test_a_report_reads_as_prose_and_its_shuffled_words_do_not(nlp, model) -> None:
    words, score = word_order_score(nlp(REPORT), model)
    assert words >= model.min_words and score > model.threshold
    for seed in range(5):
        salad = nlp(shuffled_words(REPORT, seed))
        assert reads_as_word_salad(salad, model), word_order_score(salad, model)


def test_every_demo_report_reads_as_prose(nlp, model) -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        assert not reads_as_word_salad(nlp(path.read_text("utf-8")), model), path.name


def test_a_short_text_is_never_judged(nlp, model) -> None:
    short = shuffled_words(REPORT, 0).split(".")[0] + "."
    words, _ = word_order_score(nlp(short), model)
    assert words < model.min_words
    assert not reads_as_word_salad(nlp(short), model)


def test_word_salad_yields_no_event_and_says_why(pipeline, tmp_path) -> None:
    ordered = pipeline.extract_one(read_text_document(REPORT))
    assert ordered.events and not ordered.warnings
    salad = pipeline.extract_one(read_text_document(shuffled_words(REPORT, 1)))
    assert salad.events == ()
    assert salad.warnings and "word salad" in salad.warnings[0]
    generated = word_salad(random.Random(3), tmp_path, 20)
    made = [pipeline.extract_one(read_text_document(c.path.read_text("utf-8"))) for c in generated]
    assert sum(bool(e.events) for e in made) == 0

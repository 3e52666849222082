"""Whether a text reads as English prose or as words in random order (word salad).

A text of English words in random order passes the language check (its words are English) and
is full of cue words when the words are about war, so every stage downstream finds "events" in
it. What it lacks is English word order: the part-of-speech tag of each word follows the previous
one far less predictably than in prose (a determiner before a noun, a noun before a verb). The
score is the mean, over all tag bigrams of the text (sentence start and end included), of
``log P(tag | previous tag) / P(tag)``: how much the previous tag tells about the next. Prose
scores well above zero; shuffled words score near zero or below.

The counts come from the tagged tune halves of the gold data (``scripts/build_word_order.py``,
``data/prose/word_order.json``); the threshold and the minimum length are in the same file, with
the scores measured when it was built. Short texts are never judged: a headline or a one-line
note has too few bigrams for a stable mean.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc

START = "<s>"
END = "</s>"
DATA_FILE = "word_order.json"


@dataclass(frozen=True)
class WordOrderModel:
    """Tag-bigram association measured on prose, and when a text is too disordered to read."""

    log_ratio: Mapping[tuple[str, str], float]  # (previous tag, tag) -> log P(t|p)/P(t)
    unseen: float  # the log ratio of a bigram never seen in prose
    min_words: int  # texts with fewer words are never judged
    threshold: float  # a mean log ratio below this reads as word salad

    @classmethod
    def from_counts(
        cls,
        bigrams: Mapping[str, int],
        min_words: int,
        threshold: float,
        smoothing: float = 0.5,
    ) -> WordOrderModel:
        """From ``{"PREV TAG": count}``; add-``smoothing`` estimates over the tags seen."""
        pairs = {tuple(key.split(" ")): n for key, n in bigrams.items()}
        tags = sorted({t for pair in pairs for t in pair})
        following = dict.fromkeys(tags, 0.0)
        preceding = dict.fromkeys(tags, 0.0)
        for (prev, tag), n in pairs.items():
            preceding[prev] += n
            following[tag] += n
        total = sum(following.values()) + smoothing * len(tags)
        p_tag = {t: (following[t] + smoothing) / total for t in tags}

        def ratio(prev: str, tag: str, n: float) -> float:
            given = (n + smoothing) / (preceding[prev] + smoothing * len(tags))
            return math.log(given / p_tag[tag])

        log_ratio = {(p, t): ratio(p, t, pairs.get((p, t), 0)) for p in tags for t in tags}
        return cls(
            log_ratio=log_ratio,
            unseen=min(log_ratio.values(), default=0.0),
            min_words=min_words,
            threshold=threshold,
        )

    @classmethod
    def load(cls) -> WordOrderModel:
        """The model shipped in ``warwatch/data/prose``."""
        text = resources.files("warwatch").joinpath("data", "prose", DATA_FILE).read_text("utf-8")
        spec = json.loads(text)
        return cls.from_counts(
            spec["bigrams"], spec["min_words"], spec["threshold"], spec["smoothing"]
        )


def sentence_tags(doc: Doc) -> list[list[str]]:
    """The coarse tags of each sentence, spaces left out."""
    return [[t.pos_ for t in sent if not t.is_space] for sent in doc.sents]


def tag_bigrams(sentences: Iterable[Sequence[str]]) -> list[tuple[str, str]]:
    """Every (previous, next) tag pair, with a start and an end mark around each sentence."""
    pairs: list[tuple[str, str]] = []
    for tags in sentences:
        if tags:
            marked = [START, *tags, END]
            pairs += itertools.pairwise(marked)
    return pairs


def word_order_score(doc: Doc, model: WordOrderModel) -> tuple[int, float]:
    """(words, mean tag-bigram log ratio) of a parsed text; words leave punctuation out."""
    sentences = sentence_tags(doc)
    words = sum(1 for tags in sentences for t in tags if t not in ("PUNCT", "SYM"))
    pairs = tag_bigrams(sentences)
    if not pairs:
        return words, 0.0
    total = sum(model.log_ratio.get(pair, model.unseen) for pair in pairs)
    return words, total / len(pairs)


def reads_as_word_salad(doc: Doc, model: WordOrderModel) -> bool:
    """Whether a text long enough to judge has too little English word order to be prose."""
    words, score = word_order_score(doc, model)
    return words >= model.min_words and score < model.threshold

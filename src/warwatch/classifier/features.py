"""Features of the event typer: word and character TF-IDF (scikit-learn) plus event-cue flags.

The cue flags are the named regular expressions of ``data/event_cues.yaml`` as they were when the
model was trained: the model file keeps its own copy, so editing the rules never shifts the
features a shipped model reads.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
import yaml
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

# Settings of the two TF-IDF blocks; stored in the model file so loading rebuilds the same ones.
WORD_PARAMS: dict[str, object] = {"ngram_range": (1, 2), "sublinear_tf": True, "min_df": 2}
CHAR_PARAMS: dict[str, object] = {
    "analyzer": "char_wb",
    "ngram_range": (2, 5),
    "sublinear_tf": True,
    "min_df": 3,
}
# A cue flag weighs as much as half a TF-IDF block (each block's row has unit length).
CUE_WEIGHT = 0.5


def packaged_cues() -> dict[str, str]:
    """The cue patterns of the packaged ``data/event_cues.yaml``, by name."""
    text = resources.files("warwatch").joinpath("data/event_cues.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text)["cues"])


@dataclass(frozen=True)
class Featurizer:
    """Fitted feature blocks: word TF-IDF, character TF-IDF and cue flags, side by side."""

    word: TfidfVectorizer
    char: TfidfVectorizer
    cues: tuple[tuple[str, re.Pattern[str]], ...]
    cue_weight: float = CUE_WEIGHT

    @property
    def width(self) -> int:
        return len(self.word.vocabulary_) + len(self.char.vocabulary_) + len(self.cues)

    def transform(
        self, texts: Sequence[str], found: Sequence[Collection[str]] | None = None
    ) -> sparse.csr_matrix:
        """Feature rows of ``texts``. ``found``: the cue names already found in each text by a
        caller running the same patterns (see :meth:`same_cues`), so they are not searched twice."""
        if found is None:
            found = [{name for name, rx in self.cues if rx.search(t)} for t in texts]
        flags = sparse.csr_matrix(
            [
                [self.cue_weight if name in names else 0.0 for name, _ in self.cues]
                for names in found
            ],
            shape=(len(texts), len(self.cues)),
        )
        blocks = [self.word.transform(texts), self.char.transform(texts), flags]
        return sparse.hstack(blocks, format="csr")

    def same_cues(self, patterns: Mapping[str, str]) -> bool:
        """Whether ``patterns`` (name to regular expression) are exactly the model's cues."""
        return dict(self.cues_source()) == dict(patterns)

    def to_json(self) -> dict[str, object]:
        return {
            "word": _block_json(self.word),
            "char": _block_json(self.char),
            # a list, not an object: the model file is written with sorted keys, and the cue
            # columns must keep their training order
            "cues": [list(pair) for pair in self.cues_source()],
            "cue_weight": self.cue_weight,
        }

    def cues_source(self) -> list[tuple[str, str]]:
        return [(name, rx.pattern) for name, rx in self.cues]


def _compile(
    cues: Mapping[str, str] | Sequence[Sequence[str]],
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    pairs = cues.items() if isinstance(cues, Mapping) else cues
    return tuple((name, re.compile(rx, re.IGNORECASE)) for name, rx in pairs)


def fit_featurizer(texts: Sequence[str], cues: Mapping[str, str]) -> Featurizer:
    """Fit the TF-IDF vocabularies and weights on ``texts``."""
    word = TfidfVectorizer(**WORD_PARAMS)
    char = TfidfVectorizer(**CHAR_PARAMS)
    word.fit(texts)
    char.fit(texts)
    return Featurizer(word, char, _compile(cues))


def _block_json(vec: TfidfVectorizer) -> dict[str, object]:
    # Terms in column order, so the file is the same whatever order the dict was built in.
    terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    return {"terms": terms, "idf": [float(x) for x in vec.idf_]}


def _block_from_json(spec: Mapping[str, object], params: Mapping[str, object]) -> TfidfVectorizer:
    terms = list(spec["terms"])  # type: ignore[call-overload]
    kwargs = {k: v for k, v in params.items() if k != "min_df"}
    vec = TfidfVectorizer(vocabulary={t: i for i, t in enumerate(terms)}, **kwargs)
    vec.idf_ = np.asarray(spec["idf"], dtype=np.float64)
    return vec


def featurizer_from_json(spec: Mapping[str, object]) -> Featurizer:
    """Rebuild a :class:`Featurizer` from :meth:`Featurizer.to_json` output."""
    return Featurizer(
        word=_block_from_json(spec["word"], WORD_PARAMS),  # type: ignore[arg-type]
        char=_block_from_json(spec["char"], CHAR_PARAMS),  # type: ignore[arg-type]
        cues=_compile(spec["cues"]),  # type: ignore[arg-type]
        cue_weight=float(spec["cue_weight"]),  # type: ignore[arg-type]
    )

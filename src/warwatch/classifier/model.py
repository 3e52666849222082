"""The event typer at run time: load the shipped weights, score texts.

A model is a folder of three files, none of them a pickle (loading runs no code from the file):
``model.json`` (labels, temperature, TF-IDF vocabularies and weights, cue patterns, provenance),
``coef.npy`` and ``intercept.npy`` (the linear layer, read with ``allow_pickle=False``).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from warwatch.classifier.calibration import probabilities
from warwatch.classifier.features import Featurizer, featurizer_from_json
from warwatch.classifier.labels import NO_EVENT
from warwatch.errors import WarwatchError

FILES = ("model.json", "coef.npy", "intercept.npy")


class ModelError(WarwatchError):
    """The typer's model folder is missing, incomplete or from another format."""

    code = "model_error"


@dataclass(frozen=True)
class TypeScores:
    """Calibrated probabilities of one text over the 25 ACLED sub-event types and ``no event``."""

    probabilities: Mapping[str, float]

    @property
    def best(self) -> str:
        """The most probable label (``no event`` included)."""
        return max(self.probabilities, key=self.probabilities.__getitem__)

    @property
    def confidence(self) -> float:
        """The probability of :attr:`best`."""
        return self.probabilities[self.best]

    @property
    def event_probability(self) -> float:
        """The probability that the text reports an event of any type."""
        return 1.0 - self.probabilities.get(NO_EVENT, 0.0)

    def best_type(self) -> tuple[str, float]:
        """The most probable sub-event type given that there is an event, with that probability
        (conditioned on "an event"; it is what re-ranks the rules' type)."""
        types = {k: v for k, v in self.probabilities.items() if k != NO_EVENT}
        name = max(types, key=types.__getitem__)
        mass = sum(types.values())
        return name, (types[name] / mass if mass else 0.0)


@dataclass(frozen=True)
class EventTyper:
    """A trained linear typer over :class:`Featurizer` features, temperature-calibrated."""

    labels: tuple[str, ...]
    featurizer: Featurizer
    coef: np.ndarray  # (labels, features), float32
    intercept: np.ndarray  # (labels,), float32
    temperature: float
    card: Mapping[str, object] = field(default_factory=dict)  # provenance and scores
    # The linear layer as the sparse product wants it (features x labels, float64, C order),
    # made once: converting it on every call cost more than scoring a sentence.
    _weights: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weights = np.ascontiguousarray(self.coef.T, dtype=np.float64)
        object.__setattr__(self, "_weights", weights)

    @property
    def version(self) -> str:
        """``typer-<version>``: what each stored event records as the model that typed it."""
        return f"typer-{self.card.get('version', 'unversioned')}"

    @classmethod
    def load(cls, path: str | Path | None = None) -> EventTyper:
        """Load a model folder; ``None`` loads the one shipped in ``warwatch/data/typer``."""
        folder = Path(path) if path is not None else packaged_folder()
        missing = [name for name in FILES if not (folder / name).is_file()]
        if missing:
            raise ModelError(
                f"not a typer model folder: {', '.join(missing)} missing "
                "(train one with `warwatch train typer`)",
                source=str(folder),
            )
        try:
            spec = json.loads((folder / "model.json").read_text("utf-8"))
            coef = np.load(folder / "coef.npy", allow_pickle=False)
            intercept = np.load(folder / "intercept.npy", allow_pickle=False)
            return cls(
                labels=tuple(spec["labels"]),
                featurizer=featurizer_from_json(spec["features"]),
                coef=coef,
                intercept=intercept,
                temperature=float(spec["temperature"]),
                card=spec.get("card", {}),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"unreadable typer model: {exc}", source=str(folder)) from exc

    def scores(
        self, texts: Sequence[str], cues: Sequence[Collection[str]] | None = None
    ) -> np.ndarray:
        """Uncalibrated linear scores, one row per text."""
        features = self.featurizer.transform(list(texts), cues)
        return np.asarray(features @ self._weights) + self.intercept

    def predict_proba(
        self, texts: Sequence[str], cues: Sequence[Collection[str]] | None = None
    ) -> np.ndarray:
        """Calibrated probabilities, one row per text, columns in :attr:`labels` order."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        return probabilities(self.scores(texts, cues), self.temperature)

    def predict(
        self, texts: Sequence[str], cues: Sequence[Collection[str]] | None = None
    ) -> list[TypeScores]:
        """Calibrated scores of each text over the 26 labels.

        ``cues``: for each text, the names of the ``event_cues.yaml`` cues the caller already
        found in it (the extractor searches them anyway); pass them only when
        :meth:`uses_cues` says the model was trained with those very patterns. Without them the
        typer searches its own copy of the patterns.
        """
        return [
            TypeScores(dict(zip(self.labels, (float(p) for p in row))))
            for row in self.predict_proba(texts, cues)
        ]

    def uses_cues(self, patterns: Mapping[str, str]) -> bool:
        """Whether the model's cue flags are exactly ``patterns`` (name to regular expression)."""
        return self.featurizer.same_cues(patterns)

    def save(self, path: str | Path) -> None:
        """Write the model folder (same model, same bytes: keys sorted, fixed float formats)."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        spec = {
            "format": 1,
            "labels": list(self.labels),
            "temperature": self.temperature,
            "features": self.featurizer.to_json(),
            "card": dict(self.card),
        }
        text = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        (folder / "model.json").write_text(text + "\n", "utf-8")
        np.save(folder / "coef.npy", self.coef.astype(np.float32), allow_pickle=False)
        np.save(folder / "intercept.npy", self.intercept.astype(np.float32), allow_pickle=False)


def packaged_folder() -> Path:
    return Path(str(resources.files("warwatch").joinpath("data/typer")))

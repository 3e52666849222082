"""Training and scoring the event typer (``warwatch train typer``).

A linear SVM (scikit-learn's ``LinearSVC``, fixed seed) over word and character TF-IDF plus cue
flags, then one temperature fitted on out-of-fold scores so that the softmax of the scores is a
calibrated probability. Same examples and seed, same weights: nothing here reads the clock except
the date written on the model card.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import KFold
from sklearn.svm import LinearSVC

from warwatch.classifier.calibration import (
    ReliabilityBin,
    expected_calibration_error,
    fit_temperature,
    probabilities,
    reliability_table,
)
from warwatch.classifier.corpus import NO_EVENT, Example, labels
from warwatch.classifier.features import fit_featurizer, packaged_cues
from warwatch.classifier.model import EventTyper

# Regularisation of the SVM, chosen on the tune half by 3-fold cross-validation (0.3, 1, 3).
SVM_C = 1.0


def _svm(seed: int) -> LinearSVC:
    return LinearSVC(C=SVM_C, random_state=seed, max_iter=5000)


def _full_scores(clf: LinearSVC, x: object, classes: Sequence[str]) -> np.ndarray:
    """Scores over every label; a label absent from a fold's training rows scores far below."""
    raw = clf.decision_function(x)
    out = np.full((raw.shape[0], len(classes)), -10.0)
    for j, name in enumerate(clf.classes_):
        out[:, classes.index(name)] = raw[:, j]
    return out


def _out_of_fold_scores(x: object, y: np.ndarray, classes: list[str], seed: int, folds: int):
    # Plain shuffled folds: several labels have fewer rows than folds, so stratifying cannot hold.
    kfold = KFold(n_splits=folds, shuffle=True, random_state=seed)
    scores = np.zeros((len(y), len(classes)))
    for train, test in kfold.split(np.zeros(len(y)), y):
        clf = _svm(seed).fit(x[train], y[train])  # type: ignore[index]
        scores[test] = _full_scores(clf, x[test], classes)  # type: ignore[index]
    return scores


def train(
    examples: Sequence[Example],
    *,
    seed: int = 0,
    folds: int = 3,
    card: Mapping[str, object] | None = None,
) -> EventTyper:
    """Fit the typer on ``examples``; the temperature comes from ``folds``-fold out-of-fold scores."""
    classes = list(labels())
    texts = [e.text for e in examples]
    y = np.array([e.label for e in examples])
    featurizer = fit_featurizer(texts, packaged_cues())
    x = featurizer.transform(texts)
    oof = _out_of_fold_scores(x, y, classes, seed, folds)
    gold = np.array([classes.index(label) for label in y])
    temperature = fit_temperature(oof, gold)
    clf = _svm(seed).fit(x, y)
    coef = np.zeros((len(classes), featurizer.width), dtype=np.float32)
    intercept = np.full(len(classes), -10.0, dtype=np.float32)
    for j, name in enumerate(clf.classes_):
        coef[classes.index(name)] = clf.coef_[j]
        intercept[classes.index(name)] = clf.intercept_[j]
    return EventTyper(tuple(classes), featurizer, coef, intercept, temperature, dict(card or {}))


@dataclass(frozen=True)
class TyperScores:
    """How the typer does on one labelled set."""

    count: int
    accuracy: float  # over all 26 labels
    macro_f1: float
    weighted_f1: float
    event_count: int  # units with a sub-event type
    type_accuracy: float  # best sub-event type (no event left out) on those units
    type_accuracy_any: float  # the same, counting any type the gold accepts as right
    event_recall: float  # units with a type not called no event
    event_precision: float  # units called an event that have a type
    ece: float
    reliability: tuple[ReliabilityBin, ...]


def _share(hits: np.ndarray, among: np.ndarray) -> float:
    """The share of ``among`` rows that are ``hits`` (0 when there are none)."""
    return float(hits[among].mean()) if among.any() else 0.0


def score(typer: EventTyper, examples: Sequence[Example]) -> TyperScores:
    """Accuracy, F1, type accuracy given an event, detection and calibration on ``examples``."""
    proba = typer.predict_proba([e.text for e in examples])
    names = np.array(typer.labels)
    gold = np.array([e.label for e in examples])
    best = names[proba.argmax(axis=1)]
    types = proba.copy()
    types[:, typer.labels.index(NO_EVENT)] = -1.0
    best_type = names[types.argmax(axis=1)]
    is_event = gold != NO_EVENT
    said_event = best != NO_EVENT
    right_any = np.array(
        [t == e.label or t in e.accepted for t, e in zip(best_type, examples)], dtype=bool
    )
    table = reliability_table(proba.max(axis=1), best == gold)
    return TyperScores(
        count=len(examples),
        accuracy=float(accuracy_score(gold, best)),
        macro_f1=float(f1_score(gold, best, average="macro", zero_division=0)),
        weighted_f1=float(f1_score(gold, best, average="weighted", zero_division=0)),
        event_count=int(is_event.sum()),
        type_accuracy=_share(best_type == gold, is_event),
        type_accuracy_any=_share(right_any, is_event),
        event_recall=_share(said_event, is_event),
        event_precision=_share(is_event, said_event),
        ece=expected_calibration_error(table),
        reliability=tuple(table),
    )


__all__ = ["TyperScores", "probabilities", "score", "train"]

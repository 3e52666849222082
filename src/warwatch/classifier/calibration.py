"""Calibration of the typer's probabilities: temperature scaling, reliability table and ECE."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax


def probabilities(scores: np.ndarray, temperature: float) -> np.ndarray:
    """Class probabilities from linear scores divided by ``temperature`` (rows sum to 1)."""
    return softmax(scores / temperature, axis=1)


def fit_temperature(scores: np.ndarray, gold: np.ndarray) -> float:
    """The temperature that minimises the log loss of ``gold`` (class indices) under ``scores``.

    ``scores`` must be out-of-fold (from models that did not see the rows), or the temperature
    learns the training fit instead of the error rate on new text.
    """

    def nll(log_t: float) -> float:
        logp = log_softmax(scores / np.exp(log_t), axis=1)
        return float(-logp[np.arange(len(gold)), gold].mean())

    # Searched in log space: temperatures from 1/50 to 50 cover linear-SVM and logistic scores.
    best = minimize_scalar(nll, bounds=(-4.0, 4.0), method="bounded", options={"xatol": 1e-6})
    return round(float(np.exp(best.x)), 6)


@dataclass(frozen=True)
class ReliabilityBin:
    """One confidence bin: how sure the typer said it was and how often it was right."""

    low: float
    high: float
    count: int
    mean_confidence: float
    accuracy: float


def reliability_table(
    confidence: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> list[ReliabilityBin]:
    """Equal-width bins of top-class confidence (the last bin closed at 1); empty bins kept."""
    conf = np.asarray(confidence, dtype=float)
    ok = np.asarray(correct, dtype=bool)
    index = np.minimum((conf * bins).astype(int), bins - 1)
    out = []
    for b in range(bins):
        mask = index == b
        n = int(mask.sum())
        out.append(
            ReliabilityBin(
                low=b / bins,
                high=(b + 1) / bins,
                count=n,
                mean_confidence=float(conf[mask].mean()) if n else 0.0,
                accuracy=float(ok[mask].mean()) if n else 0.0,
            )
        )
    return out


def expected_calibration_error(table: Sequence[ReliabilityBin]) -> float:
    """ECE: the count-weighted mean gap between confidence and accuracy over the bins."""
    total = sum(b.count for b in table)
    if not total:
        return 0.0
    return sum(b.count * abs(b.mean_confidence - b.accuracy) for b in table) / total

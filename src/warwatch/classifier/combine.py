"""Combining the rules' sub-event type with the typer's scores (for the extraction stage that
types a cluster of sentences).

The rules keep what they are good at (structure, actors, places, dates, negation); the typer
decides the type when it is sure enough, and its probability of the final type is the event's
``confidence``. Pure: no model is loaded here.
"""

from __future__ import annotations

from dataclasses import dataclass

from warwatch.classifier.model import TypeScores

#: The typer overrides the rules' type when its probability of its own best type, given that
#: there is an event, reaches this: when it is surer of its type than of all others together.
#: Not tuned: the tune notes are the typer's training data (it types them all right), so they
#: cannot choose it; benchmarks/typer_combined.py prints the whole curve.
OVERRIDE_AT = 0.5


@dataclass(frozen=True)
class TypeDecision:
    """The sub-event type chosen for one event, how sure the typer is of it, and who chose it."""

    sub_event_type: str
    confidence: float  # the typer's calibrated probability of ``sub_event_type``
    decided_by: str  # "rules" | "typer"


def combine_type(
    rule_type: str | None, scores: TypeScores, *, override_at: float = OVERRIDE_AT
) -> TypeDecision:
    """The typer's best type when it is at least ``override_at`` sure (or the rules found none),
    else the rules' type. The confidence is the typer's probability of the chosen type, so a
    rules' type the typer doubts gets a low one."""
    best, sure = scores.best_type()
    if rule_type is None or (best != rule_type and sure >= override_at):
        return TypeDecision(best, scores.probabilities[best], "typer")
    return TypeDecision(rule_type, scores.probabilities.get(rule_type, 0.0), "rules")

"""The trained event typer: ACLED sub-event type (or no event) of a text, with calibrated
probabilities. ``EventTyper.load()`` reads the model shipped in ``warwatch/data/typer``."""

from warwatch.classifier.labels import NO_EVENT, labels
from warwatch.classifier.model import EventTyper, ModelError, TypeScores

__all__ = ["NO_EVENT", "EventTyper", "ModelError", "TypeScores", "labels"]

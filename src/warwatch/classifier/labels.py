"""The typer's classes, apart from the training corpus: loading the shipped model needs these,
and the corpus module pulls in the evaluation package (about a second of start-up)."""

from __future__ import annotations

from warwatch.taxonomy import sub_event_types

#: The label of a unit that reports no conflict event (accidents, statements, tallies, analysis).
NO_EVENT = "no event"


def labels() -> tuple[str, ...]:
    """The typer's classes: the 25 ACLED sub-event types in codebook order, then ``no event``."""
    return (*sub_event_types(), NO_EVENT)

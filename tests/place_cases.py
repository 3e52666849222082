"""Helpers for tests that run one sentence through the pipeline and read its event's place."""

from __future__ import annotations

from warwatch.ingest import read_text_document
from warwatch.records import Place


def event_place(pipeline, text: str) -> Place:
    """The place of the one event ``text`` reports (undated document)."""
    (event,) = pipeline.extract_one(read_text_document(text, published=None)).events
    assert event.place is not None
    return event.place

"""Labelled text for the event typer: ACLED notes, news_dev sentences and the project's own examples.

Every example is one unit the extractor types (a note, or a sentence of an article) with its
ACLED sub-event type or :data:`NO_EVENT`. The split rule is the evaluation's own
(:func:`warwatch.evaluation.gold.in_split` for the notes, the ``split`` field for news_dev), so
the held-out halves the typer is scored on are the ones ``warwatch eval`` reports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from warwatch.classifier.labels import NO_EVENT, labels
from warwatch.errors import EvalError
from warwatch.evaluation.gold import in_split
from warwatch.taxonomy import sub_event_types


@dataclass(frozen=True)
class Example:
    """One labelled unit, with where it came from (``origin`` is ``file:id[:start-end]``)."""

    text: str
    label: str
    origin: str
    # other sub-event types the gold accepts for this unit (news_dev's ``sub_event_type_any``)
    accepted: frozenset[str] = frozenset()


def _records(path: Path) -> Iterator[dict]:
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise EvalError(
            f"cannot open training file: {exc.strerror or exc}", source=str(path)
        ) from exc
    with fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                raise EvalError(f"not a JSON line: {exc}", source=f"{path}:{lineno}") from exc
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise EvalError("no 'text' string in this line", source=f"{path}:{lineno}")
            yield rec


def acled_note_examples(path: Path, split: str) -> list[Example]:
    """ACLED notes of ``split``, each labelled with its first coded row's sub-event type."""
    known = set(sub_event_types())
    out = []
    for rec in _records(path):
        events = (rec.get("gold") or {}).get("events") or []
        if not in_split(rec["id"], split) or not events:
            continue
        label = events[0].get("sub_event_type")
        if label in known:
            out.append(Example(rec["text"], label, f"{path.parent.name}/{path.name}:{rec['id']}"))
    return out


@lru_cache(maxsize=1)
def _sentencizer():
    # spaCy's rule-based sentencizer: the same sentence boundaries on every machine, no model.
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (paragraph breaks always end a sentence)."""
    spans = []
    offset = 0
    for para in text.split("\n"):
        if para.strip():
            for sent in _sentencizer()(para).sents:
                if sent.text.strip():
                    spans.append((offset + sent.start_char, offset + sent.end_char))
        offset += len(para) + 1
    return spans


def _quoted_label(
    events: Iterable[dict], text: str, span: tuple[int, int]
) -> tuple[str, frozenset[str]]:
    """The sub-event type (and the accepted alternatives) of the first gold event whose note
    lies in ``span``, else no event."""
    start, end = span
    for ev in events:
        note = str(ev.get("note") or "")
        at = text.find(note) if note else -1
        if at >= 0 and at < end and at + len(note) > start and ev.get("sub_event_type"):
            return str(ev["sub_event_type"]), frozenset(ev.get("sub_event_type_any") or ())
    return NO_EVENT, frozenset()


def news_sentence_examples(path: Path, split: str) -> list[Example]:
    """Sentences of the news_dev articles of ``split``: a sentence a gold note quotes gets that
    event's sub-event type (required events first), every other sentence is ``no event``."""
    out = []
    for rec in _records(path):
        if rec.get("split") != split:
            continue
        events = (rec.get("gold") or {}).get("events") or []
        ordered = sorted(events, key=lambda ev: not ev.get("required", True))
        text = rec["text"]
        for span in sentence_spans(text):
            label, accepted = _quoted_label(ordered, text, span)
            origin = f"{path.parent.name}/{path.name}:{rec['id']}:{span[0]}-{span[1]}"
            out.append(Example(text[span[0] : span[1]], label, origin, accepted))
    return out


def written_examples() -> list[Example]:
    """The project's own labelled sentences (``data/typer/written.yaml``): cases the gold data
    lacks, above all accidents, disasters, statements and tallies that are ``no event``."""
    source = resources.files("warwatch").joinpath("data/typer/written.yaml")
    data = yaml.safe_load(source.read_text("utf-8"))
    known = set(labels())
    out: list[Example] = []
    for label, texts in data["examples"].items():
        if label not in known:
            raise EvalError(f"unknown label {label!r}", source="data/typer/written.yaml")
        out.extend(Example(t, label, f"written.yaml:{label}:{i}") for i, t in enumerate(texts))
    return out

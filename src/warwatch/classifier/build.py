"""Build the shipped typer: gather the tune halves, train, score the held-out halves, write the
model folder and its model card. What ``warwatch train typer`` runs."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from warwatch.classifier.corpus import (
    Example,
    acled_note_examples,
    news_sentence_examples,
    written_examples,
)
from warwatch.classifier.model import EventTyper
from warwatch.classifier.training import TyperScores, score, train

#: Bumped whenever the design, the features or the training data change.
MODEL_VERSION = "1"


def training_examples(acled: Path, news: Path) -> list[Example]:
    """The tune halves of both gold sets plus the project's written sentences."""
    return [
        *acled_note_examples(acled, "tune"),
        *news_sentence_examples(news, "tune"),
        *written_examples(),
    ]


def heldout_sets(acled: Path, news: Path) -> dict[str, list[Example]]:
    """The held-out halves the typer is scored on (never trained on)."""
    return {
        "acled_notes_heldout": acled_note_examples(acled, "heldout"),
        "news_dev_heldout_sentences": news_sentence_examples(news, "heldout"),
    }


def digest(examples: Sequence[Example]) -> str:
    """SHA-256 of the training texts and labels, in order: the card names the exact data."""
    h = hashlib.sha256()
    for e in examples:
        h.update(f"{e.label}\t{e.text}\n".encode())
    return h.hexdigest()


def _scores_json(s: TyperScores) -> dict[str, object]:
    out = asdict(s)
    out["reliability"] = [
        {k: round(v, 4) if isinstance(v, float) else v for k, v in b.items()}
        for b in out["reliability"]
    ]
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


def build(
    acled: Path, news: Path, out: Path, *, seed: int = 0, today: dt.date | None = None
) -> tuple[EventTyper, dict[str, TyperScores]]:
    """Train on the tune halves, score the held-out halves, write ``out`` (model + card)."""
    examples = training_examples(acled, news)
    card: dict[str, object] = {
        "version": MODEL_VERSION,
        "trained": (today or dt.date.today()).isoformat(),
        "seed": seed,
        "design": "LinearSVC (C=1) on word 1-2-gram + char_wb 2-5-gram TF-IDF + event-cue flags; "
        "temperature scaling fitted on 3-fold out-of-fold scores",
        "training_data": {
            "examples": len(examples),
            "sha256": digest(examples),
            "by_origin": dict(Counter(e.origin.split(":")[0] for e in examples)),
            "by_label": dict(sorted(Counter(e.label for e in examples).items())),
        },
    }
    typer = train(examples, seed=seed, card=card)
    results = {name: score(typer, rows) for name, rows in heldout_sets(acled, news).items()}
    card["heldout"] = {name: _scores_json(s) for name, s in results.items()}
    typer = EventTyper(
        typer.labels, typer.featurizer, typer.coef, typer.intercept, typer.temperature, card
    )
    typer.save(out)
    (out / "MODEL_CARD.md").write_text(model_card(typer, results), "utf-8")
    return typer, results


def _table(results: dict[str, TyperScores]) -> list[str]:
    lines = [
        "| held-out set | units | accuracy | macro F1 | weighted F1 | event units | type accuracy "
        "given an event | the same, any accepted type | event recall | event precision | ECE |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s in results.items():
        lines.append(
            f"| {name} | {s.count} | {s.accuracy:.3f} | {s.macro_f1:.3f} | {s.weighted_f1:.3f} "
            f"| {s.event_count} | {s.type_accuracy:.3f} | {s.type_accuracy_any:.3f} "
            f"| {s.event_recall:.3f} "
            f"| {s.event_precision:.3f} | {s.ece:.3f} |"
        )
    return lines


def _reliability(name: str, s: TyperScores) -> list[str]:
    lines = [
        f"Reliability on {name} (top-label confidence):",
        "",
        "| bin | units | mean confidence | accuracy |",
        "|---|---|---|---|",
    ]
    for b in s.reliability:
        lines.append(
            f"| {b.low:.1f}-{b.high:.1f} | {b.count} | {b.mean_confidence:.3f} | {b.accuracy:.3f} |"
        )
    return [*lines, ""]


def model_card(typer: EventTyper, results: dict[str, TyperScores]) -> str:
    """The model card: what the model is, what it was trained on, how it scores."""
    card = typer.card
    data = card["training_data"]
    assert isinstance(data, dict)
    lines = [
        f"# warwatch event typer, version {card['version']}",
        "",
        "Types a sentence (or a short cluster of sentences describing one happening) as one of the",
        "25 ACLED sub-event types or `no event`, with calibrated probabilities "
        "(`warwatch.classifier.EventTyper`).",
        "",
        f"- Trained: {card['trained']}, seed {card['seed']}, with `warwatch train typer`.",
        f"- Design: {card['design']}.",
        f"- Temperature: {typer.temperature}.",
        f"- Files: `model.json` (labels, vocabularies, IDF weights, cue patterns, this card's data), "
        f"`coef.npy` {typer.coef.shape[0]} x {typer.coef.shape[1]} float32, `intercept.npy`; "
        "no pickle.",
        "",
        "## Training data",
        "",
        "Only the `tune` halves: ACLED notes whose id falls in `tune` under "
        "`warwatch.evaluation.gold.split_of` (SHA-1 of the id, mod 2), labelled with the first coded "
        "row's sub-event type; the sentences of the news_dev `tune` articles (a sentence a gold "
        "event's `note` quotes gets that event's type, required events first; every other sentence "
        "is `no event`); and the project's own sentences in `data/typer/written.yaml`.",
        "",
        f"- {data['examples']} examples, SHA-256 {data['sha256']}.",
        f"- By origin: {data['by_origin']}.",
        f"- By label: {data['by_label']}.",
        "",
        "## Scores on the held-out halves",
        "",
        *_table(results),
        "",
        "Type accuracy given an event is the best sub-event type with `no event` left out, on the "
        "units that have a type: it is what the classifier contributes when the rules have found an "
        "event. ECE is the expected calibration error over ten equal-width bins of the top-label "
        'probability. "Any accepted type" also counts the alternatives a news_dev gold event lists in '
        "`sub_event_type_any` (the notes have none).",
        "",
    ]
    for name, s in results.items():
        lines += _reliability(name, s)
    lines += [
        "## Limits",
        "",
        "- The notes are ACLED coders' summaries (one event each); news sentences are shorter and "
        "more varied, and only about 100 of them are labelled events, so typing news sentences is "
        "much weaker than typing notes.",
        "- A news sentence that describes an event but is not quoted by a gold note counts as "
        "`no event` in training and scoring, so event precision on news sentences is pessimistic.",
        "",
    ]
    return "\n".join(lines)

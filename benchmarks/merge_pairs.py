"""Merging precision and recall on duplicate pairs built from the ACLED dev notes (../shared).

How the gold set is built (be clear about what it can and cannot tell):

- Each gold event of ``acled_notes/dev.jsonl`` is one distinct real event (its own
  ``acled_event_id``). Every pair of two different events is a known NON-duplicate. The hard ones are
  those in the same block (country and merge family) within 31 days: only those can be merged at all.
- There are no natural duplicates in the file (one note per event), so TRUE duplicates are made:
  each event gets second "reports" coded as another outlet might code it (a different document id):
  ``exact`` the same coding; ``no_actor2`` the second actor left out; ``day_off`` the date one day
  later; ``province`` the place only known to admin1 (geo_precision 3); ``near`` the point moved
  ~5 km and marked approximate (geo_precision 2); ``fatalities`` another death count. Every pair among
  an event's records is a true duplicate pair.
- The records are the gold codings, not warwatch's extractions: this measures the merge rules,
  not extraction. Paraphrase, wrong actors or places from extraction are not simulated.

Pairs are counted within blocks (pairs across blocks can never merge). Prints pair precision,
recall and F1, overall and per kind of duplicate, plus false positives by reason.

    .venv/bin/python benchmarks/merge_pairs.py [--data PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from warwatch.resolve.merge import merge
from warwatch.resolve.statements import Statement

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "acled_notes" / "dev.jsonl"
VARIANTS = ("exact", "no_actor2", "day_off", "province", "near", "fatalities")


def gold_events(path: Path, limit: int | None) -> list[dict]:
    events = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            for event in json.loads(line)["gold"]["events"]:
                if event.get("event_date") and event.get("location"):
                    events.append(event)
            if limit and len(events) >= limit:
                break
    return events


def statement(event: dict, n: int, variant: str) -> Statement:
    lat, lon, precision = event.get("latitude"), event.get("longitude"), event.get("geo_precision")
    location, day = event["location"], dt.date.fromisoformat(event["event_date"])
    actor2, fatalities = event.get("actor2") or None, event.get("fatalities")
    if variant == "no_actor2":
        actor2 = None
    elif variant == "day_off":
        day += dt.timedelta(days=1)
    elif variant == "province":
        location, precision = event.get("admin1") or location, 3
    elif variant == "near" and lat is not None:
        lat, precision = lat + 0.045, 2
    elif variant == "fatalities":
        fatalities = (fatalities or 0) + 3
    return Statement(
        id=n, record_key=f"{event['acled_event_id']}-{variant}", document_id=f"{variant}-{n}",
        event_type=event["event_type"], sub_event_type=event["sub_event_type"], date=day,
        time_precision=int(event.get("time_precision") or 1), actor1=event.get("actor1") or None,
        actor2=actor2, inter1=event.get("inter1"), inter2=event.get("inter2"), location=location,
        admin1=event.get("admin1"), country=event.get("country"), latitude=lat, longitude=lon,
        geo_precision=precision, fatalities=fatalities, stance="reported",
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    events = gold_events(args.data, args.limit)
    records, truth, variant_of = [], {}, {}
    for event in events:
        for variant in ("original", *VARIANTS):
            s = statement(event, len(records) + 1, variant)
            records.append(s)
            truth[s.id], variant_of[s.id] = event["acled_event_id"], variant
    start = time.perf_counter()
    incidents = merge(records)
    seconds = time.perf_counter() - start
    predicted = {rid: i.key for i in incidents for rid in i.supporting_ids}

    by_block = defaultdict(list)
    for s in records:
        by_block[s.block].append(s)
    tp = fp = fn = 0
    per_variant: Counter[str] = Counter()
    per_variant_total: Counter[str] = Counter()
    fp_kinds: Counter[str] = Counter()
    for members in by_block.values():
        members.sort(key=lambda s: s.date)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (b.date - a.date).days > 31:
                    break
                same_truth = truth[a.id] == truth[b.id]
                same_pred = predicted[a.id] == predicted[b.id]
                if same_truth:
                    kind = next(
                        (variant_of[x.id] for x in (a, b) if variant_of[x.id] != "original"),
                        "original",
                    )
                    if variant_of[a.id] == "original" or variant_of[b.id] == "original":
                        per_variant_total[kind] += 1
                        per_variant[kind] += same_pred
                    tp += same_pred
                    fn += not same_pred
                elif same_pred:
                    fp += 1
                    fp_kinds[a.sub_event_type] += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"events {len(events)}, records {len(records)}, incidents {len(incidents)}, merge {seconds:.1f} s"
    )
    print(f"pairs: TP {tp}  FP {fp}  FN {fn}")
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print("recall of (original, variant) pairs by variant:")
    for kind in VARIANTS:
        total = per_variant_total[kind]
        print(f"  {kind:11} {per_variant[kind] / total if total else 0:.3f}  ({total} pairs)")
    print("false-positive pairs by sub-event type:", dict(fp_kinds.most_common(8)))


if __name__ == "__main__":
    main()

"""Per-article error listing of the article scoring: what to read when tuning extraction.

:func:`error_listing` prints, per article with an error, its false-positive predictions (type,
place, date, toll and the evidence sentence with its offsets), the required gold events it missed
(with the coder's ``note``), and matched required events whose fields disagree.
:func:`article_details` gives the same per article as one JSON-serialisable dict (``--details``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from warwatch.evaluation.article_report import ArticleResult
from warwatch.evaluation.articles import REPEAT, ArticleEvent
from warwatch.records import EventRecord

_INDENT = " " * 6
_WIDTH = 100
# A cluster's evidence can run to a paragraph; the listing shows its start (the full text is in
# ``--details``) so that a page of errors stays readable.
_EVIDENCE_CHARS = 360


def _place(pred: EventRecord) -> str:
    pl = pred.place
    if pl is None:
        return "no place"
    name = pl.name or pl.mention
    around = [p for p in (pl.admin1, pl.country) if p and p != name]
    return f"{name} ({', '.join(around)})" if around else name


def _date(pred: EventRecord) -> str:
    d = pred.date
    return f"{d.date.isoformat()} tp{d.time_precision}" if d.date else "no date"


def describe_prediction(pred: EventRecord) -> str:
    """One line: type / sub-event type | place | date | toll | actors."""
    actors = " vs ".join(a.name for a in (pred.actor1, pred.actor2) if a is not None)
    toll = "" if pred.fatalities is None else f" | {pred.fatalities} killed"
    return f"{pred.event_type} / {pred.sub_event_type} | {_place(pred)} | {_date(pred)}{toll}" + (
        f" | {actors}" if actors else ""
    )


def describe_gold(gold: ArticleEvent) -> str:
    place = gold.locations[0] if gold.locations else None
    where = ", ".join(p for p in (place, *gold.admin1s[:1], *gold.countries[:1]) if p)
    when = gold.date.isoformat() if gold.date else "no date"
    kind = " / ".join(x for x in (gold.event_types[:1] + gold.sub_event_types[:1]))
    toll = "" if gold.fatalities is None else f" | {gold.fatalities} killed"
    return f"{kind} | {where or 'no place'} | {when} ±{gold.tolerance_days}d{toll}"


def _quoted(label: str, text: str) -> list[str]:
    body = " ".join(text.split())
    if len(body) > _EVIDENCE_CHARS:
        body = body[:_EVIDENCE_CHARS].rsplit(" ", 1)[0] + " …"
    return textwrap.wrap(
        f'{label}"{body}"', width=_WIDTH, initial_indent=_INDENT, subsequent_indent=_INDENT + "  "
    )


def _near_gold(gold: ArticleEvent, kind: str) -> str:
    which = "required" if gold.required else "optional"
    if kind == REPEAT:
        return f"repeats the matched {which} gold #{gold.index}: {describe_gold(gold)}"
    return f"near {which} gold #{gold.index}, {kind} off: {describe_gold(gold)}"


def _wrong_fields(result: ArticleResult, gold_index: int) -> list[str]:
    return [name for gi, name, agrees in result.fields if gi == gold_index and not agrees]


def _article_lines(result: ArticleResult) -> list[str]:
    doc = result.document
    title = doc.title or doc.text.split("\n", 1)[0][:80]
    lines = [
        f"== {doc.id} [{doc.split or '-'}] {title}",
        f"   published {doc.published or '-'}; gold required {len(result.required)}, optional "
        f"{len(result.gold) - len(result.required)}; predicted {len(result.predicted)}, matching "
        f"{result.matched_required} required + {len(result.pairs) - result.matched_required} "
        "optional",
    ]
    if result.failure:
        lines.append(f"   unreadable: {result.failure}")
    return lines + _false_positive_lines(result) + _missed_lines(result) + _wrong_lines(result)


def _false_positive_lines(result: ArticleResult) -> list[str]:
    near_gold = {pi: (gi, kind) for gi, pi, kind in result.near_gold}
    lines = []
    for pi in result.false_positives:
        pred = result.predicted[pi]
        ev = pred.evidence
        lines.append(f"   false positive   {describe_prediction(pred)}")
        lines += _quoted(f"[{ev.start}:{ev.end}] ", ev.text)
        if pi in near_gold:
            gi, kind = near_gold[pi]
            lines.append(f"{_INDENT}{_near_gold(result.gold[gi], kind)}")
    return lines


def _missed_lines(result: ArticleResult) -> list[str]:
    near_pred = {gi: (pi, kind) for gi, pi, kind in result.near_predictions}
    lines = []
    for gold in result.missed:
        lines.append(f"   missed required  {describe_gold(gold)}")
        if gold.note:
            lines += _quoted("note: ", gold.note)
        if gold.index in near_pred:
            pi, kind = near_pred[gold.index]
            nearest = describe_prediction(result.predicted[pi])
            lines.append(f"{_INDENT}nearest prediction, {kind} off: {nearest}")
    return lines


def _wrong_lines(result: ArticleResult) -> list[str]:
    lines = []
    for gi, pi in result.pairs:
        wrong = _wrong_fields(result, gi)
        if wrong:
            lines.append(f"   matched, wrong {', '.join(wrong)}")
            lines.append(f"{_INDENT}predicted {describe_prediction(result.predicted[pi])}")
            lines.append(f"{_INDENT}gold      {describe_gold(result.gold[gi])}")
    return lines


def has_errors(result: ArticleResult, *, fields: bool = True) -> bool:
    wrong = fields and any(not agrees for _, _, agrees in result.fields)
    return bool(result.false_positives or result.missed or result.failure or wrong)


def error_listing(results: Iterable[ArticleResult]) -> str:
    """The readable listing of every article with a false positive, a miss or a wrong field."""
    blocks = ["\n".join(_article_lines(r)) for r in results if has_errors(r)]
    return "\n\n".join(blocks) if blocks else "no errors"


def _prediction_dict(pred: EventRecord, matched_gold: int | None) -> dict:
    pl = pred.place
    return {
        "event_type": pred.event_type,
        "sub_event_type": pred.sub_event_type,
        "event_date": pred.date.date.isoformat() if pred.date.date else None,
        "time_precision": pred.date.time_precision,
        "location": (pl.name or pl.mention) if pl else None,
        "admin1": pl.admin1 if pl else None,
        "country": pl.country if pl else None,
        "fatalities": pred.fatalities,
        "actor1": pred.actor1.name if pred.actor1 else None,
        "actor2": pred.actor2.name if pred.actor2 else None,
        "claimant": pred.claimant,
        "evidence": {
            "start": pred.evidence.start,
            "end": pred.evidence.end,
            "text": pred.evidence.text,
        },
        "matched_gold": matched_gold,
    }


def article_details(result: ArticleResult) -> dict:
    """One article's predictions, gold events and pairs as a JSON-serialisable dict."""
    by_pred = {pi: gi for gi, pi in result.pairs}
    by_gold = dict(result.pairs)
    return {
        "id": result.document.id,
        "split": result.document.split,
        "title": result.document.title,
        "failure": result.failure,
        "predicted": [_prediction_dict(p, by_pred.get(i)) for i, p in enumerate(result.predicted)],
        "gold": [
            {
                "index": g.index,
                "required": g.required,
                "summary": describe_gold(g),
                "note": g.note,
                "matched_prediction": by_gold.get(g.index),
                "wrong_fields": _wrong_fields(result, g.index),
            }
            for g in result.gold
        ],
    }

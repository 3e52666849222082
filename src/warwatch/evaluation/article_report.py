"""Scoring exhaustively coded news articles: per-article results and the :class:`ArticleReport`.

Precision is over every predicted event (a prediction matching an optional gold event is not a
false positive); recall is over required gold events only. Field accuracies are measured on the
matched *required* events, the ones an analyst is owed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from warwatch.evaluation.articles import (
    ARTICLE_FIELDS,
    REPEAT,
    ArticleEvent,
    article_events,
    field_agreement,
    near_misses,
    pair_events,
)
from warwatch.evaluation.events import Comparators
from warwatch.evaluation.gold import GoldDocument
from warwatch.evaluation.report import FieldScore
from warwatch.records import EventRecord


@dataclass(frozen=True)
class ArticleResult:
    """One article's gold, predictions and pairs: what the error listing prints."""

    document: GoldDocument
    gold: tuple[ArticleEvent, ...]
    predicted: tuple[EventRecord, ...]
    pairs: tuple[tuple[int, int], ...]  # (gold index, prediction index)
    fields: tuple[tuple[int, str, bool], ...] = ()  # (gold index, field, agrees) on required pairs
    failure: str | None = None  # the pipeline's error message when the article could not be read
    # (gold index, prediction index, kind) of what almost matched (:func:`near_misses`): for
    # each false positive that has a near gold event, and for each missed required event
    near_gold: tuple[tuple[int, int, str], ...] = ()
    near_predictions: tuple[tuple[int, int, str], ...] = ()

    @property
    def required(self) -> tuple[ArticleEvent, ...]:
        return tuple(g for g in self.gold if g.required)

    @property
    def matched_gold(self) -> set[int]:
        return {gi for gi, _ in self.pairs}

    @property
    def matched_predictions(self) -> set[int]:
        return {pi for _, pi in self.pairs}

    @property
    def false_positives(self) -> list[int]:
        matched = self.matched_predictions
        return [i for i in range(len(self.predicted)) if i not in matched]

    @property
    def missed(self) -> list[ArticleEvent]:
        matched = self.matched_gold
        return [g for g in self.required if g.index not in matched]

    @property
    def repeats(self) -> int:
        """False positives that repeat a matched gold event (one happening reported twice)."""
        return sum(kind == REPEAT for _, _, kind in self.near_gold)

    @property
    def matched_required(self) -> int:
        return sum(self.gold[gi].required for gi, _ in self.pairs)


def score_article(
    doc: GoldDocument,
    predicted: Sequence[EventRecord],
    cmp: Comparators,
    failure: str | None = None,
) -> ArticleResult:
    gold = tuple(article_events(doc.events or ()))
    preds = tuple(predicted)
    pairs = tuple(pair_events(gold, preds, cmp))
    fields = tuple(
        (gi, name, agrees)
        for gi, pi in pairs
        if gold[gi].required
        for name, agrees in field_agreement(gold[gi], preds[pi], cmp, doc.source).items()
    )
    near_gold, near_predictions = near_misses(gold, preds, pairs, cmp)
    return ArticleResult(
        doc, gold, preds, pairs, fields, failure, tuple(near_gold), tuple(near_predictions)
    )


def _rate(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(frozen=True)
class ArticleReport:
    """Event detection on whole articles; ``as_dict()`` is JSON-serialisable."""

    articles: int = 0
    predicted_events: int = 0
    required_events: int = 0
    optional_events: int = 0
    matched_required: int = 0
    matched_optional: int = 0
    articles_without_required: int = 0
    quiet_articles_given_events: int = 0  # of those, articles that got any predicted event
    failed_articles: int = 0
    fields: dict[str, FieldScore] = field(default_factory=dict)
    # where the false positives are, most first: by predicted event type, and undated / unplaced
    false_positives_by_type: dict[str, int] = field(default_factory=dict)
    false_positives_undated: int = 0
    false_positives_unplaced: int = 0
    false_positives_repeating: int = 0  # a second prediction of an already matched gold event

    @property
    def precision(self) -> float | None:
        return _rate(self.matched_required + self.matched_optional, self.predicted_events)

    @property
    def recall(self) -> float | None:
        return _rate(self.matched_required, self.required_events)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def predicted_per_article(self) -> float | None:
        return _rate(self.predicted_events, self.articles)

    @property
    def required_per_article(self) -> float | None:
        return _rate(self.required_events, self.articles)

    @property
    def quiet_articles_share(self) -> float | None:
        """Share of articles without a required event that were given any event."""
        return _rate(self.quiet_articles_given_events, self.articles_without_required)

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "failed_articles": self.failed_articles,
            "predicted_events": self.predicted_events,
            "required_events": self.required_events,
            "optional_events": self.optional_events,
            "matched_required": self.matched_required,
            "matched_optional": self.matched_optional,
            "false_positives": self.predicted_events
            - self.matched_required
            - self.matched_optional,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "predicted_per_article": self.predicted_per_article,
            "required_per_article": self.required_per_article,
            "articles_without_required": self.articles_without_required,
            "quiet_articles_given_events": self.quiet_articles_given_events,
            "quiet_articles_share": self.quiet_articles_share,
            "fields": {
                name: {"n": fs.n, "correct": fs.correct, "accuracy": fs.accuracy}
                for name, fs in self.fields.items()
            },
            "false_positives_by_type": dict(self.false_positives_by_type),
            "false_positives_undated": self.false_positives_undated,
            "false_positives_unplaced": self.false_positives_unplaced,
            "false_positives_repeating": self.false_positives_repeating,
        }

    def to_table(self) -> str:
        def num(x: float | None) -> str:
            return "-" if x is None else f"{x:.3f}"

        fp = self.predicted_events - self.matched_required - self.matched_optional
        lines = [
            f"articles {self.articles} (unreadable {self.failed_articles}); gold required "
            f"{self.required_events}, optional {self.optional_events}; predicted "
            f"{self.predicted_events}, matching required {self.matched_required}, optional "
            f"{self.matched_optional}, false positives {fp}",
            f"precision {num(self.precision)}  recall {num(self.recall)}  F1 {num(self.f1)}",
            f"events per article: predicted {num(self.predicted_per_article)}, "
            f"gold required {num(self.required_per_article)}",
            f"articles without a required event given any event: "
            f"{self.quiet_articles_given_events}/{self.articles_without_required} "
            f"({num(self.quiet_articles_share)})",
            "false positives by predicted type: "
            + (", ".join(f"{k} {v}" for k, v in self.false_positives_by_type.items()) or "none")
            + f"; without a date {self.false_positives_undated}, without a place "
            f"{self.false_positives_unplaced}, repeating a matched event "
            f"{self.false_positives_repeating}",
            "on matched required events:",
        ]
        width = max((len(name) for name in self.fields), default=0)
        for name, fs in self.fields.items():
            lines.append(f"  {name.ljust(width)}  {num(fs.accuracy)}  ({fs.correct}/{fs.n})")
        return "\n".join(lines)


def summarise(results: Iterable[ArticleResult]) -> ArticleReport:
    """Add up per-article results into an :class:`ArticleReport`."""
    c: Counter[str] = Counter()
    n_field: Counter[str] = Counter()
    ok_field: Counter[str] = Counter()
    fp_types: Counter[str] = Counter()
    for r in results:
        false_positives = [r.predicted[i] for i in r.false_positives]
        fp_types.update(p.event_type for p in false_positives)
        c["fp_undated"] += sum(p.date.date is None for p in false_positives)
        c["fp_unplaced"] += sum(p.place is None for p in false_positives)
        c["fp_repeating"] += r.repeats
        c["articles"] += 1
        c["failed"] += r.failure is not None
        c["predicted"] += len(r.predicted)
        c["required"] += len(r.required)
        c["optional"] += len(r.gold) - len(r.required)
        c["matched_required"] += r.matched_required
        c["matched_optional"] += len(r.pairs) - r.matched_required
        c["quiet"] += not r.required
        c["quiet_given"] += not r.required and bool(r.predicted)
        for _, name, agrees in r.fields:
            n_field[name] += 1
            ok_field[name] += agrees
    return ArticleReport(
        articles=c["articles"],
        predicted_events=c["predicted"],
        required_events=c["required"],
        optional_events=c["optional"],
        matched_required=c["matched_required"],
        matched_optional=c["matched_optional"],
        articles_without_required=c["quiet"],
        quiet_articles_given_events=c["quiet_given"],
        failed_articles=c["failed"],
        fields={
            name: FieldScore(n_field[name], ok_field[name])
            for name in ARTICLE_FIELDS
            if n_field[name]
        },
        false_positives_by_type=dict(fp_types.most_common()),
        false_positives_undated=c["fp_undated"],
        false_positives_unplaced=c["fp_unplaced"],
        false_positives_repeating=c["fp_repeating"],
    )

"""The scorer: gold documents + predictions -> :class:`Report`."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from warwatch.evaluation.compare import CLOSE_KM, default_same_admin1, names_match
from warwatch.evaluation.events import (
    FIELDS,
    Comparators,
    GoldEvent,
    field_agreement,
    gold_has,
    km_error,
    match_events,
    pred_has,
)
from warwatch.evaluation.gold import GoldDocument
from warwatch.evaluation.report import PRF, FieldScore, KmScore, Report
from warwatch.evaluation.spans import ENTITY_TOTAL_LABELS, score_entities, score_figures
from warwatch.records import EventRecord, Figure

KnownPlace = Callable[[str, float, float], bool]
Pair = tuple[GoldDocument, Sequence[EventRecord], Sequence[Figure], Sequence[tuple[int, int, str]]]


def score(
    pairs: Iterable[Pair],
    *,
    same_actor: Callable[[str, str], bool] | None = None,
    same_admin1: Callable[[str, str, str | None], bool] | None = None,
    same_place: Callable[[str, str], bool] | None = None,
    known_place: KnownPlace | None = None,
    skipped_lines: Sequence[str] = (),
) -> Report:
    """Score predictions against gold, one ``(gold, events, figures, entities)`` tuple per document.

    ``entities`` are predicted ``(start, end, label)`` spans. The callables replace the default
    lenient name comparison (:func:`~warwatch.evaluation.compare.names_match`), e.g. with the actor
    dictionary's aliases or the gazetteer; ``same_actor`` also compares claimants.
    ``known_place(name, lat, lon)`` says whether the gazetteer knows a gold place; with it the km
    score is also split by that. ``skipped_lines`` (from ``load_gold(...).skipped``) is copied
    into the report.
    """
    cmp = Comparators(
        same_actor=same_actor or names_match,
        same_admin1=same_admin1 or default_same_admin1,
        same_place=same_place or names_match,
    )
    tally = _Tally(cmp, known_place)
    for doc, events, figures, entities in pairs:
        tally.documents += 1
        tally.add_events(doc, events)
        tally.add_entities(doc, entities)
        tally.add_figures(doc, figures)
    return tally.report(skipped_lines)


@dataclass
class _Tally:
    """Running counts of :func:`score` (mutable, private to one call)."""

    cmp: Comparators
    known_place: KnownPlace | None
    documents: int = 0
    c: Counter[str] = field(default_factory=Counter)
    n_field: Counter[str] = field(default_factory=Counter)
    ok_field: Counter[str] = field(default_factory=Counter)
    tp_field: Counter[str] = field(default_factory=Counter)
    gold_field: Counter[str] = field(default_factory=Counter)
    pred_field: Counter[str] = field(default_factory=Counter)
    kms: list[float] = field(default_factory=list)
    kms_by_known: dict[bool, list[float]] = field(default_factory=lambda: {True: [], False: []})
    # overlap? -> Counter of (label, part)
    ent: dict[bool, Counter[tuple[str, str]]] = field(
        default_factory=lambda: {True: Counter(), False: Counter()}
    )
    fig: PRF = field(default_factory=PRF)
    fig_kv: PRF = field(default_factory=PRF)

    def add_events(self, doc: GoldDocument, events: Sequence[EventRecord]) -> None:
        c = self.c
        if doc.events is None:
            c["unscored_predicted_events"] += len(events)
            return
        c["documents_events"] += 1
        gold = [GoldEvent.of(e) for e in doc.events]
        c["gold_events"] += len(gold)
        c["predicted_events"] += len(events)
        for name in FIELDS:
            self.gold_field[name] += sum(gold_has(g, name) for g in gold)
            self.pred_field[name] += sum(pred_has(p, name) for p in events)
        matched = match_events(gold, events, self.cmp, typed=False)
        c["matched"] += len(matched)
        c["matched_typed"] += len(match_events(gold, events, self.cmp, typed=True))
        if not doc.events_exhaustive:
            c["unmatched_in_non_exhaustive"] += len(events) - len(matched)
        for gi, pi in matched:
            self._add_pair(gold[gi], events[pi])

    def _add_pair(self, g: GoldEvent, p: EventRecord) -> None:
        for name, agree in field_agreement(g, p, self.cmp).items():
            self.n_field[name] += 1
            self.ok_field[name] += agree
            self.tp_field[name] += agree and gold_has(g, name) and pred_has(p, name)
        km = km_error(g, p)
        if km is None:
            return
        self.kms.append(km)
        if self.known_place is not None and g.lat is not None and g.lon is not None:
            # a km error exists only where the gold has coordinates
            location = g.get("location")
            known = isinstance(location, str) and self.known_place(location, g.lat, g.lon)
            self.kms_by_known[known].append(km)

    def add_entities(self, doc: GoldDocument, entities: Sequence[tuple[int, int, str]]) -> None:
        if doc.entities is None:
            return
        self.c["documents_entities"] += 1
        for overlap in (False, True):
            per_label, ignored = score_entities(
                doc.entities, doc.entities_uncertain, entities, overlap=overlap
            )
            if not overlap:
                self.c["entities_ignored"] += ignored
            for label, prf in per_label.items():
                self.ent[overlap][(label, "tp")] += prf.tp
                self.ent[overlap][(label, "n_pred")] += prf.n_pred
                self.ent[overlap][(label, "n_gold")] += prf.n_gold

    def add_figures(self, doc: GoldDocument, figures: Sequence[Figure]) -> None:
        if doc.figures is None:
            return
        self.c["documents_figures"] += 1
        full, kv = score_figures(doc.figures, figures, self.cmp.same_actor)
        self.fig, self.fig_kv = self.fig + full, self.fig_kv + kv

    def _fields(self) -> dict[str, FieldScore]:
        return {
            name: FieldScore(
                self.n_field[name],
                self.ok_field[name],
                PRF(self.tp_field[name], self.pred_field[name], self.gold_field[name]),
            )
            for name in FIELDS
            if self.n_field[name] or self.gold_field[name]
        }

    def _km(self) -> KmScore:
        kms = self.kms
        return KmScore(
            n=len(kms),
            median_km=statistics.median(kms) if kms else None,
            mean_km=statistics.fmean(kms) if kms else None,
            within_25km=_share_close(kms),
            n_known=len(self.kms_by_known[True]),
            within_25km_known=_share_close(self.kms_by_known[True]),
            n_unknown=len(self.kms_by_known[False]),
            within_25km_unknown=_share_close(self.kms_by_known[False]),
        )

    def report(self, skipped_lines: Sequence[str]) -> Report:
        c = self.c
        return Report(
            documents=self.documents,
            documents_events=c["documents_events"],
            documents_entities=c["documents_entities"],
            documents_figures=c["documents_figures"],
            gold_events=c["gold_events"],
            predicted_events=c["predicted_events"],
            matched=c["matched"],
            matched_typed=c["matched_typed"],
            unscored_predicted_events=c["unscored_predicted_events"],
            unmatched_in_non_exhaustive=c["unmatched_in_non_exhaustive"],
            detection=PRF(c["matched"], c["predicted_events"], c["gold_events"]),
            detection_typed=PRF(c["matched_typed"], c["predicted_events"], c["gold_events"]),
            fields=self._fields(),
            km=self._km(),
            entities_exact=_entity_table(self.ent[False]),
            entities_overlap=_entity_table(self.ent[True]),
            entities_ignored=c["entities_ignored"],
            figures=self.fig,
            figures_kind_value=self.fig_kv,
            skipped_lines=tuple(skipped_lines),
        )


def _entity_table(counts: Counter[tuple[str, str]]) -> dict[str, PRF]:
    labels = sorted({label for label, _ in counts})
    table = {
        lab: PRF(counts[(lab, "tp")], counts[(lab, "n_pred")], counts[(lab, "n_gold")])
        for lab in labels
    }
    if table:
        table["ALL"] = sum((table[lab] for lab in ENTITY_TOTAL_LABELS if lab in table), PRF())
    return table


def _share_close(kms: list[float]) -> float | None:
    return sum(k <= CLOSE_KM for k in kms) / len(kms) if kms else None

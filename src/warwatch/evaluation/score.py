"""The scorer: gold documents + predictions -> :class:`Report`."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from warwatch.evaluation import coverage
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

Pair = tuple[GoldDocument, Sequence[EventRecord], Sequence[Figure], Sequence[tuple[int, int, str]]]


def score(
    pairs: Iterable[Pair],
    *,
    same_actor: Callable[[str, str], bool] | None = None,
    same_admin1: Callable[[str, str, str | None], bool] | None = None,
    same_place: Callable[[str, str], bool] | None = None,
    known_place: Callable[[str, float, float], bool] | None = None,
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
    c: Counter[str] = Counter()
    n_field: Counter[str] = Counter()
    ok_field: Counter[str] = Counter()
    tp_field: Counter[str] = Counter()
    gold_field: Counter[str] = Counter()
    pred_field: Counter[str] = Counter()
    kms: list[float] = []
    kms_by_known: dict[bool, list[float]] = {True: [], False: []}
    ent = {True: Counter(), False: Counter()}  # overlap? -> Counter of (label, part)
    fig, fig_kv = PRF(), PRF()
    place_docs: list[coverage.ScoredDocument] = []  # for the known / unknown place split

    for doc, events, figures, entities in pairs:
        c["documents"] += 1
        if doc.events is None:
            c["unscored_predicted_events"] += len(events)
        else:
            c["documents_events"] += 1
            gold = [GoldEvent.of(e) for e in doc.events]
            c["gold_events"] += len(gold)
            c["predicted_events"] += len(events)
            for name in FIELDS:
                gold_field[name] += sum(gold_has(g, name) for g in gold)
                pred_field[name] += sum(pred_has(p, name) for p in events)
            matched = match_events(gold, events, cmp, typed=False)
            c["matched"] += len(matched)
            c["matched_typed"] += len(match_events(gold, events, cmp, typed=True))
            if not doc.events_exhaustive:
                c["unmatched_in_non_exhaustive"] += len(events) - len(matched)
            place_docs.append((gold, events, matched))
            for gi, pi in matched:
                g, p = gold[gi], events[pi]
                for name, agree in field_agreement(g, p, cmp).items():
                    n_field[name] += 1
                    ok_field[name] += agree
                    tp_field[name] += agree and gold_has(g, name) and pred_has(p, name)
                km = km_error(g, p)
                if km is not None:
                    kms.append(km)
                    if known_place is not None:
                        name = g.get("location")
                        known = isinstance(name, str) and known_place(name, g.lat, g.lon)
                        kms_by_known[known].append(km)
        if doc.entities is not None:
            c["documents_entities"] += 1
            for overlap in (False, True):
                per_label, ignored = score_entities(
                    doc.entities, doc.entities_uncertain, entities, overlap=overlap
                )
                if not overlap:
                    c["entities_ignored"] += ignored
                for label, prf in per_label.items():
                    ent[overlap][(label, "tp")] += prf.tp
                    ent[overlap][(label, "n_pred")] += prf.n_pred
                    ent[overlap][(label, "n_gold")] += prf.n_gold
        if doc.figures is not None:
            c["documents_figures"] += 1
            full, kv = score_figures(doc.figures, figures, cmp.same_actor)
            fig, fig_kv = fig + full, fig_kv + kv

    def entity_table(counts: Counter) -> dict[str, PRF]:
        labels = sorted({label for label, _ in counts})
        table = {
            lab: PRF(counts[(lab, "tp")], counts[(lab, "n_pred")], counts[(lab, "n_gold")])
            for lab in labels
        }
        if table:
            table["ALL"] = sum((table[lab] for lab in ENTITY_TOTAL_LABELS if lab in table), PRF())
        return table

    fields = {
        name: FieldScore(
            n_field[name], ok_field[name], PRF(tp_field[name], pred_field[name], gold_field[name])
        )
        for name in FIELDS
        if n_field[name] or gold_field[name]
    }
    km_score = KmScore(
        n=len(kms),
        median_km=statistics.median(kms) if kms else None,
        mean_km=statistics.fmean(kms) if kms else None,
        within_25km=_share_close(kms),
        n_known=len(kms_by_known[True]),
        within_25km_known=_share_close(kms_by_known[True]),
        n_unknown=len(kms_by_known[False]),
        within_25km_unknown=_share_close(kms_by_known[False]),
    )
    return Report(
        documents=c["documents"],
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
        fields=fields,
        km=km_score,
        entities_exact=entity_table(ent[False]),
        entities_overlap=entity_table(ent[True]),
        entities_ignored=c["entities_ignored"],
        figures=fig,
        figures_kind_value=fig_kv,
        skipped_lines=tuple(skipped_lines),
        places=coverage.tally(place_docs, cmp, known_place),
    )


def _share_close(kms: list[float]) -> float | None:
    return sum(k <= CLOSE_KM for k in kms) / len(kms) if kms else None

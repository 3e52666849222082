"""Entity-span and figure scoring.

Entity labels: gold files use warwatch's labels (re3d's README maps Location -> LOC,
Organisation -> ORG, Person -> PER, Nationality -> NORP, Temporal -> DATE, Quantity -> QUANTITY,
Weapon -> WEAPON, MilitaryPlatform -> MILITARY_PLATFORM, Vehicle -> VEHICLE, Money -> MONEY, plus
DOC_REF, COMMS_ID, FREQUENCY). Predicted labels (spaCy / warwatch) go through
:data:`PRED_LABEL_MAP` first; a label mapped to ``None`` is ignored (neither TP nor FP), an
unlisted label is kept as is (so gold-style labels such as ``WEAPON`` pass through).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from warwatch.evaluation.compare import normalise
from warwatch.evaluation.report import PRF
from warwatch.records import Figure

#: Predicted label -> gold label (None = not scored).
PRED_LABEL_MAP: dict[str, str | None] = {
    "GPE": "LOC",  # countries, cities, states
    "LOC": "LOC",  # non-GPE locations (regions, rivers)
    "FAC": "LOC",  # facilities: airports, bases, crossings (re3d types these as Location)
    "LOCATION": "LOC",
    "ORG": "ORG",
    "ORGANISATION": "ORG",
    "ORGANIZATION": "ORG",
    "PERSON": "PER",
    "PER": "PER",
    "NORP": "NORP",
    "DATE": "DATE",
    "TIME": "DATE",
    "QUANTITY": "QUANTITY",
    "CARDINAL": "QUANTITY",
    "PERCENT": "QUANTITY",
    "MONEY": "MONEY",
    "ORDINAL": None,
    "EVENT": None,
    "LAW": None,
    "LANGUAGE": None,
    "PRODUCT": None,
    "WORK_OF_ART": None,
}

#: Labels in the "ALL" micro total (re3d README's scorable set); per-label rows cover every label.
ENTITY_TOTAL_LABELS = ("LOC", "ORG", "PER", "DATE", "QUANTITY", "NORP")

Span = tuple[int, int, str]


def map_label(label: str) -> str | None:
    up = label.upper()
    return PRED_LABEL_MAP.get(up, up)


def _overlap(a: Span, b: Span) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _hits(a: Span, b: Span, overlap: bool) -> bool:
    if a[2] != b[2]:
        return False
    return _overlap(a, b) > 0 if overlap else (a[0], a[1]) == (b[0], b[1])


def match_spans(gold: Sequence[Span], pred: Sequence[Span], overlap: bool) -> list[tuple[int, int]]:
    """One-to-one matching of same-label spans; exact offsets, or any overlap (largest first)."""
    cands = sorted(
        (-_overlap(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if _hits(g, p, overlap)
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _span(e: dict) -> Span:
    return int(e["start"]), int(e["end"]), str(e["label"])


def score_entities(
    gold: Iterable[dict],
    uncertain: Iterable[dict] | None,
    pred: Iterable[tuple[int, int, str]],
    *,
    overlap: bool,
) -> tuple[dict[str, PRF], int]:
    """Per-label PRF for one document, and how many predictions were ignored.

    Unmatched predictions that hit an uncertain gold span (same label, same rule) are ignored.
    """
    g_spans: list[Span] = [_span(e) for e in gold]
    u_spans: list[Span] = [_span(e) for e in uncertain or ()]
    p_spans: list[Span] = []
    ignored = 0
    for s, e, lab in pred:
        mapped = map_label(lab)
        if mapped is None:
            ignored += 1
        else:
            p_spans.append((int(s), int(e), mapped))
    pairs = match_spans(g_spans, p_spans, overlap)
    matched_p = {pi for _, pi in pairs}
    tp: Counter[str] = Counter(g_spans[gi][2] for gi, _ in pairs)
    n_gold: Counter[str] = Counter(s[2] for s in g_spans)
    n_pred: Counter[str] = Counter()
    for pi, p in enumerate(p_spans):
        if pi not in matched_p and any(_hits(u, p, overlap) for u in u_spans):
            ignored += 1
            continue
        n_pred[p[2]] += 1
    labels = set(n_gold) | set(n_pred)
    return {lab: PRF(tp[lab], n_pred[lab], n_gold[lab]) for lab in labels}, ignored


def _claimant_ok(gold: object, pred: str | None, same: Callable[[str, str], bool]) -> bool:
    if not gold:
        return not pred
    if not pred:
        return False
    return same(str(gold), pred)


def score_figures(
    gold: Sequence[dict], pred: Sequence[Figure], same_claimant: Callable[[str, str], bool]
) -> tuple[PRF, PRF]:
    """(kind, value, claimant) and (kind, value) PRF for one document, one-to-one.

    Kinds compare after :func:`normalise`; claimants leniently (both absent also agrees).
    """

    def count(with_claimant: bool) -> PRF:
        used: set[int] = set()
        tp = 0
        for f in pred:
            for gi, g in enumerate(gold):
                if gi in used or normalise(str(g.get("kind"))) != normalise(f.kind):
                    continue
                if g.get("value") != f.value:
                    continue
                if with_claimant and not _claimant_ok(g.get("claimant"), f.claimant, same_claimant):
                    continue
                used.add(gi)
                tp += 1
                break
        return PRF(tp, len(pred), len(gold))

    return count(True), count(False)

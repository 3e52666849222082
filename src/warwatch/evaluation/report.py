"""Score containers: :class:`PRF`, :class:`FieldScore`, :class:`KmScore` and the :class:`Report`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from warwatch.evaluation.coverage import PlaceCoverage


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class PRF:
    """Precision / recall / F1 from counts. Undefined ratios (0 denominators) are ``None``."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.n_pred)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.n_gold)

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gold + other.n_gold)

    def as_dict(self) -> dict:
        return {
            "tp": self.tp,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class FieldScore:
    """One event field: accuracy on the ``n`` untyped matched pairs where gold annotates it
    (``correct`` of them agree), plus P/R/F1 over all gold events and predictions (``prf``)."""

    n: int = 0
    correct: int = 0
    prf: PRF | None = None

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.n)

    def as_dict(self) -> dict:
        out: dict = {"n": self.n, "correct": self.correct, "accuracy": self.accuracy}
        if self.prf is not None:
            out.update(dict(self.prf.as_dict().items()))
        return out


@dataclass(frozen=True)
class KmScore:
    """Distance between gold and predicted coordinates on matched pairs where both have them."""

    n: int = 0
    median_km: float | None = None
    mean_km: float | None = None
    within_25km: float | None = None
    # split by whether the gazetteer knows the gold place (a candidate of that name within 25 km
    # of the gold point): separates resolution errors from gazetteer coverage
    n_known: int = 0
    within_25km_known: float | None = None
    n_unknown: int = 0
    within_25km_unknown: float | None = None

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Report:
    """All that :func:`~warwatch.evaluation.score` measured; ``as_dict()`` is JSON-serialisable."""

    documents: int = 0
    documents_events: int = 0  # documents whose gold has an ``events`` key
    documents_entities: int = 0
    documents_figures: int = 0
    gold_events: int = 0
    predicted_events: int = 0  # predictions in documents whose events are scored
    matched: int = 0  # untyped one-to-one matches
    matched_typed: int = 0
    unscored_predicted_events: int = 0  # predictions in documents without an ``events`` key
    unmatched_in_non_exhaustive: int = 0  # false positives where events_exhaustive is false
    detection: PRF = field(default_factory=PRF)
    detection_typed: PRF = field(default_factory=PRF)
    fields: dict[str, FieldScore] = field(default_factory=dict)
    km: KmScore = field(default_factory=KmScore)
    entities_exact: dict[str, PRF] = field(default_factory=dict)  # by label, "ALL" = micro total
    entities_overlap: dict[str, PRF] = field(default_factory=dict)
    entities_ignored: int = 0  # exact pass: hits on uncertain gold spans + unscored labels
    figures: PRF = field(default_factory=PRF)  # (kind, value, claimant)
    figures_kind_value: PRF = field(default_factory=PRF)
    skipped_lines: tuple[str, ...] = ()
    places: PlaceCoverage = field(default_factory=PlaceCoverage)  # known vs unknown places

    def as_dict(self) -> dict:
        def conv(value: object) -> object:
            if hasattr(value, "as_dict"):
                return value.as_dict()
            if isinstance(value, dict):
                return {k: conv(v) for k, v in value.items()}
            if isinstance(value, tuple):
                return list(value)
            return value

        return {f.name: conv(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def to_table(self) -> str:
        """Plain-text table: field, n, accuracy, precision, recall, F1 (``-`` = undefined)."""

        def num(x: float | None) -> str:
            return "-" if x is None else f"{x:.3f}"

        rows: list[tuple[str, str, str, str, str, str]] = []

        def prf_row(name: str, n: int, acc: float | None, prf: PRF | None) -> None:
            p = r = f = None
            if prf is not None:
                p, r, f = prf.precision, prf.recall, prf.f1
            rows.append((name, str(n), num(acc), num(p), num(r), num(f)))

        if self.documents_events:
            prf_row("detection", self.detection.n_gold, None, self.detection)
            prf_row("detection_typed", self.detection_typed.n_gold, None, self.detection_typed)
            for name, fs in self.fields.items():
                prf_row(name, fs.n, fs.accuracy, fs.prf)
            if self.km.n:
                n = str(self.km.n)
                rows.append(("km_within_25", n, num(self.km.within_25km), "-", "-", "-"))
                rows.append(("km_median (km)", n, num(self.km.median_km), "-", "-", "-"))
            if self.km.n_known or self.km.n_unknown:
                rows.append(
                    (
                        "km_within_25 place known",
                        str(self.km.n_known),
                        num(self.km.within_25km_known),
                        "-",
                        "-",
                        "-",
                    )
                )
                rows.append(
                    (
                        "km_within_25 place unknown",
                        str(self.km.n_unknown),
                        num(self.km.within_25km_unknown),
                        "-",
                        "-",
                        "-",
                    )
                )
            rows += [(label, str(n), num(v), "-", "-", "-") for label, n, v in self.places.rows()]
        for title, table in (("entity", self.entities_exact), ("entity~", self.entities_overlap)):
            for label, prf in table.items():
                prf_row(f"{title}:{label}", prf.n_gold, None, prf)
        if self.documents_figures:
            prf_row("figures", self.figures.n_gold, None, self.figures)
            kv = self.figures_kind_value
            prf_row("figures_kind_value", kv.n_gold, None, kv)

        header = ("field", "n", "accuracy", "precision", "recall", "F1")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(6)]

        def line(r: tuple[str, ...]) -> str:
            cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]
            return "  ".join(cells).rstrip()

        out = [
            f"documents {self.documents} (events {self.documents_events}, entities "
            f"{self.documents_entities}, figures {self.documents_figures}); gold events "
            f"{self.gold_events}, predicted {self.predicted_events}, matched {self.matched} "
            f"(typed {self.matched_typed})",
        ]
        if self.skipped_lines:
            out.append(f"unreadable gold lines skipped: {len(self.skipped_lines)}")
        out += [line(header), line(tuple("-" * w for w in widths))]
        out += [line(r) for r in rows]
        return "\n".join(out)

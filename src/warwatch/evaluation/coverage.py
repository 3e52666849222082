"""Gazetteer coverage in the eval: scores split by whether the gazetteer knows the gold place.

On ACLED's notes about a quarter of event places are villages the shipped gazetteer lacks. For
those, warwatch keeps the name the text gives and the enclosing unit's point and admin names
(``Place.geocoded`` False). This tally says how well that works: location name, admin-1 in
ACLED's spelling (exact after case-folding) and distance, for known and unknown gold places, and
how many predicted event places were kept by name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from warwatch.evaluation.compare import CLOSE_KM
from warwatch.evaluation.events import Comparators, GoldEvent, km_error, same_location
from warwatch.geo.unknown import is_kept_by_name
from warwatch.records import EventRecord

KnownPlace = Callable[[str, float, float], bool]
# one scored document: gold events, predicted events, matched (gold index, predicted index) pairs
ScoredDocument = tuple[Sequence[GoldEvent], Sequence[EventRecord], Sequence[tuple[int, int]]]


@dataclass(frozen=True)
class Share:
    """``right`` of ``n``."""

    n: int = 0
    right: int = 0

    @property
    def share(self) -> float | None:
        return self.right / self.n if self.n else None

    def plus(self, right: bool) -> Share:
        return Share(self.n + 1, self.right + bool(right))


@dataclass(frozen=True)
class PlaceCoverage:
    """Matched pairs split by whether the gazetteer knows the gold place (``known``/``unknown``)."""

    admin1_acled: Share = field(default_factory=Share)  # all matched pairs with a gold admin-1
    location: dict[str, Share] = field(default_factory=dict)
    admin1: dict[str, Share] = field(default_factory=dict)
    within_25km: dict[str, Share] = field(default_factory=dict)
    kept_by_name: int = 0  # predicted event places kept by name at an enclosing unit's point
    predicted_places: int = 0

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)

    def rows(self) -> list[tuple[str, int, float | None]]:
        """(label, n, share) rows for the eval table."""
        out = [("admin1 ACLED spelling (exact)", self.admin1_acled.n, self.admin1_acled.share)]
        for label, table in (
            ("location", self.location),
            ("admin1 exact", self.admin1),
            ("within_25km", self.within_25km),
        ):
            for key in ("known", "unknown"):
                s = table.get(key, Share())
                out.append((f"{label} place {key}", s.n, s.share))
        share = self.kept_by_name / self.predicted_places if self.predicted_places else None
        out.append(("event places kept by name", self.predicted_places, share))
        return out


def _same_admin1_exact(g: GoldEvent, p: EventRecord) -> bool:
    gold, place = g.get("admin1"), p.place
    predicted = place.admin1 if place is not None else None
    if not isinstance(gold, str) or not predicted:
        return False
    return gold.casefold() == predicted.casefold()


def _add(table: dict[str, Share], key: str, right: bool) -> dict[str, Share]:
    return {**table, key: table.get(key, Share()).plus(right)}


def tally(
    documents: Iterable[ScoredDocument], cmp: Comparators, known_place: KnownPlace | None
) -> PlaceCoverage:
    """The coverage figures of the matched pairs and of all predicted events of ``documents``."""
    cov = PlaceCoverage()
    places = []
    for gold, events, matched in documents:
        for gi, pi in matched:
            cov = _tally_pair(cov, gold[gi], events[pi], cmp, known_place)
        places += [p.place for p in events if p.place is not None]
    kept = sum(is_kept_by_name(place) for place in places)
    return dataclasses.replace(cov, kept_by_name=kept, predicted_places=len(places))


def _tally_pair(
    cov: PlaceCoverage, g: GoldEvent, p: EventRecord, cmp: Comparators, known: KnownPlace | None
) -> PlaceCoverage:
    if isinstance(g.get("admin1"), str) and g.get("admin1"):
        cov = dataclasses.replace(cov, admin1_acled=cov.admin1_acled.plus(_same_admin1_exact(g, p)))
    name = g.get("location")
    if known is None or not isinstance(name, str) or g.lat is None or g.lon is None:
        return cov
    key = "known" if known(name, g.lat, g.lon) else "unknown"
    cov = dataclasses.replace(
        cov,
        location=_add(cov.location, key, same_location(g, p, cmp)),
        admin1=_add(cov.admin1, key, _same_admin1_exact(g, p)),
    )
    km = km_error(g, p)
    if km is None:
        return cov
    return dataclasses.replace(cov, within_25km=_add(cov.within_25km, key, km <= CLOSE_KM))

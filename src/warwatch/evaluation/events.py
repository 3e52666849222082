"""Event matching (gold dict <-> predicted :class:`EventRecord`) and per-field agreement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from warwatch.evaluation.compare import (
    DATE_SLACK_DAYS,
    PLACE_KM,
    dates_compatible,
    haversine_km,
    normalise,
)
from warwatch.records import EventRecord

SameName = Callable[[str, str], bool]
SameAdmin1 = Callable[[str, str, "str | None"], bool]

#: Fields scored on matched pairs, in report order. ``gold key`` = the gold event key that must be
#: present for the field to be scored (``source`` is the claimant; ``acled_source`` is never
#: scored).
FIELDS: dict[str, str] = {
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "actor1": "actor1",  # actor order ignored (ACLED: no direction): best of straight / swapped
    "actor2": "actor2",
    "actor1_strict": "actor1",
    "actor2_strict": "actor2",
    "location": "location",
    "admin1": "admin1",
    "event_date": "event_date",
    "event_date_pm1": "event_date",
    "time_precision": "time_precision",
    "fatalities": "fatalities",  # a prediction without fatalities counts as 0
    "claimant": "source",
}


@dataclass(frozen=True)
class Comparators:
    same_actor: SameName
    same_admin1: SameAdmin1
    same_place: SameName


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else None


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class GoldEvent:
    raw: dict
    date: dt.date | None
    lat: float | None
    lon: float | None

    @classmethod
    def of(cls, raw: dict) -> GoldEvent:
        return cls(
            raw,
            _date(raw.get("event_date")),
            _float(raw.get("latitude")),
            _float(raw.get("longitude")),
        )

    def get(self, key: str) -> object:
        return self.raw.get(key)

    @property
    def has_place(self) -> bool:
        return bool(self.get("location") or self.get("admin1") or self.lat is not None)


def _pred_names(p: EventRecord) -> list[str]:
    if p.place is None:
        return []
    return [n for n in (p.place.name, p.place.mention) if n]


def _pred_admin1(p: EventRecord) -> str | None:
    if p.place is None:
        return None
    if p.place.admin1:
        return p.place.admin1
    return p.place.name if p.place.feature == "admin1" else None


def _pred_coords(p: EventRecord) -> tuple[float, float] | None:
    pl = p.place
    if pl is None or pl.latitude is None or pl.longitude is None:
        return None
    return pl.latitude, pl.longitude


def same_location(g: GoldEvent, p: EventRecord, cmp: Comparators) -> bool:
    loc = g.get("location")
    return isinstance(loc, str) and any(cmp.same_place(loc, n) for n in _pred_names(p))


def same_admin1(g: GoldEvent, p: EventRecord, cmp: Comparators) -> bool:
    a, b = g.get("admin1"), _pred_admin1(p)
    country = cast(str | None, g.get("country"))
    return isinstance(a, str) and bool(a) and bool(b) and cmp.same_admin1(a, cast(str, b), country)


def km_error(g: GoldEvent, p: EventRecord) -> float | None:
    c = _pred_coords(p)
    if c is None or g.lat is None or g.lon is None:
        return None
    return haversine_km(g.lat, g.lon, c[0], c[1])


def place_distance(g: GoldEvent, p: EventRecord, cmp: Comparators) -> float | None:
    """``None`` when places are incompatible, else a distance used to rank candidate pairs.

    Compatible: either side has no place (distance 50), same location name (0), coordinates within
    50 km (the km), or same admin1 (25 when no closer evidence).
    """
    if p.place is None or not g.has_place:
        return PLACE_KM
    if same_location(g, p, cmp):
        return 0.0
    km = km_error(g, p)
    if km is not None and km <= PLACE_KM:
        return km
    if same_admin1(g, p, cmp):
        return PLACE_KM / 2
    return None


def _days_apart(g: GoldEvent, p: EventRecord) -> int:
    if g.date is None or p.date.date is None:
        return 0
    return abs((g.date - p.date.date).days)


def _same_label(a: object, b: str | None) -> bool:
    return isinstance(a, str) and bool(b) and normalise(a) == normalise(b)


def match_events(
    gold: Sequence[GoldEvent], preds: Sequence[EventRecord], cmp: Comparators, *, typed: bool
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of compatible pairs (gold index, pred index).

    Compatible = dates compatible (:func:`dates_compatible`) and places compatible
    (:func:`place_distance`); with ``typed`` the event types must agree as well. Pairs are taken
    in order of: same event_type, same sub_event_type, fewer days apart, smaller place distance,
    then gold / prediction order.
    """
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            same_type = _same_label(g.get("event_type"), p.event_type)
            if typed and not same_type:
                continue
            if not dates_compatible(
                g.date,
                cast(int | None, g.get("time_precision")),
                p.date.date,
                p.date.time_precision,
                p.date.start,
                p.date.end,
            ):
                continue
            dist = place_distance(g, p, cmp)
            if dist is None:
                continue
            same_sub = _same_label(g.get("sub_event_type"), p.sub_event_type)
            candidates.append((not same_type, not same_sub, _days_apart(g, p), dist, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for *_, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _eq(a: object, b: str | None, same: SameName) -> bool:
    """Both missing, or both given and the same name (gold values are names or None)."""
    if not a and not b:
        return True
    return bool(a) and bool(b) and same(cast(str, a), cast(str, b))


def _actor_names(p: EventRecord) -> tuple[str | None, str | None]:
    return (p.actor1.name if p.actor1 else None, p.actor2.name if p.actor2 else None)


def field_agreement(g: GoldEvent, p: EventRecord, cmp: Comparators) -> dict[str, bool]:
    """For each field of :data:`FIELDS` whose gold key is present: does the prediction agree?

    A gold ``None`` agrees with a missing prediction (e.g. no actor2 on either side).
    """
    g1, g2 = g.get("actor1"), g.get("actor2")
    p1, p2 = _actor_names(p)
    straight = (_eq(g1, p1, cmp.same_actor), _eq(g2, p2, cmp.same_actor))
    swapped = (_eq(g1, p2, cmp.same_actor), _eq(g2, p1, cmp.same_actor))
    unordered = swapped if sum(swapped) > sum(straight) else straight
    gdate, pdate = g.date, p.date.date
    fat = p.fatalities if p.fatalities is not None else 0
    loc = g.get("location")
    adm = g.get("admin1")
    values = {
        "event_type": _same_label(g.get("event_type"), p.event_type),
        "sub_event_type": _same_label(g.get("sub_event_type"), p.sub_event_type),
        "actor1": unordered[0],
        "actor2": unordered[1],
        "actor1_strict": straight[0],
        "actor2_strict": straight[1],
        "location": same_location(g, p, cmp) if loc else p.place is None,
        "admin1": same_admin1(g, p, cmp) if adm else _pred_admin1(p) is None,
        "event_date": gdate == pdate,
        "event_date_pm1": (gdate is None and pdate is None)
        or (
            gdate is not None and pdate is not None and abs((gdate - pdate).days) <= DATE_SLACK_DAYS
        ),
        "time_precision": g.get("time_precision") == p.date.time_precision,
        "fatalities": g.get("fatalities") == fat,
        "claimant": _eq(g.get("source"), p.claimant, cmp.same_actor),
    }
    return {name: values[name] for name, key in FIELDS.items() if key in g.raw}


def gold_has(g: GoldEvent, name: str) -> bool:
    """Whether gold states a value for the field (the recall denominator)."""
    value = g.get(FIELDS[name])
    return value is not None and value != ""


def pred_has(p: EventRecord, name: str) -> bool:
    """Whether the prediction states a value for the field (the precision denominator)."""
    p1, p2 = _actor_names(p)
    if name in ("actor1", "actor1_strict"):
        return bool(p1)
    if name in ("actor2", "actor2_strict"):
        return bool(p2)
    if name == "location":
        return bool(_pred_names(p))
    if name == "admin1":
        return bool(_pred_admin1(p))
    if name in ("event_date", "event_date_pm1"):
        return p.date.date is not None
    if name == "claimant":
        return bool(p.claimant)
    if name == "fatalities":
        return True  # None counts as 0
    return bool(getattr(p, name, None)) if name != "time_precision" else True

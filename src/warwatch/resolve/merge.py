"""Merge statements from many reports into incidents (one per real-world event).

Two supporting statements (asserted or reported) describe the same incident when they are in the
same block (country and merge family), their sub-event types are compatible, their places are the
same or within ``same_place_km`` (or share admin1 when one side is province-level, ACLED
geo_precision 3), their dates are within the tolerance of the coarser time precision, and their
actors agree (same, or one side unnamed). Clustering is complete-link and greedy over a content
order (:func:`statements.sort_key`), so the result depends on the set of statements only, never on
the order they were ingested in. A denial never merges as support: it is linked to the incident it
contradicts with a ``denies`` rule.

>>> incidents = merge(statements)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TypeVar

from warwatch.records import Incident
from warwatch.records import IncidentLink as Link

from .statements import TERRITORY, Rules, Statement, km, rules, sort_key

__all__ = [
    "Incident", "Link", "actor_rule", "cluster", "compatible", "date_rule", "fatality_range",
    "merge", "place_rule", "sides", "sub_type_rule",
]  # fmt: skip

T = TypeVar("T")


# -- pairwise rules ---------------------------------------------------------------------------
def _actor(name: str | None, r: Rules) -> str | None:
    if name is None or any(name.startswith(prefix) for prefix in r.wildcard_actor_prefixes):
        return None
    return name


def sides(s: Statement, r: Rules | None = None) -> tuple[str | None, str | None]:
    """(first side, second side); for territory (new controller, loser).

    A withdrawal ("troops left Homs") names the loser; so does a record whose two actors are the
    same (an extraction that could not tell who took the place).
    """
    r = r or rules()
    a1, a2 = _actor(s.actor1, r), _actor(s.actor2, r)
    if s.family != TERRITORY:
        return a1, a2
    withdrawal = any(word in r.withdrawal_triggers for word in (s.trigger or "").lower().split())
    if withdrawal or (a1 is not None and a1 == a2):
        return None, a2 or a1
    return a1, a2


def _agree(x: str | None, y: str | None) -> bool:
    return x is None or y is None or x == y


def actor_rule(a: Statement, b: Statement, r: Rules) -> str | None:
    (a1, a2), (b1, b2) = sides(a, r), sides(b, r)
    if _agree(a1, b1) and _agree(a2, b2):
        return "actors agree"
    crossed = (a1 is not None and a1 == b2) or (a2 is not None and a2 == b1)
    if a.family != TERRITORY and crossed and _agree(a1, b2) and _agree(a2, b1):
        return "actors agree (swapped)"
    return None


def _coarse_place_rule(a: Statement, b: Statement) -> str | None:
    """One side is province-level (ACLED geo_precision 3): the same admin1 is the same place."""
    if a.admin1 is not None and a.admin1 == b.admin1:
        return f"same admin1 ({a.admin1})"
    if a.admin1 is None and b.admin1 is None and a.location == b.location:
        return f"same place ({a.location})"
    return None


def _point(s: Statement) -> tuple[float, float] | None:
    if s.latitude is None or s.longitude is None:
        return None
    return s.latitude, s.longitude


def _distance_rule(a: Statement, b: Statement, r: Rules) -> str | None:
    """Both sides have coordinates: near enough is the same place."""
    first, second = _point(a), _point(b)
    if first is None or second is None:
        return None
    distance = km(first, second)
    if distance > r.same_place_km:
        return None
    return f"same place ({a.location})" if a.location == b.location else f"{distance:.1f} km apart"


def place_rule(a: Statement, b: Statement, r: Rules) -> str | None:
    if a.location is None or b.location is None or a.country != b.country:
        return None
    if (a.geo_precision or 3) >= 3 or (b.geo_precision or 3) >= 3:
        return _coarse_place_rule(a, b)
    if a.location != b.location and a.geo_precision == 1 and b.geo_precision == 1:
        return None  # two named towns are two places, however close
    if _point(a) is not None and _point(b) is not None:
        return _distance_rule(a, b, r)
    if a.location == b.location and a.admin1 == b.admin1:
        return f"same place ({a.location})"
    return None


def date_rule(a: Statement, b: Statement, r: Rules) -> str | None:
    if a.date is None or b.date is None:
        return None
    precision = max(a.time_precision, b.time_precision)
    tolerance = r.date_tolerance_days.get(precision, max(r.date_tolerance_days.values()))
    gap = abs((a.date - b.date).days)
    return f"dates {gap}d apart (precision {precision})" if gap <= tolerance else None


def sub_type_rule(a: Statement, b: Statement, r: Rules) -> str | None:
    if a.sub_event_type == b.sub_event_type:
        return a.sub_event_type
    pair = {a.sub_event_type, b.sub_event_type}
    if any(pair <= group for group in r.compatible_sub_event_types):
        return "compatible sub-event types"
    return None


def compatible(a: Statement, b: Statement, r: Rules | None = None) -> str | None:
    """Why ``a`` and ``b`` may describe one incident, or None when they may not."""
    r = r or rules()
    if a.block != b.block:
        return None
    reasons = []
    for rule in (sub_type_rule, place_rule, date_rule, actor_rule):
        reason = rule(a, b, r)
        if reason is None:
            return None
        reasons.append(reason)
    return "; ".join(reasons)


# -- clustering -------------------------------------------------------------------------------
def cluster(statements: Iterable[Statement], r: Rules | None = None) -> list[list[Statement]]:
    """Complete-link greedy clusters of supporting statements, in a content-only order."""
    r = r or rules()
    clusters: list[list[Statement]] = []
    spans: list[tuple[dt.date, dt.date] | None] = []  # each cluster's dates, to skip far ones fast
    by_block: dict[str, list[int]] = defaultdict(list)
    reach = dt.timedelta(days=max(r.date_tolerance_days.values()))
    for s in sorted((s for s in statements if s.supports), key=sort_key):
        chosen = None
        for index in by_block[s.block]:
            span = spans[index]
            if s.date is None or span is None or not span[0] - reach <= s.date <= span[1] + reach:
                continue
            if all(compatible(s, member, r) for member in clusters[index]):
                chosen = index
                break
        if chosen is None:
            by_block[s.block].append(len(clusters))
            clusters.append([s])
            spans.append((s.date, s.date) if s.date is not None else None)
        else:
            clusters[chosen].append(s)
            span = spans[chosen]
            if span is not None and s.date is not None:  # a cluster is only chosen by its dates
                spans[chosen] = (min(span[0], s.date), max(span[1], s.date))
    return clusters


def merge(statements: Iterable[Statement], r: Rules | None = None) -> list[Incident]:
    """Incidents from statements: every supporting statement in exactly one incident.

    Denials are attached to the incident they contradict (the one with most compatible members),
    or left out when no stored statement supports what they deny. Predictions are left out.
    """
    r = r or rules()
    statements = list(statements)
    groups = cluster(statements, r)
    denials: dict[int, list[Link]] = defaultdict(list)
    for d in sorted((s for s in statements if s.denies), key=sort_key):
        best: tuple[int, int, str] | None = None
        for index, members in enumerate(groups):
            reasons = [why for m in members if (why := compatible(d, m, r))]
            if reasons and (best is None or len(reasons) > best[0]):
                best = (len(reasons), index, reasons[0])
        if best is not None:
            denials[best[1]].append(Link(d.id, f"denies: {best[2]}"))
    incidents = [_incident(members, denials.get(i, []), r) for i, members in enumerate(groups)]
    return sorted(incidents, key=lambda incident: incident.key)


def _most_common(values: Sequence[T | None]) -> T | None:
    """The value given most often; ties go to the first given (statements are in content order)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    counts = Counter(present)
    top = max(counts.values())
    return next(v for v in present if counts[v] == top)


def fatality_range(members: list[Statement]) -> tuple[int | None, int | None, int | None]:
    """UCDP-style (low, best, high) over documents; one figure per document (its largest)."""
    per_document: dict[str, int] = {}
    for s in members:
        if s.fatalities is not None:
            per_document[s.document_id] = max(s.fatalities, per_document.get(s.document_id, 0))
    values = sorted(per_document.values())
    if not values:
        return None, None, None
    counts = Counter(values)
    top = max(counts.values())
    modes = [v for v, n in counts.items() if n == top]
    best = modes[0] if top > 1 and len(modes) == 1 else statistics.median_low(values)
    return values[0], best, values[-1]


def _precision(m: Statement) -> int:
    return m.geo_precision if m.geo_precision is not None else 9


def _dates(
    members: list[Statement], anchor: Statement
) -> tuple[dt.date | None, dt.date | None, dt.date | None, int]:
    """(event date, first date, last date, time precision): the date most members give at the
    finest precision any of them has."""
    dated = [m.date for m in members if m.date is not None]
    finest = min((m.time_precision for m in members if m.date is not None), default=None)
    if finest is None:
        return None, None, None, anchor.time_precision
    at_finest = sorted(m.date for m in members if m.date is not None and m.time_precision == finest)
    return _most_common(at_finest), min(dated), max(dated), finest


def _incident(members: list[Statement], denials: list[Link], r: Rules) -> Incident:
    anchor = members[0]
    precise = min(_precision(m) for m in members)
    at = next(m for m in members if _precision(m) == precise)
    date, first_date, last_date, finest = _dates(members, anchor)
    kinds = _most_common([(m.event_type, m.sub_event_type) for m in members]) or (
        anchor.event_type, anchor.sub_event_type
    )  # fmt: skip
    first_side = _most_common([sides(m, r)[0] for m in members])
    second_side = _most_common([sides(m, r)[1] for m in members])
    low, best, high = fatality_range(members)
    links = [Link(anchor.id, "anchor")]
    links += [Link(m.id, "merged: " + (compatible(m, anchor, r) or "")) for m in members[1:]]
    reported = [m.reported_on for m in members if m.reported_on is not None]
    return Incident(
        key=anchor.record_key,
        block=anchor.block,
        family=anchor.family,
        event_type=kinds[0],
        sub_event_type=kinds[1],
        location=at.location,
        admin1=at.admin1,
        country=at.country,
        latitude=at.latitude,
        longitude=at.longitude,
        geo_precision=at.geo_precision,
        date=date,
        date_start=first_date,
        date_end=last_date,
        time_precision=finest,
        actor1=first_side,
        actor2=second_side,
        inter1=_inter(members, first_side),
        inter2=_inter(members, second_side),
        fatalities_low=low,
        fatalities_best=best,
        fatalities_high=high,
        source_count=len({m.document_id for m in members}),
        first_reported=min(reported, default=None),
        links=tuple(links + denials),
    )


def _inter(members: list[Statement], name: str | None) -> int | None:
    if name is None:
        return None
    for m in members:
        if m.actor1 == name and m.inter1 is not None:
            return m.inter1
        if m.actor2 == name and m.inter2 is not None:
            return m.inter2
    return None

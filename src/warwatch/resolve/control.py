"""The territorial control timeline: who holds each place since when, with the evidence.

Built from territorial incidents (ACLED "Non-state actor overtakes territory", "Government regains
territory", "Non-violent transfer of territory"): ``actor1`` of the incident is the new controller,
``actor2`` the side that lost the place. Each change carries an evidence level at the picture's
date (``assessed``, ``claimed``, ``contested``; see :mod:`.levels` and data/control_levels.yaml),
and places with fighting but no known capture carry an advance (``claimed advance``,
``assessed advance``). The older ``status`` stays for readers of the first API:

- ``contested`` when the level is contested (a standing denial, a rival controller at a compatible
  date, see :func:`claims.conflicting`, or fighting at the place since), and for advances;
- ``unknown`` when only a withdrawal is known (the loser, not the new controller);
- ``held`` otherwise.

A change keeps the date precision its text gives (a capture mentioned in passing "in recent days"
keeps ``time_precision`` 2).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import levels
from .contradictions import conflicting, who
from .merge import Incident
from .statements import TERRITORY, Statement

HELD, CONTESTED, UNKNOWN = "held", "contested", "unknown"


@dataclass(frozen=True)
class ControlChange:
    place: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    controller: str | None
    lost_by: str | None
    since: dt.date | None
    time_precision: int
    status: str
    incident_key: str
    source_count: int
    sources: tuple[str, ...]
    evidence: tuple[dict[str, object], ...]
    level: str = levels.CLAIMED
    level_reason: str = ""
    independent_sources: int = 0
    advancing: tuple[str, ...] = ()  # for advances short of control: who advances (or fights)
    geo_precision: int | None = None

    @property
    def is_advance(self) -> bool:
        return self.level in {levels.ASSESSED_ADVANCE, levels.CLAIMED_ADVANCE}

    def as_dict(self) -> dict[str, object]:
        return {
            "place": self.place,
            "admin1": self.admin1,
            "country": self.country,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "controller": self.controller,
            "lost_by": self.lost_by,
            "since": self.since.isoformat() if self.since else None,
            "time_precision": self.time_precision,
            "status": self.status,
            "incident": self.incident_key,
            "source_count": self.source_count,
            "sources": list(self.sources),
            "evidence": list(self.evidence),
            "level": self.level,
            "level_reason": self.level_reason,
            "independent_sources": self.independent_sources,
            "advancing": list(self.advancing),
            "geo_precision": self.geo_precision,
        }


def _evidence(s: Statement, side: str) -> dict[str, object]:
    return {
        "side": side,
        "claimant": who(s),
        "stance": s.stance,
        "hedged": s.hedged,
        "source": s.outlet,
        "title": s.title,
        "document_id": s.document_id,
        "start": s.evidence_start,
        "end": s.evidence_end,
        "text": s.evidence_text,
        "date": s.date.isoformat() if s.date else None,
        "reported_on": s.reported_on.isoformat() if s.reported_on else None,
    }


def _place_key(x: Incident | ControlChange) -> tuple[str | None, str | None, str | None]:
    if isinstance(x, Incident):
        return x.location, x.admin1, x.country
    return x.place, x.admin1, x.country


def _at_place(fight: Incident, place: tuple[str | None, str | None, str | None]) -> bool:
    """Fighting in or at a place: same name and country, same admin-1 when both give one."""
    location, admin1, country = place
    if fight.location is None or fight.location != location or fight.country != country:
        return False
    return fight.admin1 is None or admin1 is None or fight.admin1 == admin1


def fighting_at(
    incidents: Iterable[Incident], r: levels.LevelRules | None = None
) -> list[Incident]:
    """The incidents that are fighting at a place (``fighting`` in control_levels.yaml)."""
    r = r or levels.level_rules()
    return [
        i
        for i in incidents
        if i.sub_event_type in r.fighting_sub_event_types
        and i.date is not None
        and (i.geo_precision or 1) <= r.fighting_max_geo_precision
    ]


def _known(
    ids: Iterable[int], statements: Mapping[int, Statement], at: dt.date | None
) -> list[Statement]:
    return [statements[i] for i in ids if i in statements and levels.known(statements[i], at)]


@dataclass(frozen=True)
class Context:
    """What a change is judged against: its rivals, the fighting, the date of the picture."""

    territorial: tuple[Incident, ...]
    fighting: tuple[Incident, ...]
    statements: Mapping[int, Statement]
    at: dt.date | None
    rules: levels.LevelRules


def _fighting_after(incident: Incident, ctx: Context) -> list[Statement]:
    if incident.date is None or ctx.at is None:
        return []
    window = dt.timedelta(days=ctx.rules.fighting_window_days)
    out: list[Statement] = []
    for fight in ctx.fighting:
        if fight.date is None or not incident.date < fight.date <= ctx.at:
            continue
        if ctx.at - fight.date <= window and _at_place(fight, _place_key(incident)):
            out += _known(fight.supporting_ids, ctx.statements, ctx.at)
    return out


def _rivals(incident: Incident, ctx: Context) -> tuple[list[Incident], list[Statement]]:
    """Other sides named as controller at a compatible date, and the reports that name them."""
    rivals = [o for o in ctx.territorial if o is not incident and conflicting(incident, o)]
    support = {o.key: _known(o.supporting_ids, ctx.statements, ctx.at) for o in rivals}
    if ctx.at is not None:  # a rival counts once some report of it is known
        rivals = [o for o in rivals if support[o.key]]
    return rivals, [s for o in rivals for s in support[o.key]]


def _status(level: str, controller: str | None) -> str:
    if level == levels.CONTESTED:
        return CONTESTED
    return UNKNOWN if controller is None else HELD


def evidence_of(e: levels.Evidence) -> tuple[dict[str, object], ...]:
    sides = (("supports", e.support), ("denies", e.denial), ("rival", e.rival),
             ("fighting", e.fighting))  # fmt: skip
    return tuple(_evidence(s, side) for side, group in sides for s in group)


def _where_and_when(incident: Incident) -> dict[str, Any]:
    """The place and date fields of a control state, from the incident it rests on."""
    return {
        "place": incident.location, "admin1": incident.admin1, "country": incident.country,
        "latitude": incident.latitude, "longitude": incident.longitude,
        "geo_precision": incident.geo_precision, "since": incident.date,
        "time_precision": incident.time_precision, "incident_key": incident.key,
    }  # fmt: skip


def change(incident: Incident, ctx: Context) -> ControlChange | None:
    """The change of control an incident reports, with its level at ``ctx.at`` (None when no
    supporting statement was known by then)."""
    support = _known(incident.supporting_ids, ctx.statements, ctx.at)
    if not support and ctx.at is not None:
        return None
    denial = _known(incident.denying_ids, ctx.statements, ctx.at)
    rivals, rival = _rivals(incident, ctx)
    evidence = levels.Evidence(
        support=tuple(support), denial=tuple(denial), rival=tuple(rival),
        rival_controllers=tuple(dict.fromkeys(o.actor1 or "?" for o in rivals)),
        fighting=tuple(_fighting_after(incident, ctx)), lost_by=incident.actor2,
    )  # fmt: skip
    judged = levels.assess(evidence, ctx.rules)
    return ControlChange(
        **_where_and_when(incident),
        controller=incident.actor1,
        lost_by=incident.actor2,
        status=_status(judged.level, incident.actor1),
        source_count=len({s.document_id for s in support}),
        sources=tuple(dict.fromkeys(levels.cite(s) for s in support + denial)),
        evidence=evidence_of(evidence),
        level=judged.level,
        level_reason=judged.reason,
        independent_sources=judged.independent_sources,
    )


def _context(
    incidents: Iterable[Incident], statements: Mapping[int, Statement], at: dt.date | None
) -> Context:
    incidents = list(incidents)
    r = levels.level_rules()
    return Context(
        territorial=tuple(i for i in incidents if i.family == TERRITORY),
        fighting=tuple(fighting_at(incidents, r)),
        statements=statements,
        at=at,
        rules=r,
    )


def changes(
    incidents: Iterable[Incident],
    statements: Mapping[int, Statement],
    at: dt.date | None = None,
) -> list[ControlChange]:
    """One control change per territorial incident (dated up to ``at``), ordered by place then
    date, each with its evidence level at ``at`` (default: with everything known)."""
    ctx = _context(incidents, statements, at)
    out = []
    for incident in ctx.territorial:
        if at is not None and (incident.date is None or incident.date > at):
            continue
        found = change(incident, ctx)
        if found is not None:
            out.append(found)
    return sorted(out, key=_order)


def advances(
    incidents: Iterable[Incident],
    statements: Mapping[int, Statement],
    at: dt.date,
    held: Iterable[ControlChange] = (),
) -> list[ControlChange]:
    """Advances short of control at ``at``: fighting in the last ``advance.window_days`` at a place
    that no known change of control covers."""
    ctx = _context(incidents, statements, at)
    taken = {_place_key(c) for c in held}
    window = dt.timedelta(days=ctx.rules.advance_window_days)
    by_place: dict[tuple[object, ...], list[Incident]] = defaultdict(list)
    for fight in ctx.fighting:
        assert fight.date is not None  # fighting_at keeps dated incidents only
        recent = fight.date <= at and at - fight.date <= window and fight.location is not None
        if recent and not any(_at_place(fight, place) for place in taken):
            by_place[_place_key(fight)].append(fight)
    out = [_advance(group, ctx) for group in by_place.values()]
    return sorted((a for a in out if a is not None), key=_order)


def _advance(group: list[Incident], ctx: Context) -> ControlChange | None:
    latest = max(group, key=lambda i: (i.date or dt.date.min, i.key))
    support = [s for i in group for s in _known(i.supporting_ids, ctx.statements, ctx.at)]
    if not support:
        return None
    judged = levels.assess_advance(support, ctx.rules)
    return ControlChange(
        **_where_and_when(latest),
        controller=None,
        lost_by=None,
        status=CONTESTED,
        source_count=len({s.document_id for s in support}),
        sources=tuple(dict.fromkeys(levels.cite(s) for s in support)),
        evidence=tuple(_evidence(s, "fighting") for s in support),
        level=judged.level,
        level_reason=judged.reason,
        independent_sources=judged.independent_sources,
        advancing=levels.advancing_sides(support, ctx.rules),
    )


def _order(c: ControlChange) -> tuple[Any, ...]:
    return (
        c.country or "",
        c.place or "",
        c.since or dt.date.max,
        c.time_precision,
        c.incident_key,
    )


def _rank(c: ControlChange) -> tuple[Any, ...]:
    """Which change is the state of a place: the latest, then the best sourced, then precise."""
    return (c.since or dt.date.min, c.controller is not None, c.source_count, -c.time_precision)


def control_at(
    all_changes: Iterable[ControlChange],
    at: dt.date | None = None,
    *,
    place: str | None = None,
    country: str | None = None,
) -> list[ControlChange]:
    """The state of each place at ``at`` (default: the latest known): one change per place."""
    by_place: dict[tuple[Any, ...], list[ControlChange]] = defaultdict(list)
    for c in all_changes:
        if c.since is None or (at is not None and c.since > at):
            continue
        if not _matches(c, place, country):
            continue
        by_place[(c.place, c.admin1, c.country)].append(c)
    states = [max(group, key=lambda c: (_rank(c), c.incident_key)) for group in by_place.values()]
    return sorted(states, key=_order)


def _matches(c: ControlChange, place: str | None, country: str | None) -> bool:
    if place and place.lower() not in {(c.place or "").lower(), (c.admin1 or "").lower()}:
        return False
    return not country or (c.country or "").lower() == country.lower()


def latest_date(
    incidents: Iterable[Incident], statements: Mapping[int, Statement] | None = None
) -> dt.date | None:
    """The latest day anything is known about: an incident's date or a report's publication."""
    days = [i.date for i in incidents if i.date is not None]
    days += [s.reported_on for s in (statements or {}).values() if s.reported_on is not None]
    return max(days, default=None)


def picture(
    incidents: Iterable[Incident],
    statements: Mapping[int, Statement],
    at: dt.date | None = None,
    *,
    place: str | None = None,
    country: str | None = None,
) -> list[ControlChange]:
    """The control picture at ``at`` (default: the latest dated incident): each place's state with
    its evidence level, and the advances short of control."""
    incidents = list(incidents)
    at = at or latest_date(incidents, statements)
    if at is None:
        return []
    known = changes(incidents, statements, at)
    states = control_at(known, at, place=place, country=country)
    moving = [a for a in advances(incidents, statements, at, known) if _matches(a, place, country)]
    return sorted(states + moving, key=_order)


def geojson(states: Iterable[ControlChange]) -> dict[str, object]:
    """An RFC 7946 FeatureCollection of point features (places without coordinates are left out)."""
    features = []
    for c in states:
        if c.latitude is None or c.longitude is None:
            continue
        properties = c.as_dict()
        properties.pop("latitude")
        properties.pop("longitude")
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(c.longitude, 7), round(c.latitude, 7)],
                },
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}

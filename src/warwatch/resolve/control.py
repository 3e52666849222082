"""The territorial control timeline: who holds each place since when, with the evidence.

Built from territorial incidents (ACLED "Non-state actor overtakes territory", "Government regains
territory", "Non-violent transfer of territory"): ``actor1`` of the incident is the new controller,
``actor2`` the side that lost the place. A change's status is, in ISW's spirit:

- ``contested`` when someone denies it, or another source names a controller from another side at
  a compatible date (see :func:`claims.conflicting`);
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
        }


def _source(s: Statement) -> str:
    return f"{s.outlet}: {who(s)}" if s.claimant else s.outlet


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
    }


def _status(incident: Incident, *, contested: bool) -> str:
    if contested:
        return CONTESTED
    return UNKNOWN if incident.actor1 is None else HELD


def changes(
    incidents: Iterable[Incident], statements: Mapping[int, Statement]
) -> list[ControlChange]:
    """One control change per territorial incident, ordered by place then date."""
    territorial = [i for i in incidents if i.family == TERRITORY]
    out = []
    for incident in territorial:
        support = [statements[i] for i in incident.supporting_ids if i in statements]
        denial = [statements[i] for i in incident.denying_ids if i in statements]
        rival = any(conflicting(incident, other) for other in territorial if other is not incident)
        status = _status(incident, contested=bool(denial) or rival)
        evidence = [_evidence(s, "supports") for s in support]
        evidence += [_evidence(s, "denies") for s in denial]
        out.append(
            ControlChange(
                place=incident.location,
                admin1=incident.admin1,
                country=incident.country,
                latitude=incident.latitude,
                longitude=incident.longitude,
                controller=incident.actor1,
                lost_by=incident.actor2,
                since=incident.date,
                time_precision=incident.time_precision,
                status=status,
                incident_key=incident.key,
                source_count=incident.source_count,
                sources=tuple(dict.fromkeys(_source(s) for s in support + denial)),
                evidence=tuple(evidence),
            )
        )
    return sorted(out, key=_order)


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
        if place and place.lower() not in {(c.place or "").lower(), (c.admin1 or "").lower()}:
            continue
        if country and (c.country or "").lower() != country.lower():
            continue
        by_place[(c.place, c.admin1, c.country)].append(c)
    states = [max(group, key=lambda c: (_rank(c), c.incident_key)) for group in by_place.values()]
    return sorted(states, key=_order)


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

"""Claims and contradictions: who says what, and where two sides say opposite things.

A contradiction links opposite claims about one proposition with both sides' sources:

- ``denial``: an incident that some sources report and another denies (the merge step linked the
  denial to the incident with a ``denies`` rule: same place, compatible type, date and actors);
- ``controller``: two territorial incidents at the same place and compatible dates that name
  different new controllers from different sides (ACLED inter codes differ).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .merge import Incident, date_rule
from .statements import TERRITORY, Statement, rules


@dataclass(frozen=True)
class Contradiction:
    kind: str  # denial | controller
    proposition: str
    location: str | None
    admin1: str | None
    country: str | None
    date: dt.date | None
    incident_keys: tuple[str, ...]
    supporting: tuple[Statement, ...]
    opposing: tuple[Statement, ...]


def who(s: Statement) -> str:
    """The claimant, or the outlet when the report states it in its own voice."""
    return s.claimant or s.outlet


def proposition(incident: Incident) -> str:
    place = incident.location or "an unknown place"
    when = incident.date.isoformat() if incident.date else "an unknown date"
    if incident.family == TERRITORY:
        taker = incident.actor1 or "an unnamed side"
        lost = f" from {incident.actor2}" if incident.actor2 else ""
        if incident.actor1 is None and incident.actor2:
            return f"{incident.actor2} lost or left {place} ({when})"
        return f"{taker} took {place}{lost} ({when})"
    actors = " vs ".join(a for a in (incident.actor1, incident.actor2) if a)
    return f"{incident.sub_event_type} at {place} ({when})" + (f": {actors}" if actors else "")


def contradictions(
    incidents: Iterable[Incident], statements: Mapping[int, Statement]
) -> list[Contradiction]:
    """Every contradiction among stored incidents, ordered by date then place."""
    incidents = list(incidents)
    found: list[Contradiction] = []
    for incident in incidents:
        if not incident.denying_ids:
            continue
        found.append(
            Contradiction(
                kind="denial",
                proposition=proposition(incident),
                location=incident.location,
                admin1=incident.admin1,
                country=incident.country,
                date=incident.date,
                incident_keys=(incident.key,),
                supporting=_statements(incident.supporting_ids, statements),
                opposing=_statements(incident.denying_ids, statements),
            )
        )
    found.extend(controller_conflicts(incidents, statements))
    return sorted(found, key=lambda c: (c.date or dt.date.max, c.location or "", c.kind))


def _statements(ids: Iterable[int], statements: Mapping[int, Statement]) -> tuple[Statement, ...]:
    return tuple(statements[i] for i in ids if i in statements)


def _place(incident: Incident) -> tuple[str | None, str | None, str | None]:
    return incident.location, incident.admin1, incident.country


def conflicting(a: Incident, b: Incident) -> bool:
    """Two territorial incidents naming different controllers of one place at compatible dates."""
    if a.family != TERRITORY or b.family != TERRITORY or _place(a) != _place(b):
        return False
    if a.actor1 is None or b.actor1 is None or a.actor1 == b.actor1:
        return False
    if a.inter1 is not None and a.inter1 == b.inter1:
        return False  # same kind of actor named differently: not a contradiction about control
    if a.date is None or b.date is None:
        return False
    probe_a = Statement(0, "", "", "", "", date=a.date, time_precision=a.time_precision)
    probe_b = Statement(0, "", "", "", "", date=b.date, time_precision=b.time_precision)
    return date_rule(probe_a, probe_b, rules()) is not None


def controller_conflicts(
    incidents: list[Incident], statements: Mapping[int, Statement]
) -> list[Contradiction]:
    out = []
    territorial = sorted((i for i in incidents if i.family == TERRITORY), key=lambda i: i.key)
    for n, a in enumerate(territorial):
        for b in territorial[n + 1 :]:
            if not conflicting(a, b):
                continue
            first, second = sorted((a, b), key=lambda i: (i.date or dt.date.max, i.key))
            out.append(
                Contradiction(
                    kind="controller",
                    proposition=f"who took {first.location}: {first.actor1} or {second.actor1}",
                    location=first.location,
                    admin1=first.admin1,
                    country=first.country,
                    date=first.date,
                    incident_keys=(first.key, second.key),
                    supporting=_statements(first.supporting_ids, statements),
                    opposing=_statements(second.supporting_ids, statements),
                )
            )
    return out


def claim_row(s: Statement) -> dict[str, Any]:
    """One statement as a flat claim (for ``warwatch claims``)."""
    return {
        "claimant": who(s),
        "stance": s.stance,
        "hedged": s.hedged,
        "event_type": s.event_type,
        "sub_event_type": s.sub_event_type,
        "location": s.location,
        "admin1": s.admin1,
        "country": s.country,
        "date": s.date.isoformat() if s.date else None,
        "source": s.outlet,
        "title": s.title,
        "document_id": s.document_id,
        "evidence": s.evidence_text,
    }


def side_rows(side: Iterable[Statement]) -> list[dict[str, Any]]:
    return [
        {
            "claimant": who(s),
            "stance": s.stance,
            "hedged": s.hedged,
            "source": s.outlet,
            "title": s.title,
            "document_id": s.document_id,
            "evidence_start": s.evidence_start,
            "evidence_end": s.evidence_end,
            "evidence": s.evidence_text,
        }
        for s in side
    ]


def contradiction_row(c: Contradiction) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "proposition": c.proposition,
        "location": c.location,
        "admin1": c.admin1,
        "country": c.country,
        "date": c.date.isoformat() if c.date else None,
        "incidents": list(c.incident_keys),
        "supporting": side_rows(c.supporting),
        "opposing": side_rows(c.opposing),
    }

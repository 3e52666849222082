"""Tallies: sums of incident fatalities per region and period, beside the claimed totals.

Incident fatalities are UCDP ranges, so sums are ranges too (sum of lows, of bests, of highs);
incidents without a figure count as zero and are counted separately (``incidents_without``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .merge import Incident


@dataclass(frozen=True)
class Sum:
    region: str
    period_start: dt.date
    period_end: dt.date
    incidents: int
    incidents_without: int  # incidents with no fatality figure
    low: int
    best: int
    high: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "incidents": self.incidents,
            "incidents_without_figure": self.incidents_without,
            "fatalities_low": self.low,
            "fatalities_best": self.best,
            "fatalities_high": self.high,
        }


def period_of(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The ``week`` (Monday to Sunday) or ``month`` containing ``day``."""
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if period == "month":
        start = day.replace(day=1)
        following = (start + dt.timedelta(days=32)).replace(day=1)
        return start, following - dt.timedelta(days=1)
    raise ValueError(f"unknown period {period!r}; use week or month")


def _add(incidents: Iterable[Incident], region: str, start: dt.date, end: dt.date) -> Sum:
    chosen = list(incidents)
    known = [i for i in chosen if i.fatalities_best is not None]
    return Sum(
        region=region,
        period_start=start,
        period_end=end,
        incidents=len(chosen),
        incidents_without=len(chosen) - len(known),
        low=sum(i.fatalities_low or 0 for i in known),
        best=sum(i.fatalities_best or 0 for i in known),
        high=sum(i.fatalities_high or 0 for i in known),
    )


def sums(incidents: Iterable[Incident], *, by: str = "admin1", period: str = "month") -> list[Sum]:
    """Fatality sums per region (``admin1`` or ``country``) and period (``week`` or ``month``).

    Territorial changes and undated incidents are left out.
    """
    groups: dict[tuple[str, dt.date, dt.date], list[Incident]] = defaultdict(list)
    for incident in incidents:
        if incident.date is None or incident.family == "territory":
            continue
        region = incident.admin1 if by == "admin1" else incident.country
        region = f"{region or '?'}, {incident.country or '?'}" if by == "admin1" else region or "?"
        groups[(region, *period_of(incident.date, period))].append(incident)
    return [_add(members, *key) for key, members in sorted(groups.items())]


def beside_claims(
    figures: Iterable[Any], incidents: Iterable[Incident], countries: dict[str, str | None]
) -> list[dict[str, object]]:
    """Each claimed killed total with a period, beside the sum of incident fatalities in it.

    ``countries`` maps a document id to the country its events are in (a figure without a place
    takes its document's country).
    """
    incidents = list(incidents)
    out = []
    for f in figures:
        if f.kind not in {"killed", "killed_civilians"} or f.period_start is None:
            continue
        country = f.country or countries.get(f.document_id)
        end = f.period_end or f.period_start
        inside = [
            i for i in incidents
            if i.family != "territory" and i.date is not None
            and f.period_start <= i.date <= end and (country is None or i.country == country)
        ]  # fmt: skip
        total = _add(inside, country or "?", f.period_start, end)
        out.append(
            {
                "kind": f.kind,
                "claimed": f.value,
                "qualifier": f.qualifier,
                "claimant": f.claimant,
                "document_id": f.document_id,
                **total.as_dict(),
            }
        )
    return out

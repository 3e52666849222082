"""A place's control history: every change of controller or evidence level, with its evidence.

The picture is re-judged on each day something could change it (a change's date, the day a
report about it became known, the day fighting stops counting), and one entry is written each time
the controller, the side that lost the place, the advancing sides or the level differ from the
day before. A claim first reported on one day and confirmed by an independent outlet two days
later gives two entries: ``claimed``, then ``assessed``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import control, levels
from .merge import Incident
from .statements import TERRITORY, Statement

PlaceKey = tuple[str | None, str | None, str | None]


@dataclass(frozen=True)
class HistoryEntry:
    """From ``date`` on, a place's state is ``state`` (None: no current report any more)."""

    date: dt.date
    place: str | None
    admin1: str | None
    country: str | None
    change: str  # first report | controller | level | advance | lapsed
    state: control.ControlChange | None

    def as_dict(self) -> dict[str, object]:
        state = self.state.as_dict() if self.state else {"level": None, "controller": None}
        return {
            **state,
            "date": self.date.isoformat(),
            "place": self.place,
            "admin1": self.admin1,
            "country": self.country,
            "change": self.change,
        }


def _named(x: Incident, place: str) -> bool:
    return (x.location or "").casefold() == place.casefold()


def places_named(incidents: Iterable[Incident], place: str) -> list[PlaceKey]:
    """The places a name means: gazetteer place names first, else an admin-1 region's places."""
    territorial = [i for i in incidents if i.family == TERRITORY or i.location]
    keys = {(i.location, i.admin1, i.country) for i in territorial if _named(i, place)}
    if not keys:
        region = place.casefold()
        keys = {
            (i.location, i.admin1, i.country)
            for i in territorial
            if (i.admin1 or "").casefold() == region and i.family == TERRITORY
        }
    return sorted(keys, key=lambda k: tuple(v or "" for v in k))


def _relevant(incidents: list[Incident], keys: list[PlaceKey]) -> list[Incident]:
    keep = []
    for i in incidents:
        key = (i.location, i.admin1, i.country)
        if (i.family == TERRITORY and key in keys) or any(control._at_place(i, k) for k in keys):
            keep.append(i)
    return keep


def _days(incidents: list[Incident], statements: Mapping[int, Statement]) -> list[dt.date]:
    r = levels.level_rules()
    days: set[dt.date] = set()
    for i in incidents:
        if i.date is None:
            continue
        days.add(i.date)
        for record_id in i.supporting_ids + i.denying_ids:
            s = statements.get(record_id)
            if s is not None and s.reported_on is not None and s.reported_on > i.date:
                days.add(s.reported_on)
        if i in control.fighting_at([i], r):  # the day fighting stops counting
            days.add(i.date + dt.timedelta(days=r.fighting_window_days + 1))
            days.add(i.date + dt.timedelta(days=r.advance_window_days + 1))
    return sorted(days)


def _signature(state: control.ControlChange | None) -> tuple[object, ...]:
    if state is None:
        return (None,)
    return (state.controller, state.lost_by, state.level, state.advancing)


def _kind(before: control.ControlChange | None, after: control.ControlChange | None) -> str:
    if after is None:
        return "lapsed"
    if after.is_advance:
        return "advance"
    if before is None:
        return "first report"
    if (before.controller, before.lost_by) != (after.controller, after.lost_by):
        return "controller"
    return "level"


def history(
    incidents: Iterable[Incident],
    statements: Mapping[int, Statement],
    place: str,
    *,
    until: dt.date | None = None,
) -> list[HistoryEntry]:
    """Every change of controller or level at the places named ``place``, oldest first."""
    incidents = list(incidents)
    keys = places_named(incidents, place)
    relevant = _relevant(incidents, keys)
    out: list[HistoryEntry] = []
    last: dict[PlaceKey, control.ControlChange | None] = dict.fromkeys(keys)
    for day in _days(relevant, statements):
        if until is not None and day > until:
            break
        now = {
            (c.place, c.admin1, c.country): c for c in control.picture(relevant, statements, day)
        }
        for key in keys:
            before, after = last[key], now.get(key)
            if _signature(before) == _signature(after):
                continue
            if before is None and after is None:
                continue
            out.append(HistoryEntry(day, *key, change=_kind(before, after), state=after))
            last[key] = after
    return out

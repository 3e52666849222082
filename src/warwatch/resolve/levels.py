"""Evidence levels of territorial control (ISW's assessed vs claimed control, issue 15).

A place's control state at a date carries one level, by the rules of ``data/control_levels.yaml``:

- ``contested``: a standing denial, another side named as the controller at a compatible date, or
  fighting reported at the place after the change, within a few days of the picture's date;
- ``assessed``: at least two independent sources, or the side that lost the place concedes it;
- ``claimed``: one side or one source asserts it;
- ``assessed advance`` / ``claimed advance``: fighting at a place nobody is known to have taken.

Independence is counted over sources, not reports: two outlets quoting one monitor, one outlet
quoting two people, or two outlets printing the same wire sentence are one source each.
Only statements known at the picture's date (published, else ingested, on or before it) count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .contradictions import who
from .statements import Statement

ASSESSED, CLAIMED, CONTESTED = "assessed", "claimed", "contested"
ASSESSED_ADVANCE, CLAIMED_ADVANCE = "assessed advance", "claimed advance"
LEVELS = (ASSESSED, CLAIMED, CONTESTED, ASSESSED_ADVANCE, CLAIMED_ADVANCE)


@dataclass(frozen=True)
class LevelRules:
    precedence: tuple[str, ...]
    wire_text_min_chars: int
    min_independent_sources: int
    concession_by_loser: bool
    standing_denial: bool
    rival_controller: bool
    fighting_window_days: int
    fighting_sub_event_types: frozenset[str]
    fighting_max_geo_precision: int
    advance_window_days: int
    advance_min_independent_sources: int
    advance_triggers: frozenset[str]


@lru_cache(maxsize=1)
def level_rules() -> LevelRules:
    """The rules of ``data/control_levels.yaml``."""
    text = resources.files("warwatch").joinpath("data/control_levels.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    precedence = tuple(data["precedence"])
    if set(precedence) != {CONTESTED, ASSESSED, CLAIMED}:
        raise ValueError(
            f"control_levels.yaml: precedence must order {CONTESTED}, {ASSESSED}, {CLAIMED}"
        )
    return LevelRules(
        precedence=precedence,
        wire_text_min_chars=int(data["independence"]["wire_text_min_chars"]),
        min_independent_sources=int(data["assessed"]["min_independent_sources"]),
        concession_by_loser=bool(data["assessed"]["concession_by_loser"]),
        standing_denial=bool(data["contested"]["standing_denial"]),
        rival_controller=bool(data["contested"]["rival_controller"]),
        fighting_window_days=int(data["contested"]["fighting_window_days"]),
        fighting_sub_event_types=frozenset(data["fighting"]["sub_event_types"]),
        fighting_max_geo_precision=int(data["fighting"]["max_geo_precision"]),
        advance_window_days=int(data["advance"]["window_days"]),
        advance_min_independent_sources=int(data["advance"]["min_independent_sources"]),
        advance_triggers=frozenset(t.lower() for t in data["advance"]["triggers"]),
    )


def known(s: Statement, at: dt.date | None) -> bool:
    """Whether a statement was known at ``at`` (undated statements always are)."""
    return at is None or s.reported_on is None or s.reported_on <= at


def _wire_text(s: Statement, r: LevelRules) -> str | None:
    text = re.sub(r"\W+", " ", s.evidence_text).strip().casefold()
    return text if len(text) >= r.wire_text_min_chars else None


def independent_sources(
    statements: Iterable[Statement], r: LevelRules | None = None
) -> list[tuple[Statement, ...]]:
    """Statements grouped into independent sources (same outlet, claimant or wire text join)."""
    r = r or level_rules()
    items = list(dict.fromkeys(statements))
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for n, s in enumerate(items):
        keys = [f"outlet:{s.outlet.casefold()}", f"claimant:{who(s).casefold()}"]
        wire = _wire_text(s, r)
        if wire is not None:
            keys.append(f"wire:{wire}")
        for key in keys:
            parent[root(n)] = root(first.setdefault(key, n))
    groups: dict[int, list[Statement]] = {}
    for n, s in enumerate(items):
        groups.setdefault(root(n), []).append(s)
    return [tuple(g) for g in groups.values()]


def cite(s: Statement) -> str:
    return f"{s.outlet}: {who(s)}" if s.claimant else s.outlet


def _cites(statements: Iterable[Statement]) -> str:
    return "; ".join(dict.fromkeys(cite(s) for s in statements))


@dataclass(frozen=True)
class Evidence:
    """What a change's level is judged on (only statements known at the picture's date)."""

    support: tuple[Statement, ...]
    denial: tuple[Statement, ...] = ()
    rival: tuple[Statement, ...] = ()  # sources naming another side's controller
    rival_controllers: tuple[str, ...] = ()  # the controllers they name
    fighting: tuple[Statement, ...] = ()  # fighting at the place after the change
    lost_by: str | None = None


@dataclass(frozen=True)
class Assessment:
    level: str
    reason: str
    independent_sources: int


def standing_denials(e: Evidence) -> list[Statement]:
    """Denials not withdrawn: a denier that later reports the change itself no longer denies it."""
    out = []
    for d in e.denial:
        later = [
            s
            for s in e.support
            if who(s).casefold() == who(d).casefold()
            and (s.reported_on or dt.date.min) > (d.reported_on or dt.date.min)
        ]
        if not later:
            out.append(d)
    return out


def _contested(e: Evidence, r: LevelRules) -> str | None:
    denials = standing_denials(e) if r.standing_denial else list(e.denial)
    if denials:
        return f"denied by {_cites(denials)}"
    if r.rival_controller and e.rival_controllers:
        named = ", ".join(e.rival_controllers)
        by = f" by {_cites(e.rival)}" if e.rival else ""
        return f"another side named as controller ({named}){by}"
    if e.fighting:
        dates = sorted({s.date.isoformat() for s in e.fighting if s.date})
        return f"fighting reported at the place on {', '.join(dates)} by {_cites(e.fighting)}"
    return None


def _concessions(e: Evidence) -> list[Statement]:
    if e.lost_by is None:
        return []
    return [s for s in e.support if s.claimant and s.claimant.casefold() == e.lost_by.casefold()]


def _assessed(e: Evidence, r: LevelRules) -> str | None:
    groups = independent_sources(e.support, r)
    if len(groups) >= r.min_independent_sources:
        return f"{len(groups)} independent sources: " + " | ".join(_cites(g) for g in groups)
    conceded = _concessions(e) if r.concession_by_loser else []
    if conceded:
        return f"conceded by the side that lost it: {_cites(conceded)}"
    return None


def _claimed(e: Evidence, r: LevelRules) -> str:
    groups = independent_sources(e.support, r)
    if not groups:
        return "no source known at this date"
    reports = len(groups[0])
    tail = f" ({reports} reports of one source)" if reports > 1 else ""
    return f"one source: {_cites(groups[0])}{tail}"


CHECKS: dict[str, Callable[[Evidence, LevelRules], str | None]] = {
    CONTESTED: _contested,
    ASSESSED: _assessed,
    CLAIMED: _claimed,
}


def assess(e: Evidence, r: LevelRules | None = None) -> Assessment:
    """The level of a change of control, by the first rule of ``precedence`` that holds."""
    r = r or level_rules()
    count = len(independent_sources(e.support, r))
    for level in r.precedence:
        reason = CHECKS[level](e, r)
        if reason is not None:
            return Assessment(level, reason, count)
    raise AssertionError("the claimed rule always holds")  # pragma: no cover


def assess_advance(fighting: Sequence[Statement], r: LevelRules | None = None) -> Assessment:
    """The level of an advance short of control, from the fighting reported at a place."""
    r = r or level_rules()
    groups = independent_sources(fighting, r)
    cited = " | ".join(_cites(g) for g in groups)
    if len(groups) >= r.advance_min_independent_sources:
        return Assessment(
            ASSESSED_ADVANCE, f"{len(groups)} independent sources: {cited}", len(groups)
        )
    return Assessment(CLAIMED_ADVANCE, f"one source: {cited}", len(groups))


def advancing_sides(fighting: Iterable[Statement], r: LevelRules | None = None) -> tuple[str, ...]:
    """Who advances: the first actor of records whose trigger is an advance, else both sides."""
    r = r or level_rules()
    fighting = list(fighting)
    leading = [
        s.actor1
        for s in fighting
        if s.actor1 and set((s.trigger or "").lower().split()) & r.advance_triggers
    ]
    if leading:
        return tuple(dict.fromkeys(leading))
    both = [a for s in fighting for a in (s.actor1, s.actor2) if a]
    return tuple(dict.fromkeys(both))

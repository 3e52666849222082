"""The daily situation report's own sections (issue 15), after :func:`report.build`'s:

- control changes with evidence levels: every change of controller or level in the period
  (see :mod:`.history`), each with its reason and sources;
- new contradictions: those that became known in the period (both sides reported by then);
- tallies beside claimed totals: claimed killed totals whose period meets the report's, beside
  the sum of the incidents in their period, each with its source;
- a map of the period (SVG, offline, see :mod:`.sitrep_map`).

Every line cites its sources as ``outlet: claimant``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import history, service, sitrep_map
from .contradictions import Contradiction
from .levels import cite
from .statements import TERRITORY


@dataclass(frozen=True)
class Period:
    since: dt.date | None = None
    until: dt.date | None = None

    def holds(self, day: dt.date | None) -> bool:
        if day is None:
            return self.since is None and self.until is None
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until
        )

    def meets(self, start: dt.date | str | None, end: dt.date | str | None) -> bool:
        """Whether a period (dates, or ISO strings as in the tallies' rows) meets this one; a
        period without an end ("since 27 November") runs on."""
        start, end = _day(start) or dt.date.min, _day(end) or dt.date.max
        return (self.until is None or start <= self.until) and (
            self.since is None or end >= self.since
        )


def _day(value: dt.date | str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _evidence_cites(evidence: Any) -> str:
    cited = dict.fromkeys(f"{e['source']}: {e['claimant']}" if e["claimant"] != e["source"]
                          else str(e["source"]) for e in evidence)  # fmt: skip
    return "; ".join(cited) or "no source"


def _holder(state: Any) -> str:
    if state is None:
        return "no current report"
    if state.advancing:
        return "advance by " + ", ".join(state.advancing)
    return state.controller or f"unknown (lost by {state.lost_by})"


def control_lines(incidents: list[Any], by_id: dict[int, Any], period: Period) -> list[str]:
    places = sorted({i.location for i in incidents if i.family == TERRITORY and i.location})
    entries = [e for p in places for e in history.history(incidents, by_id, p, until=period.until)]
    ordered = sorted(entries, key=lambda e: (e.date, e.place or ""))
    lines = [_control_line(e) for e in ordered if period.holds(e.date)]
    return lines or ["No change of control or evidence level."]


def _control_line(e: history.HistoryEntry) -> str:
    s = e.state
    if s is None:
        return f"- {e.date} {e.place} ({e.admin1 or '?'}, {e.country or '?'}): no current report"
    since = f"; since {s.since} (time precision {s.time_precision})" if s.since else ""
    return (f"- {e.date} {e.place} ({e.admin1 or '?'}, {e.country or '?'}), {e.change}: "
            f"{_holder(s)}, **{s.level}** ({s.level_reason}){since}; sources: "
            f"{_evidence_cites(s.evidence)}")  # fmt: skip


def _known_on(c: Contradiction) -> dt.date | None:
    """The day both sides were known: the later of each side's first report."""
    firsts = []
    for side in (c.supporting, c.opposing):
        days = [s.reported_on for s in side if s.reported_on]
        if not days:
            return c.date
        firsts.append(min(days))
    return max(firsts)


def contradiction_lines(found: list[Contradiction], period: Period) -> list[str]:
    lines = []
    for c in found:
        known = _known_on(c)
        if not period.holds(known):
            continue
        says = "; ".join(dict.fromkeys(cite(s) for s in c.supporting)) or "no source"
        other = "; ".join(dict.fromkeys(cite(s) for s in c.opposing)) or "no source"
        verb = "denies" if c.kind == "denial" else "says otherwise"
        lines.append(f"- {known}: {c.proposition}: says so: {says}; {verb}: {other}")
    return lines or ["No new contradiction."]


def tally_lines(store: Any, claimed: list[dict[str, Any]], period: Period) -> list[str]:
    lines = []
    for c in claimed:
        if not period.meets(c["period_start"], c["period_end"]):
            continue
        document = store.document(c["document_id"])
        outlet = (document.source or document.url or document.id) if document else c["document_id"]
        qualifier = f"{c['qualifier']} " if c["qualifier"] else ""
        lines.append(
            f"- {c['kind']}: {qualifier}{c['claimed']:,} claimed by {c['claimant'] or 'unattributed'}"
            f" for {c['period_start']} to {c['period_end']} ({c['region']}); the incidents of that"
            f" period sum to {c['fatalities_low']}/{c['fatalities_best']}/{c['fatalities_high']}"
            f" (low/best/high) over {c['incidents']} incident(s); source: {outlet}"
        )
    return lines or ["No claimed total for the period."]


def sections(store: Any, *, country: str | None, period: Period) -> str:
    """The report's issue-15 sections as Markdown."""
    incidents = service.incidents(store, country=country)
    by_id = service.statements_by_id(store, country)
    lines = ["## Control changes with evidence levels", ""]
    lines += [*control_lines(incidents, by_id, period), ""]
    lines += ["## New contradictions", ""]
    lines += [*contradiction_lines(service.contradictions(store, country), period), ""]
    lines += ["## Tallies beside claimed totals", ""]
    lines += [*tally_lines(store, service.claimed_vs_summed(store, country), period), ""]
    return "\n".join(lines)


def map_svg(store: Any, *, country: str | None, period: Period, vendor: Any) -> str:
    """The period's incidents and the control picture at its end, as an SVG map."""
    incidents = [i for i in service.incidents(store, country=country) if period.holds(i.date)]
    states = service.control_at(store, period.until, country=country)
    title = (
        "warwatch: incidents and control"
        + (f" {period.since} to" if period.since else "")
        + (f" {period.until}" if period.until else "")
    )
    return sitrep_map.render(incidents, states, vendor, title)


def markdown(store: Any, *, country: str | None, period: Period, map_file: str | None) -> str:
    from . import report

    text = report.build(store, country=country, since=period.since, until=period.until)
    text += "\n" + sections(store, country=country, period=period)
    if map_file:
        text += f"\n## Map\n\n![Incidents and control in the period]({map_file})\n"
    return text


def html(store: Any, *, country: str | None, period: Period, vendor: Any) -> str:
    """The whole report as one HTML page with its map inline."""
    from . import report

    page = report.to_html(markdown(store, country=country, period=period, map_file=None))
    svg = map_svg(store, country=country, period=period, vendor=vendor)
    return page.replace("\n</body></html>", f"\n<h2>Map</h2>\n{svg}</body></html>", 1)

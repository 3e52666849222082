"""A situation report (Markdown or HTML): what changed, control, figures, open contradictions.

Every line cites its sources as ``outlet: claimant``. Built only from stored incidents, statements
and figures (see :mod:`.service`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from warwatch.records import Incident

from . import service
from .contradictions import Contradiction, who
from .control import ControlChange

if TYPE_CHECKING:
    from warwatch.store import Store
from .statements import TERRITORY, Statement


def _cite(statements: list[Statement]) -> str:
    cited = dict.fromkeys(f"{s.outlet}: {who(s)}" if s.claimant else s.outlet for s in statements)
    return "; ".join(cited) if cited else "no source"


def _fatalities(incident: Incident) -> str:
    if incident.fatalities_best is None:
        return ""
    if incident.fatalities_low == incident.fatalities_high:
        return f", {incident.fatalities_best} killed"
    low, best, high = incident.fatalities_low, incident.fatalities_best, incident.fatalities_high
    return f", {best} killed (reports range {low}-{high})"


def _incident_line(i: Incident, by_id: Mapping[int, Statement]) -> str:
    members = [by_id[r] for r in i.supporting_ids if r in by_id]
    actors = " vs ".join(a for a in (i.actor1, i.actor2) if a)
    return (
        f"- {i.date or '?'} {i.sub_event_type} at {i.location or '?'}"
        f" ({i.admin1 or '?'}, {i.country or '?'})"
        + (f", {actors}" if actors else "")
        + _fatalities(i)
        + f"; {i.source_count} source(s): {_cite(members)}"
    )


def _what_changed(incidents: list[Incident], by_id: Mapping[int, Statement]) -> list[str]:
    lines = ["## What changed", ""]
    groups: dict[str, list[Incident]] = defaultdict(list)
    for incident in incidents:
        if incident.family != TERRITORY:
            groups[incident.event_type].append(incident)
    for event_type in sorted(groups):
        lines.append(f"### {event_type}")
        lines += [_incident_line(i, by_id) for i in groups[event_type]]
        lines.append("")
    if not groups:
        lines += ["No incidents.", ""]
    return lines


def _control_changes(changes: list[ControlChange]) -> list[str]:
    lines = ["## Control changes", ""]
    for c in changes:
        who_holds = c.controller or f"unknown (lost by {c.lost_by})"
        lines.append(
            f"- {c.since or '?'} {c.place} ({c.admin1 or '?'}, {c.country or '?'}): {who_holds},"
            f" {c.status}; sources: {'; '.join(c.sources)}"
        )
    return lines + (["No control changes."] if not changes else []) + [""]


def _figure_line(f: Any, outlet: str) -> str:
    period = ""
    if f.period_start or f.period_end:
        period = f", {f.period_start or '?'} to {f.period_end or '?'}"
    qualifier = f"{f.qualifier} " if f.qualifier else ""
    return (
        f"- {f.kind}: {qualifier}{f.value:,}{period}; claimant: {f.claimant or 'unattributed'}"
        f"; source: {outlet}"
    )


def _figures(
    figures: Iterable[Any], by_id: Mapping[int, Statement], country: str | None
) -> list[str]:
    lines = ["## Figures", ""]
    docs = {s.document_id: s for s in by_id.values()}
    shown = 0
    for f in figures:
        if country and f.document_id not in docs:
            continue
        outlet = docs[f.document_id].outlet if f.document_id in docs else f.document_id
        lines.append(_figure_line(f, outlet))
        shown += 1
    return lines + (["No figures."] if not shown else []) + [""]


def _contradictions(found: list[Contradiction]) -> list[str]:
    lines = ["## Open contradictions", ""]
    for c in found:
        lines.append(
            f"- {c.proposition}: says so: {_cite(list(c.supporting))}; "
            f"{'denies' if c.kind == 'denial' else 'says otherwise'}: {_cite(list(c.opposing))}"
        )
    return lines + (["None."] if not found else []) + [""]


def build(
    store: Store,
    *,
    country: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> str:
    """The report as Markdown (incidents and control changes dated ``since``..``until``)."""
    by_id = service.statements_by_id(store, country)
    incidents = service.incidents(store, country=country, since=since, until=until)
    scope = country or "all countries"
    lines = [f"# Situation report: {scope}" + (f" since {since.isoformat()}" if since else "")
             + (f" until {until.isoformat()}" if until else ""), ""]  # fmt: skip
    lines += _what_changed(incidents, by_id)
    changes = [c for c in service.control_changes(store, country) if since is None or
               (c.since is not None and c.since >= since)]  # fmt: skip
    changes = [c for c in changes if until is None or (c.since is not None and c.since <= until)]
    lines += _control_changes(changes)
    lines += _figures(store.figures(country=None), by_id, country)
    lines += _contradictions(service.contradictions(store, country))
    return "\n".join(lines)


def to_html(markdown: str) -> str:
    """The report's small Markdown subset (headings, bullets, paragraphs) as a standalone page."""
    body: list[str] = []
    in_list = False
    for line in markdown.splitlines():
        heading = re.match(r"^(#{1,3}) (.*)$", line)
        if line.startswith("- ") and not in_list:
            body.append("<ul>")
            in_list = True
        if not line.startswith("- ") and in_list:
            body.append("</ul>")
            in_list = False
        if heading:
            level = len(heading.group(1))
            body.append(f"<h{level}>{html.escape(heading.group(2))}</h{level}>")
        elif line.startswith("- "):
            body.append(f"<li>{html.escape(line[2:])}</li>")
        elif line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    if in_list:
        body.append("</ul>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>warwatch situation report</title></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )

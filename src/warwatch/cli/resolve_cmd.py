"""``warwatch incidents``, ``claims``, ``tallies``, ``report`` and ``resolve``:
the living picture built from stored records (issue 4); ``control`` is in
:mod:`.control_cmd`."""

from __future__ import annotations

import dataclasses
import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from warwatch.cli.common import DbOption, err_console, parse_date_option
from warwatch.cli.common import open_store as _open
from warwatch.records import Incident


class Format(StrEnum):
    table = "table"
    json = "json"


class ControlFormat(StrEnum):
    table = "table"
    json = "json"
    geojson = "geojson"


def _table(columns: list[str], rows: list[list[str]]) -> None:
    table = Table()
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(width=200).print(table)


def _json(value: object) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def _incident_json(incident: Incident) -> dict[str, object]:
    """An incident with the field names of ``/api/incidents/{id}`` (ACLED's ``event_date``)."""
    fields = dataclasses.asdict(incident)
    fields["event_date"] = fields.pop("date")
    return fields


def incidents(
    country: str | None = typer.Option(None, "--country", help="Country name, e.g. Syria."),
    since: str | None = typer.Option(None, "--since", help="Earliest date (YYYY-MM-DD)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
    db: str | None = DbOption,
) -> None:
    """List incidents: reports merged into real-world events, with source counts and fatality ranges."""
    since_date = parse_date_option(since, "--since")
    with _open(db) as store:
        rows = store.incidents(country=country, since=since_date)
    if fmt == Format.json:
        _json([_incident_json(row) for row in rows])
        return
    _table(
        ["date", "sub-event", "actor1", "actor2", "location", "admin1", "sources", "fatal. low/best/high"],
        [[str(i.date or "?"), i.sub_event_type, i.actor1 or "", i.actor2 or "", i.location or "",
          i.admin1 or "", str(i.source_count),
          "" if i.fatalities_best is None else f"{i.fatalities_low}/{i.fatalities_best}/{i.fatalities_high}"]
         for i in rows],
    )  # fmt: skip
    typer.echo(f"{len(rows)} incidents")


def claims(
    contradictions: bool = typer.Option(
        False, "--contradictions", help="Only opposite claims about one proposition."
    ),
    country: str | None = typer.Option(None, "--country"),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
    db: str | None = DbOption,
) -> None:
    """List claims (who says what happened, with stance and hedging), or the contradictions among them."""
    from warwatch.resolve import contradictions as claim_rules
    from warwatch.resolve import service

    with _open(db) as store:
        if contradictions:
            found = [
                claim_rules.contradiction_row(c) for c in service.contradictions(store, country)
            ]
        else:
            found = [claim_rules.claim_row(s) for s in service.statements(store, country)]
    if fmt == Format.json:
        _json(found)
    elif contradictions:
        _table(
            ["kind", "proposition", "says so", "opposes"],
            [[c["kind"], c["proposition"],
              "; ".join(f"{s['source']}: {s['claimant']}" for s in c["supporting"]),
              "; ".join(f"{s['source']}: {s['claimant']} ({s['stance']})" for s in c["opposing"])]
             for c in found],
        )  # fmt: skip
        typer.echo(f"{len(found)} contradictions")
    else:
        _table(
            ["claimant", "stance", "hedged", "sub-event", "location", "date", "source"],
            [[str(c["claimant"]), str(c["stance"]), "yes" if c["hedged"] else "", str(c["sub_event_type"]),
              str(c["location"] or ""), str(c["date"] or "?"), str(c["source"] or "")] for c in found],
        )  # fmt: skip
        typer.echo(f"{len(found)} claims")


def tallies(
    country: str | None = typer.Option(None, "--country"),
    by: str = typer.Option("admin1", "--by", help="admin1 or country."),
    period: str = typer.Option("month", "--period", help="week or month."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
    db: str | None = DbOption,
) -> None:
    """Sums of incident fatalities (low/best/high) per region and period, beside claimed totals."""
    from warwatch.resolve import service

    if by not in {"admin1", "country"} or period not in {"week", "month"}:
        raise typer.BadParameter("use --by admin1|country and --period week|month")
    with _open(db) as store:
        sums = [
            s.as_dict() for s in service.fatality_sums(store, country=country, by=by, period=period)
        ]
        claimed = service.claimed_vs_summed(store, country)
    if fmt == Format.json:
        _json({"sums": sums, "claimed": claimed})
        return
    _table(
        ["region", "period", "incidents", "without figure", "killed low/best/high"],
        [[s["region"], f"{s['period_start']}..{s['period_end']}", str(s["incidents"]),
          str(s["incidents_without_figure"]),
          f"{s['fatalities_low']}/{s['fatalities_best']}/{s['fatalities_high']}"] for s in sums],
    )  # fmt: skip
    _table(
        ["claimed", "claimant", "period", "region", "incidents' sum low/best/high"],
        [[f"{c['kind']} {c['qualifier'] or ''} {c['claimed']:,}".replace("  ", " "), str(c["claimant"] or ""),
          f"{c['period_start']}..{c['period_end']}", str(c["region"]),
          f"{c['fatalities_low']}/{c['fatalities_best']}/{c['fatalities_high']}"] for c in claimed],
    )  # fmt: skip


def report(
    country: str | None = typer.Option(None, "--country"),
    since: str | None = typer.Option(
        None, "--since", help="Only what happened since (YYYY-MM-DD)."
    ),
    until: str | None = typer.Option(
        None, "--until", help="Only what happened until (YYYY-MM-DD)."
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write to FILE.md (with FILE.svg, the map) or FILE.html."
    ),
    db: str | None = DbOption,
) -> None:
    """Print (or write as Markdown/HTML with a map) a situation report: incidents, control changes
    with evidence levels, figures, new and open contradictions, tallies beside claimed totals,
    citing its sources on every line."""
    from warwatch.resolve import sitrep
    from warwatch.web import vendor_dir

    period = sitrep.Period(parse_date_option(since, "--since"), parse_date_option(until, "--until"))
    html = output is not None and output.suffix.lower() in {".html", ".htm"}
    map_file = output.with_suffix(".svg") if output is not None and not html else None
    with _open(db) as store:
        if html:
            text = sitrep.html(store, country=country, period=period, vendor=vendor_dir())
        else:
            text = sitrep.markdown(store, country=country, period=period,
                                   map_file=map_file.name if map_file else None)  # fmt: skip
            svg = sitrep.map_svg(store, country=country, period=period, vendor=vendor_dir())
    if output is None:
        typer.echo(text)
        return
    output.write_text(text, encoding="utf-8")
    if map_file is not None:
        map_file.write_text(svg, encoding="utf-8")
    err_console.print(
        f"wrote the report to {output}" + (f" and its map to {map_file}" if map_file else "")
    )


def resolve(db: str | None = DbOption) -> None:
    """Rebuild every incident from the stored records (ingest merges incrementally on its own)."""
    from warwatch.resolve import service

    with _open(db) as store:
        count = service.rebuild(store)
    typer.echo(f"{count} incidents")

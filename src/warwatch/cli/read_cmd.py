"""``warwatch events``, ``export``, ``figures`` and ``failures``: read what is stored."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

import typer
from rich.console import Console
from rich.table import Table

from warwatch.cli.common import DbOption, err_console, parse_date_option
from warwatch.cli.common import open_store as _open
from warwatch.errors import InputError
from warwatch.store.query import TOTAL_CAP, Query


class ExportFormat(StrEnum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    jsonl = "jsonl"


MinConfidenceOption = typer.Option(
    None,
    "--min-confidence",
    min=0.0,
    max=1.0,
    help="Only events whose typer confidence is at least this (0-1); unscored events are left out.",
)


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def events(
    country: str | None = typer.Option(None, "--country", help="Country name, e.g. Syria."),
    since: str | None = typer.Option(None, "--since", help="Earliest event date (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", help="Latest event date (YYYY-MM-DD)."),
    event_type: str | None = typer.Option(None, "--type", help="ACLED event or sub-event type."),
    place: str | None = typer.Option(None, "--place", help="Location or admin-1 name."),
    limit: int = typer.Option(200, "--limit", min=1, help="Most rows to show (one page)."),
    cursor: str | None = typer.Option(
        None, "--cursor", help="Show the page after this one (the 'next:' value printed last)."
    ),
    min_confidence: float | None = MinConfidenceOption,
    exact_total: bool = typer.Option(
        False,
        "--exact-total",
        help=f"Count every match (by default counting stops at {TOTAL_CAP:,}).",
    ),
    db: str | None = DbOption,
) -> None:
    """List stored events as a table, one page at a time."""
    # bad dates are refused before the database is opened (or created)
    since_date, until_date = (
        parse_date_option(since, "--since"),
        parse_date_option(until, "--until"),
    )
    query = _query(
        country=country, since=since_date, until=until_date, place=place,
        event_type=event_type, limit=limit, cursor=cursor, min_confidence=min_confidence,
        exact_total=exact_total,
    )  # fmt: skip
    with _open(db) as store:
        rows = store.events(query)
    table = Table(show_lines=False)
    for column in (
        "date",
        "type",
        "sub-event",
        "actor1",
        "actor2",
        "location",
        "admin1",
        "country",
        "fatal.",
        "claimant",
        "stance",
        "conf.",
    ):
        table.add_column(column, overflow="fold")
    for e in rows:
        table.add_row(
            str(e.event_date or "?"),
            e.event_type,
            e.sub_event_type,
            e.actor1 or "",
            e.actor2 or "",
            e.location or e.place_mention or "",
            e.admin1 or "",
            e.country or "",
            "" if e.fatalities is None else str(e.fatalities),
            e.claimant or "",
            e.stance,
            "" if e.confidence is None else f"{e.confidence:.2f}",
        )
    Console(width=200).print(table)
    if rows.next:
        typer.echo(f"next: {rows.next}  (same options and --cursor {rows.next})")
    at_least = "" if rows.total_exact else "at least "
    typer.echo(f"{len(rows)} of {at_least}{rows.total:,} events")


def _query(**fields: Any) -> Query:
    """The store query, or a one-line usage error naming the bad option."""
    try:
        return Query(**fields)
    except InputError as exc:
        raise typer.BadParameter(exc.message) from exc


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            yield handle


def export(
    fmt: ExportFormat = typer.Option(
        ExportFormat.acled_csv, "--format", "-f", help="acled-csv, geojson or jsonl."
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="File to write (default: standard output)."
    ),
    country: str | None = typer.Option(None, "--country"),
    since: str | None = typer.Option(None, "--since"),
    until: str | None = typer.Option(None, "--until"),
    min_confidence: float | None = MinConfidenceOption,
    db: str | None = DbOption,
) -> None:
    """Export stored events as an ACLED-style CSV, GeoJSON or JSON Lines."""
    from warwatch import export as exporters

    since_date, until_date = (
        parse_date_option(since, "--since"),
        parse_date_option(until, "--until"),
    )
    with _open(db) as store:
        rows = store.events(
            country=country, since=since_date, until=until_date, min_confidence=min_confidence
        )
    writer = {
        ExportFormat.acled_csv: exporters.write_acled_csv,
        ExportFormat.geojson: exporters.write_geojson,
        ExportFormat.jsonl: exporters.write_jsonl,
    }[fmt]
    with _output(output) as handle:
        result = writer(rows, handle)
    if output is not None:
        err_console.print(f"wrote {result.written} events to {output}")


def figures(
    kind: str | None = typer.Option(
        None, "--kind", help="killed, killed_civilians, injured, displaced, ..."
    ),
    country: str | None = typer.Option(None, "--country"),
    fmt: TableFormat = typer.Option(TableFormat.table, "--format", "-f"),
    db: str | None = DbOption,
) -> None:
    """List casualty and displacement figures with their claimants."""
    with _open(db) as store:
        rows = store.figures(kind=kind, country=country)
    records = [
        {
            "kind": f.kind,
            "value": f.value,
            "qualifier": f.qualifier,
            "claimant": f.claimant,
            "period_start": f.period_start.isoformat() if f.period_start else None,
            "period_end": f.period_end.isoformat() if f.period_end else None,
            "document_id": f.document_id,
            "evidence_start": f.evidence_start,
            "evidence_end": f.evidence_end,
            "evidence": f.evidence_text,
        }
        for f in rows
    ]
    if fmt == TableFormat.json:
        typer.echo(json.dumps(records, indent=2, ensure_ascii=False))
    elif fmt == TableFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]) if records else ["kind"])
        writer.writeheader()
        writer.writerows(records)
    else:
        table = Table()
        for column in ("kind", "value", "qualifier", "claimant", "period", "evidence"):
            table.add_column(column, overflow="fold")
        for r in records:
            period = (
                f"{r['period_start'] or ''}..{r['period_end'] or ''}"
                if r["period_start"] or r["period_end"]
                else ""
            )
            table.add_row(
                r["kind"],
                f"{r['value']:,}",
                r["qualifier"] or "",
                r["claimant"] or "",
                period,
                r["evidence"][:120],
            )
        Console(width=200).print(table)


def failures(db: str | None = DbOption) -> None:
    """List inputs that failed, with the stage and the reason."""
    with _open(db) as store:
        rows = store.failures()
    for f in rows:
        typer.echo(f"{f.created_at:%Y-%m-%d %H:%M} {f.stage:8} {f.code:18} {f.origin}: {f.message}")
    typer.echo(f"{len(rows)} failures")

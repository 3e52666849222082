"""``warwatch control``: who holds each place at a date, with evidence levels, or a place's
control history (issue 15)."""

from __future__ import annotations

import typer

from warwatch.cli.common import DbOption, parse_date_option
from warwatch.cli.common import open_store as _open
from warwatch.cli.resolve_cmd import ControlFormat, _json, _table


def _holder(state: dict) -> str:
    if state.get("advancing"):
        return "advance by " + ", ".join(state["advancing"])
    if state.get("controller"):
        return str(state["controller"])
    if state.get("lost_by"):
        return f"? (lost by {state['lost_by']})"
    return "no current report"


def _when(state: dict) -> str:
    since = state.get("since")
    if since is None:
        return ""
    return f"{since} (time prec. {state['time_precision']})"


def _picture_table(states: list[dict]) -> None:
    _table(
        ["place", "admin1", "country", "controller", "since", "level", "evidence", "sources"],
        [[s["place"] or "", s["admin1"] or "", s["country"] or "", _holder(s), _when(s),
          s["level"], s["level_reason"], "; ".join(s["sources"])] for s in states],
    )  # fmt: skip
    typer.echo(f"{len(states)} places")


def _history_table(entries: list[dict]) -> None:
    _table(
        ["from", "place", "change", "controller", "since", "level", "evidence"],
        [[e["date"], e["place"] or "", e["change"], _holder(e), _when(e), e["level"] or "",
          e.get("level_reason", "")] for e in entries],
    )  # fmt: skip
    typer.echo(f"{len(entries)} changes")


def control(
    at: str | None = typer.Option(
        None, "--at", help="Date of the picture (YYYY-MM-DD; default: latest)."
    ),
    place: str | None = typer.Option(None, "--place", help="Place (gazetteer) or admin-1 name."),
    history: str | None = typer.Option(
        None,
        "--history",
        metavar="PLACE",
        help="List every change of controller and evidence level at PLACE (up to --at).",
    ),
    country: str | None = typer.Option(None, "--country"),
    fmt: ControlFormat = typer.Option(
        ControlFormat.table, "--format", "-f", help="table, json or geojson."
    ),
    db: str | None = DbOption,
) -> None:
    """Who controls each place (as of --at), with the evidence level (assessed, claimed, contested,
    assessed/claimed advance) and its evidence; or, with --history, how a place changed hands."""
    from warwatch.resolve import control as control_rules
    from warwatch.resolve import service

    at_date = parse_date_option(at, "--at")
    if history is not None and fmt == ControlFormat.geojson:
        raise typer.BadParameter("--history lists changes: use --format table or json")
    with _open(db) as store:
        if history is not None:
            entries = service.control_history(store, history, country=country, until=at_date)
            rows = [e.as_dict() for e in entries]
        else:
            states = service.control_at(store, at_date, place=place, country=country)
            rows = [c.as_dict() for c in states]
    if fmt == ControlFormat.json:
        _json(rows)
    elif fmt == ControlFormat.geojson:
        _json(control_rules.geojson(states))
    elif history is not None:
        _history_table(rows)
    else:
        _picture_table(rows)

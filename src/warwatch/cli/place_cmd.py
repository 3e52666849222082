"""``warwatch place``: how the gazetteer reads a place name (to check spellings and overrides)."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

import typer

from warwatch.cli.common import fail, settings
from warwatch.errors import WarwatchError
from warwatch.records import Place

if TYPE_CHECKING:
    from warwatch.geo import Candidate


def _print_place(name: str, resolved: Place, found: list[Candidate]) -> None:
    if resolved.latitude is not None:
        typer.echo(
            f"{resolved.name} ({resolved.feature}), {resolved.admin1 or '-'}, {resolved.country} "
            f"at {resolved.latitude:.4f}, {resolved.longitude:.4f}; geo_precision "
            f"{resolved.geo_precision}; GeoNames id {resolved.geonameid or '-'}"
        )
    else:
        typer.echo(
            f"{name!r} is not in the gazetteer: events there keep the name without coordinates "
            "(add it to a places CSV or GeoNames file named in WARWATCH_PLACES, see the README)"
        )
    for c in found:
        typer.echo(
            f"  candidate: {c.name} ({c.feature}) {c.admin1 or '-'}, {c.country}  "
            f"pop {c.population:,}  {'own name' if c.main else 'alternate name'}"
        )


def place(
    name: str = typer.Argument(..., help="A place name as a report writes it ('Deir el-Zour')."),
    within: list[str] = typer.Option(
        [], "--in", help="An enclosing unit the text names (repeatable): 'X (District, Province)'."
    ),
    country: list[str] = typer.Option(
        [], "--country", help="A country of the report (repeatable), first = focus."
    ),
    candidates: bool = typer.Option(
        False, "--candidates", help="Also list every gazetteer entry of that name."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Resolve NAME as extraction would and print the place; exit code 1 if the gazetteer lacks it."""
    from warwatch import geo

    config = settings(None)
    try:
        gz = geo.Gazetteer.open(config.cache_dir, place_files=config.place_files)
        resolved = (
            geo.resolve_within(name, within, gz, context_countries=country) if within else None
        )
        if resolved is None:
            resolved = geo.resolve_place(name, gz, context_countries=country)
        found = gz.lookup(name) if candidates else []
    except WarwatchError as exc:
        fail(exc)
        return
    known = resolved.latitude is not None
    if as_json:
        place_json = dataclasses.asdict(resolved) if known else None
        candidates_json = [dataclasses.asdict(c) for c in found]
        typer.echo(json.dumps({"place": place_json, "candidates": candidates_json}, indent=2))
    else:
        _print_place(name, resolved, found)
    if not known:
        raise typer.Exit(code=1)

"""``warwatch places``: import, list and remove the user's place files (villages the shipped
gazetteer lacks). Files live in the user's data folder; the gazetteer adds them on its next open."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from warwatch.cli.common import err_console, fail
from warwatch.config import places_dir
from warwatch.errors import WarwatchError

app = typer.Typer(
    help="The user's place files: GeoNames country dumps, alternate-names tables, places CSVs.",
    no_args_is_help=True,
)


@app.command("import")
def import_files(
    files: list[Path] = typer.Argument(
        ...,
        help="GeoNames dumps (UA.zip, UA.txt), alternate-names tables, or CSVs in the format "
        "of data/geo/overrides.csv.",
    ),
) -> None:
    """Check each file row by row, copy it into the places folder and add it to the gazetteer.
    A bad file is reported with its rows and left out; the others are still imported."""
    from warwatch.geo import user_places

    folder, failed = places_dir(), 0
    for path in files:
        try:
            entry = user_places.import_file(path, folder)
        except WarwatchError as exc:
            err_console.print(f"[red]error[/red] ({exc.code}): {exc}", soft_wrap=True, markup=False)
            failed += 1
            continue
        typer.echo(f"imported {entry.name}: {entry.rows:,} rows ({entry.kind})")
    if failed < len(files):
        _refresh_gazetteer()
    if failed:
        raise typer.Exit(code=2)


@app.command("list")
def list_files() -> None:
    """The imported files: kind, source, rows, and places per country and feature class."""
    from warwatch.geo import user_places

    folder = places_dir()
    try:
        files = user_places.list_files(folder)
    except WarwatchError as exc:
        fail(exc)
        return
    typer.echo(f"places folder: {folder}")
    if not files:
        typer.echo("no place files imported (see `warwatch places import --help`)")
    for f in files:
        typer.echo(
            f"{f.name}  {f.kind}  {f.rows:,} rows  imported {f.imported_at}  from {f.source}"
        )
        for key, n in f.counts.items():
            country, feature = key.split(" ", 1)
            typer.echo(f"    {country:>3} {feature:<16} {n:>9,}")


@app.command("remove")
def remove(
    name: str = typer.Argument(..., help="The file's name as `places list` shows it."),
) -> None:
    """Remove an imported file; the gazetteer drops its places on its next open."""
    from warwatch.geo import user_places

    try:
        entry = user_places.remove_file(name, places_dir())
    except WarwatchError as exc:
        fail(exc)
        return
    typer.echo(f"removed {entry.name} ({entry.rows:,} rows)")
    _refresh_gazetteer()


def _refresh_gazetteer() -> None:
    """Build the gazetteer with the current files now, so the next command starts at once."""
    from warwatch import geo
    from warwatch.config import Settings

    config = Settings.from_env()
    started = time.perf_counter()
    try:
        gz = geo.Gazetteer.open(config.cache_dir, place_files=config.place_files)
    except WarwatchError as exc:
        fail(exc)
        return
    typer.echo(f"gazetteer {gz.version} ready in {time.perf_counter() - started:.1f} s")

"""Options and helpers shared by the commands."""

from __future__ import annotations

import datetime as dt

import typer
from rich.console import Console
from rich.markup import escape

from warwatch.config import Settings
from warwatch.errors import WarwatchError

DbOption = typer.Option(
    None, "--db", help="Database URL (default: $WARWATCH_DB or sqlite:///warwatch.db)."
)

err_console = Console(stderr=True)


def settings(db: str | None, **overrides: object) -> Settings:
    return Settings.from_env(db_url=db, **overrides)


def parse_date_option(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD", param_hint=name
        ) from None


def fail(error: WarwatchError) -> None:
    # one line however long (no wrapping at the terminal width); the message is text, not markup
    err_console.print(f"[red]error[/red] ({error.code}): {escape(str(error))}", soft_wrap=True)
    raise typer.Exit(code=2)


def open_store(db: str | None):
    """Open the database named by ``--db`` (or the default), or exit with a one-line error."""
    from warwatch.store import open_store as open_db

    try:
        return open_db(settings(db).db_url)
    except WarwatchError as exc:
        fail(exc)
        raise

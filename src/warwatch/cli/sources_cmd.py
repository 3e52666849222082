"""``warwatch watch`` and ``warwatch sources``: follow live feeds and pages (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape

from warwatch.cli.common import DbOption, err_console, fail, settings
from warwatch.cli.common import open_store as _open
from warwatch.errors import WarwatchError


def watch(
    sources_file: Path = typer.Argument(..., metavar="SOURCES.yaml", help="The feeds and pages."),
    every: str | None = typer.Option(
        None,
        "--every",
        help="Interval between polls: 90s, 15m, 2h (default: the file's, else 15m).",
    ),
    rounds: int | None = typer.Option(
        None, "--rounds", min=1, help="Stop after N rounds (default: until Ctrl-C)."
    ),
    timeout: float = typer.Option(20.0, "--timeout", min=0.1, help="Seconds per request."),
    max_mb: float = typer.Option(10.0, "--max-mb", min=0.01, help="Largest response read (MB)."),
    db: str | None = DbOption,
) -> None:
    """Poll feeds and pages, ingesting only new entries; a source that fails is retried with
    back-off while the others go on; Ctrl-C stops cleanly and a restart resumes."""
    from warwatch.pipeline import Pipeline
    from warwatch.sources import watch as watching
    from warwatch.sources.http import FetchLimits

    try:
        sources, default = watching.load_sources(sources_file)
        interval = watching.parse_every(every) if every else default or watching.parse_every("15m")
        pipeline = Pipeline(settings(db))
    except WarwatchError as exc:
        fail(exc)
        return
    limits = FetchLimits(timeout_s=timeout, max_bytes=int(max_mb * 1024 * 1024))

    def show(report: watching.PollReport) -> None:
        colour = "red" if report.status == "error" else "green"
        err_console.print(
            f"[{colour}]{report.status}[/{colour}] {escape(report.line())}", soft_wrap=True
        )

    with _open(db) as store:
        poller = watching.Poller(store, pipeline, interval, limits)
        err_console.print(f"watching {len(sources)} sources every {interval} (Ctrl-C stops)")
        done = watching.watch(poller, sources, rounds=rounds, report=show)
    err_console.print(f"stopped after {done} round(s); `warwatch sources` shows where each stands")


def sources(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    db: str | None = DbOption,
) -> None:
    """List the live sources with their last fetch, status, failures and document counts."""
    from warwatch.cli.resolve_cmd import _table
    from warwatch.store.sources import SourceLog

    with _open(db) as store:
        states = SourceLog(store).states()
    if as_json:
        typer.echo(json.dumps([s.as_dict() for s in states], indent=2, ensure_ascii=False))
        return
    rows = [s.as_dict() for s in states]
    _table(
        ["source", "last fetch", "status", "HTTP", "failures", "next attempt", "entries", "documents",
         "last error"],
        [[str(r["name"] or r["url"]) + (f"\n{r['url']}" if r["name"] else ""), str(r["last_fetch_at"] or "never"),
          str(r["status"]), str(r["http_status"] or ""), str(r["consecutive_failures"]),
          str(r["next_attempt_at"] or ""), str(r["entries_seen"]), str(r["documents_stored"]),
          str(r["last_error"] or "")] for r in rows],
    )  # fmt: skip
    typer.echo(f"{len(rows)} sources")

"""``warwatch ingest``."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from warwatch.cli.common import DbOption, err_console, fail, settings
from warwatch.errors import InputError, WarwatchError


def ingest(
    paths: list[str] = typer.Argument(
        ...,
        help="Files or directories (.txt, .html, .jsonl, RSS/Atom feeds), or http(s) URLs of pages "
        "and feeds.",
    ),
    published: str | None = typer.Option(
        None,
        "--published",
        help="Publication date for inputs that lack one (YYYY-MM-DD or any clear date).",
    ),
    source: str | None = typer.Option(
        None, "--source", help="Outlet name for inputs that lack one."
    ),
    db: str | None = DbOption,
    workers: int = typer.Option(1, "--workers", min=1, help="Processes for the NLP stage."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or table."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary (for scripts)."),
) -> None:
    """Read reports (files, directories or URLs), extract events and figures, and store them
    (documents already stored are skipped)."""
    from warwatch.ingest import parse_published
    from warwatch.pipeline import Pipeline
    from warwatch.store import open_store

    try:
        published_date = parse_published(published) if published else None
    except InputError as exc:
        fail(exc)
        return
    config = settings(db, workers=workers)
    try:
        store = open_store(config.db_url)
        pipeline = Pipeline(config)
    except WarwatchError as exc:
        fail(exc)
        return
    with store:
        if quiet or as_json:
            summary = _ingest(paths, store, pipeline, published_date, source)
        else:
            with Progress(
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err_console,
                transient=True,
            ) as bar:
                task = bar.add_task("ingest", total=None)
                summary = _ingest(
                    paths, store, pipeline, published_date, source, lambda n: bar.advance(task, n)
                )
    if as_json:
        typer.echo(json.dumps(summary.as_dict(), indent=2))
    elif not quiet:
        for failure in summary.failures:
            err_console.print(
                f"[red]failed[/red] {escape(failure['input'])}: {escape(failure['message'])}",
                soft_wrap=True,
            )
        typer.echo(
            f"{summary.documents_added} documents added, {summary.documents_skipped} already stored, "
            f"{summary.failed} failed; {summary.events_added} events and {summary.figures_added} figures stored "
            f"in {config.db_url}"
        )
    if summary.failed and not summary.documents_added and not summary.documents_skipped:
        raise typer.Exit(code=1)


def _ingest(inputs: list[str], store, pipeline, published, source, progress=None):
    """Files and directories through the file readers, URLs fetched (pages and feeds)."""
    from itertools import chain

    from warwatch.batch import ingest_documents
    from warwatch.ingest import iter_documents
    from warwatch.sources.read import url_documents

    urls = [i for i in inputs if i.lower().startswith(("http://", "https://"))]
    paths = [Path(i) for i in inputs if i not in urls]
    items = chain(
        iter_documents(paths, published=published, source=source),
        url_documents(urls, published=published, source=source),
    )
    return ingest_documents(items, store, pipeline, progress=progress)

"""``warwatch ingest``."""

from __future__ import annotations

import contextlib
import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from warwatch.cli.common import DbOption, err_console, fail, settings
from warwatch.errors import InputError, WarwatchError

if TYPE_CHECKING:
    from warwatch.batch import IngestSummary


class ExecutorName(StrEnum):
    local = "local"
    dask = "dask"


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
    executor: ExecutorName = typer.Option(
        ExecutorName.local,
        "--executor",
        help="Where the NLP runs: local (this machine's processes) or dask (a Dask cluster).",
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Dask scheduler address (tcp://host:8786); without it --executor dask starts a "
        "local cluster of --workers processes.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or table."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary (for scripts)."),
) -> None:
    """Read reports (files, directories or URLs), extract events and figures, and store them
    (documents already stored are skipped)."""
    from warwatch.ingest import parse_published
    from warwatch.store import open_store

    try:
        published_date = parse_published(published) if published else None
    except InputError as exc:
        fail(exc)
        return
    if scheduler and executor is not ExecutorName.dask:
        raise typer.BadParameter("--scheduler needs --executor dask", param_hint="--scheduler")
    config = settings(db, workers=workers)
    stack = contextlib.ExitStack()  # the store, then a Dask executor's cluster: closed in reverse
    try:
        store = stack.enter_context(open_store(config.db_url))
        pipeline = _executor(executor, config, scheduler)
        if isinstance(pipeline, contextlib.AbstractContextManager):
            pipeline = stack.enter_context(pipeline)
    except WarwatchError as exc:
        stack.close()
        fail(exc)
        return
    with stack:
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
        _print_summary(summary, config.db_url)
    if summary.failed and not summary.documents_added and not summary.documents_skipped:
        raise typer.Exit(code=1)


def _print_summary(summary: IngestSummary, db_url: str) -> None:
    """Failures and notes on stderr, one line each; the counts on stdout."""
    for label, rows in (
        ("[red]failed[/red]", summary.failures),
        ("[yellow]note[/yellow]", summary.notes),
    ):
        for row in rows:
            err_console.print(
                f"{label} {escape(row['input'])}: {escape(row['message'])}", soft_wrap=True
            )
    typer.echo(
        f"{summary.documents_added} documents added, {summary.documents_skipped} already stored, "
        f"{summary.failed} failed; {summary.events_added} events and {summary.figures_added} figures stored "
        f"in {db_url}"
    )


def _executor(name: ExecutorName, config, scheduler: str | None):
    """The local pipeline, or a Dask executor (entered by the caller: it owns a cluster)."""
    if name is ExecutorName.dask:
        from warwatch.executors.dask_cluster import DaskExecutor

        return DaskExecutor(config, scheduler=scheduler, workers=config.workers)
    from warwatch.pipeline import Pipeline

    return Pipeline(config)


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

"""``warwatch eval``: score the pipeline against a gold file."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from warwatch.cli.common import fail, settings
from warwatch.errors import WarwatchError


def evaluate(
    gold: Path = typer.Argument(..., help="Gold file in warwatch's gold format (JSON Lines)."),
    split: str = typer.Option(
        "all", "--split", help="all, tune or heldout (a stable split by document id)."
    ),
    limit: int | None = typer.Option(
        None, "--limit", min=1, help="Score only the first N documents."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes for the NLP stage."),
) -> None:
    """Run the pipeline on every gold document and print precision/recall/F1 per field."""
    from warwatch.evaluation.runner import run_evaluation

    try:
        report = run_evaluation(gold, settings(None, workers=workers), split=split, limit=limit)
    except WarwatchError as exc:
        fail(exc)
        return
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        typer.echo(report.to_table())

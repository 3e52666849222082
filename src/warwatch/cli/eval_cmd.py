"""``warwatch eval``: score the pipeline against a gold file."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from warwatch.cli.common import err_console, fail, settings
from warwatch.errors import WarwatchError


def evaluate(
    gold: Path = typer.Argument(..., help="Gold file in warwatch's gold format (JSON Lines)."),
    split: str = typer.Option(
        "all",
        "--split",
        help="all, tune or heldout: the record's own 'split' field, else a stable split by id.",
    ),
    limit: int | None = typer.Option(
        None, "--limit", min=1, help="Score only the first N documents."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes for the NLP stage."),
    without_published: bool = typer.Option(
        False,
        "--without-published",
        help="Withhold publication dates from the documents, so dates come from the text alone.",
    ),
    errors: bool = typer.Option(
        False,
        "--errors",
        help="Also list, per article, false positives, missed required events and wrong fields"
        " (with --json: as 'article_details').",
    ),
    details: Path | None = typer.Option(
        None, "--details", help="Write each article's predictions, gold and pairs to this JSONL."
    ),
) -> None:
    """Run the pipeline on every gold document and print precision/recall/F1 per field.

    Articles coded with required / optional events (news_dev) are scored for precision over all
    predictions and recall over required events; other documents (ACLED notes) as before.
    """
    from warwatch.evaluation.listing import article_details, error_listing
    from warwatch.evaluation.runner import run_evaluation

    try:
        evaluation = run_evaluation(
            gold,
            settings(None, workers=workers),
            split=split,
            limit=limit,
            without_published=without_published,
        )
    except WarwatchError as exc:
        fail(exc)
        return
    for failure in evaluation.failures:
        err_console.print(f"unreadable document: {failure}", soft_wrap=True, markup=False)
    if details is not None:
        lines = (json.dumps(article_details(r)) + "\n" for r in evaluation.article_results)
        details.write_text("".join(lines), encoding="utf-8")
    if as_json:
        out = evaluation.as_dict()
        if errors:  # the listing as data, so that stdout stays one JSON document
            out = {
                **out,
                "article_details": [article_details(r) for r in evaluation.article_results],
            }
        typer.echo(json.dumps(out, indent=2))
        return
    if errors and evaluation.article_results:
        typer.echo(error_listing(evaluation.article_results) + "\n")
    typer.echo(evaluation.to_table())

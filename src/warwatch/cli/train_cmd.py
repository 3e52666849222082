"""``warwatch train typer``: retrain the event typer from the gold data's tune halves."""

from __future__ import annotations

from pathlib import Path

import typer

from warwatch.cli.common import fail
from warwatch.errors import WarwatchError

app = typer.Typer(
    help="Train warwatch's own models from gold data.", no_args_is_help=True, add_completion=False
)

SHARED_DATA = Path("../shared/data")


@app.command("typer")
def train_typer(
    acled: Path = typer.Option(
        SHARED_DATA / "acled_notes" / "dev.jsonl", "--acled", help="ACLED notes gold (JSON Lines)."
    ),
    news: Path = typer.Option(
        SHARED_DATA / "news_dev" / "dev.jsonl", "--news", help="news_dev gold (JSON Lines)."
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Model folder to write (default: the packaged warwatch/data/typer)."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the SVM and of the calibration folds."),
) -> None:
    """Train the event typer on the tune halves, score the held-out halves, write model + card.

    Same data and seed give the same weights, byte for byte.
    """
    from warwatch.classifier.build import build
    from warwatch.classifier.model import packaged_folder

    folder = out or packaged_folder()
    try:
        _, results = build(acled, news, folder, seed=seed)
    except WarwatchError as exc:
        fail(exc)
        return
    for name, s in results.items():
        typer.echo(
            f"{name}: units {s.count}, accuracy {s.accuracy:.3f}, macro F1 {s.macro_f1:.3f}, "
            f"weighted F1 {s.weighted_f1:.3f}, type accuracy given an event {s.type_accuracy:.3f} "
            f"({s.type_accuracy_any:.3f} with any accepted type), "
            f"ECE {s.ece:.3f}"
        )
    typer.echo(f"model written to {folder}")

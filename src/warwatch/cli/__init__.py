"""The ``warwatch`` command: one short adapter per verb over the core API."""

from __future__ import annotations

import typer

from warwatch.cli import (
    control_cmd,
    eval_cmd,
    ingest_cmd,
    place_cmd,
    read_cmd,
    resolve_cmd,
    serve_cmd,
    sources_cmd,
)

app = typer.Typer(
    name="warwatch",
    help="Offline-first war monitor: news reports to sourced, geolocated, dated conflict events.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("ingest")(ingest_cmd.ingest)
app.command("events")(read_cmd.events)
app.command("export")(read_cmd.export)
app.command("figures")(read_cmd.figures)
app.command("failures")(read_cmd.failures)
app.command("eval")(eval_cmd.evaluate)
app.command("place")(place_cmd.place)
app.command("incidents")(resolve_cmd.incidents)
app.command("claims")(resolve_cmd.claims)
app.command("control")(control_cmd.control)
app.command("tallies")(resolve_cmd.tallies)
app.command("report")(resolve_cmd.report)
app.command("resolve")(resolve_cmd.resolve)
app.command("serve")(serve_cmd.serve)
app.command("watch")(sources_cmd.watch)
app.command("sources")(sources_cmd.sources)


def main() -> None:
    app()

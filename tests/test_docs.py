"""Docs kept honest (in the spirit of sqlite-utils' test_docs.py): every CLI read command has an
API route, every command has help and is in the README, and every API route is in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command

from warwatch.api import control_routes, picture, routes
from warwatch.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")

# Each CLI command that reads the store, and the route that gives the same rows.
READ_COMMANDS = {
    "events": "GET /api/events",
    "export": "GET /api/events",  # the same rows, written as ACLED CSV, GeoJSON or JSON Lines
    "figures": "GET /api/figures",
    "failures": "GET /api/failures",
    "incidents": "GET /api/incidents",
    "claims": "GET /api/claims",
    "control": "GET /api/control",
    "tallies": "GET /api/tallies",
    "report": "GET /api/report",
}
# The others write, serve, or read something other than the store; each says why here.
OTHER_COMMANDS = {
    "ingest": "writes (POST /api/documents is its route)",
    "resolve": "rebuilds the incidents (ingest through the API resolves on its own)",
    "serve": "is the API",
    "eval": "scores the pipeline against a gold file, no store involved",
    "place": "asks the gazetteer, no store involved",
    "watch": "writes: polls live sources and ingests their new entries",
    "sources": "reads the live sources' fetch log, not the events (no route yet)",
    "train": "trains warwatch's own models from gold files, no store involved",
    "places": "manages the user's place files for the gazetteer, no store involved",
}


def _commands() -> dict[str, object]:
    return dict(get_command(app).commands)  # type: ignore[attr-defined]


def _routes() -> set[str]:
    found = set()
    for route in [*routes.router.routes, *picture.router.routes, *control_routes.router.routes]:
        for method in route.methods:  # type: ignore[attr-defined]
            found.add(f"{method} {_shape(route.path)}")  # type: ignore[attr-defined]
    return found


def _shape(path: str) -> str:
    """``/api/events/{event_id}`` and ``/api/events/{id}`` are one route."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def test_every_command_is_classified() -> None:
    assert set(_commands()) == set(READ_COMMANDS) | set(OTHER_COMMANDS)
    assert not set(READ_COMMANDS) & set(OTHER_COMMANDS)


@pytest.mark.parametrize("name", sorted(READ_COMMANDS))
def test_every_read_command_has_a_route(name: str) -> None:
    method, path = READ_COMMANDS[name].split()
    assert f"{method} {_shape(path)}" in _routes()


@pytest.mark.parametrize("name", sorted(READ_COMMANDS) + sorted(OTHER_COMMANDS))
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    command = _commands()[name]
    assert (command.help or "").strip(), f"warwatch {name} has no --help text"  # type: ignore[attr-defined]
    assert re.search(rf"\bwarwatch {name}\b", README), f"README.md does not show `warwatch {name}`"


def test_every_route_is_in_the_readme() -> None:
    documented = {
        f"{method} {_shape(path)}"
        for method, path in re.findall(r"\b(GET|POST|PUT|PATCH|DELETE) (/api/[^\s`?,|]*)", README)
    }
    missing = _routes() - documented
    assert missing == set(), f"routes missing from README.md: {sorted(missing)}"
    unknown = documented - _routes()
    assert unknown == set(), f"README.md documents routes that do not exist: {sorted(unknown)}"


def test_ci_runs_the_static_checks_before_the_tests() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    order = [
        next(i for i, line in enumerate(lines) if line.startswith(command))
        for command in (
            ".venv/bin/ruff check src tests",
            ".venv/bin/ruff format --check src tests",
            ".venv/bin/mypy",
            ".venv/bin/python -m pytest",
        )
    ]
    assert order == sorted(order)
    # the README's test command leaves the slow system tests out: CI must run them as well
    assert "```sh\n.venv/bin/python -m pytest -q\n```" in (ROOT / "README.md").read_text()
    assert {".venv/bin/python -m pytest -q", ".venv/bin/python -m pytest -q -m slow -n 0"} <= set(
        lines
    )
    hooks = (ROOT / ".pre-commit-config.yaml").read_text()
    for entry in ("ruff check src tests", "ruff format --check src tests", "entry: mypy"):
        assert entry in hooks

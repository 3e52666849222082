"""Session fixtures: one pipeline per test session, and the ``shared`` folder when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_configure(config: pytest.Config) -> None:
    # Keep the gazetteer index built by the tests out of the user's home when CI sets no cache.
    os.environ.setdefault("WARWATCH_CACHE", str(Path(__file__).resolve().parents[1] / ".cache" / "warwatch"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs the shared data folder {SHARED} (seed article, gold data), absent here")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from warwatch.config import Settings
    from warwatch.pipeline import Pipeline

    return Pipeline(Settings())

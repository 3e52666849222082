"""Explicit settings, built at the entry points and passed down (nothing is read at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB_URL = "sqlite:///warwatch.db"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # larger inputs are refused with a clear InputError


def default_cache_dir() -> Path:
    """Where built indexes (the gazetteer) are cached: ``$WARWATCH_CACHE`` or ``~/.cache/warwatch``."""
    env = os.environ.get("WARWATCH_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "warwatch"


def path_list(value: str | None) -> tuple[Path, ...]:
    """Paths in an environment value, separated as in PATH (':' here, ';' on Windows)."""
    return tuple(Path(p).expanduser() for p in (value or "").split(os.pathsep) if p.strip())


@dataclass(frozen=True)
class Settings:
    db_url: str = DEFAULT_DB_URL
    cache_dir: Path = field(default_factory=default_cache_dir)
    max_document_bytes: int = MAX_DOCUMENT_BYTES
    workers: int = 1
    batch_size: int = 16  # long reports: a batch of 64 news articles peaks near 2 GB
    # the user's place files joining the gazetteer ($WARWATCH_PLACES): GeoNames country dumps
    # (.txt/.zip) with villages cities500 lacks, and CSVs in the format of data/geo/overrides.csv
    place_files: tuple[Path, ...] = ()

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        if os.environ.get("WARWATCH_DB"):
            values["db_url"] = os.environ["WARWATCH_DB"]
        if os.environ.get("WARWATCH_PLACES"):
            values["place_files"] = path_list(os.environ["WARWATCH_PLACES"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

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


@dataclass(frozen=True)
class Settings:
    db_url: str = DEFAULT_DB_URL
    cache_dir: Path = field(default_factory=default_cache_dir)
    max_document_bytes: int = MAX_DOCUMENT_BYTES
    workers: int = 1
    batch_size: int = 16  # long reports: a batch of 64 news articles peaks near 2 GB
    # GeoNames dump files (country .txt/.zip) whose villages join the gazetteer: $WARWATCH_GEONAMES
    geonames_dumps: tuple[Path, ...] = ()

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        values: dict[str, object] = {}
        if os.environ.get("WARWATCH_DB"):
            values["db_url"] = os.environ["WARWATCH_DB"]
        if os.environ.get("WARWATCH_GEONAMES"):
            from warwatch.geo.geonames_dump import dump_files

            values["geonames_dumps"] = dump_files(os.environ["WARWATCH_GEONAMES"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

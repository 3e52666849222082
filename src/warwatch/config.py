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


def default_data_dir() -> Path:
    """Where the user's own data lives (imported place files): ``$WARWATCH_DATA`` or the
    platform's user data folder (``~/.local/share/warwatch`` on Linux). Upgrades leave it alone."""
    env = os.environ.get("WARWATCH_DATA")
    if env:
        return Path(env).expanduser()
    import platformdirs  # only where a data folder is needed

    return Path(platformdirs.user_data_dir("warwatch", appauthor=False))


def places_dir() -> Path:
    """The folder of place files imported with ``warwatch places import``."""
    return default_data_dir() / "places"


def user_place_files() -> tuple[Path, ...]:
    """The user's place files for the gazetteer: the imported ones, then those named in
    ``$WARWATCH_PLACES`` (separated as in PATH)."""
    from warwatch.geo.user_places import imported_paths

    named = path_list(os.environ.get("WARWATCH_PLACES"))
    imported = imported_paths(places_dir())
    return imported + tuple(p for p in named if p not in imported)


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
    # the user's place files joining the gazetteer (imported, and $WARWATCH_PLACES): GeoNames
    # dumps (.txt/.zip) with villages cities500 lacks, alternate-names tables, and CSVs in the
    # format of data/geo/overrides.csv
    place_files: tuple[Path, ...] = ()

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        if os.environ.get("WARWATCH_DB"):
            values["db_url"] = os.environ["WARWATCH_DB"]
        values["place_files"] = user_place_files()
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

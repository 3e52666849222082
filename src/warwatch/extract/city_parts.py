"""A part of a city written after the city with a spaced hyphen: 'Algiers - Rouiba',
'Rio de Janeiro - North Zone', 'Sanaa - Sawan (Shuaub, Amanat al Asimah)'.

This is how ACLED names an event inside a large city, and how its notes write it. The gazetteer
knows the city and mostly not the part (a zone, a borough, a neighbourhood), so the place keeps
the written name 'City - Part' and stands at the city's point, marked as not geocoded to the part
itself; reading only the city would lose where in the city it happened.

A spaced hyphen is also punctuation in news ('in Aleppo - Syria's second city - ...'), so the
part must be a bare name: no possessive after it, not a country.
"""

from __future__ import annotations

import dataclasses
import re

from warwatch.geo.countries import country_of
from warwatch.geo.unknown import located_within
from warwatch.records import Place

# the part: capitalised words or numbers, with the particles of Arabic, Romance and other names
# between them ('Jabal al Mukabbir', 'District 12', 'Cite Soleil')
_WORD = r"[A-Z0-9][\w'’\-]*"
_PART = re.compile(
    r"^ [-–] ("
    + _WORD
    + r"(?: +(?:(?:al|el|ad|ar|as|ash|at|az|de|del|do|da|dos|la|le|des|du|e|y) +)?"
    + _WORD
    + r")*)"
)
_POSSESSIVE = re.compile(r"['’]s\b")
# 'the Cuenca - Zhud - Cochancay highway' is a route between towns, not a part of one
_ROUTE_AFTER = re.compile(
    r"^(?: [-–] | +(?:city +)?(?:highway|road|route|railway|motorway|axis)\b)"
)
_TRAILING = re.compile(r"['’\-]+$")
# a capitalised word that opens a clause after a dash, not a name ('in Aleppo - The army said')
_CLAUSE_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "but",
        "and",
        "or",
        "as",
        "in",
        "on",
        "at",
        "which",
        "who",
        "where",
        "when",
        "while",
        "after",
        "before",
        "some",
        "many",
        "most",
    ]
)


def _written_part(text: str, end: int) -> tuple[str, int, str] | None:
    """(the part's name, where it ends, the text matched) of ' - Part' right after ``end``."""
    match = _PART.match(text[end : end + 80])
    if match is None:
        return None
    part = _TRAILING.sub("", match.group(1))
    return part, end + match.start(1) + len(part), match.group(1)


def part_after(text: str, end: int) -> tuple[str, int] | None:
    """(the part's name, where it ends) when the city name ending at ``end`` is followed by
    ' - Part'; None when it is not, or when the dash only punctuates ('Aleppo - Syria's ...',
    'Kyiv - Ukraine')."""
    written = _written_part(text, end)
    if written is None:
        return None
    part, stop, matched = written
    if (
        not part
        or part.split()[0].lower() in _CLAUSE_WORDS
        or _POSSESSIVE.search(matched)
        or _ROUTE_AFTER.match(text[stop : stop + 12])
        or country_of(part) is not None
    ):
        return None
    return part, stop


def starts_a_route(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` opens a route written with dashes ('the Cuenca - Zhud -
    Cochancay highway', 'the Baghdad - Kut city road'): no place of the event."""
    written = _written_part(text, end)
    return written is not None and bool(_ROUTE_AFTER.match(text[written[1] : written[1] + 12]))


def as_city_part(city: Place, written: str, stop: int) -> Place:
    """The part of ``city`` written as ``written`` ('Algiers - Rouiba'), ending at ``stop``: the
    written name, the city's point and admin names, not geocoded to the part itself."""
    name = " ".join(written.split())
    part = located_within(name, city)
    return dataclasses.replace(part, geo_precision=city.geo_precision or 1, end=stop)

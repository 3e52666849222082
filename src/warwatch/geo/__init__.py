"""Offline gazetteer and place resolution.

``Gazetteer.open()`` builds (once, ~15 s) and opens the SQLite index in the cache directory;
``resolve_place`` turns a mention into a :class:`warwatch.records.Place`; ``ruler_patterns`` and
``add_place_ruler`` feed a spaCy entity ruler; ``country_of`` and ``resolve_admin1_name`` compare
country and admin-1 spellings.
"""

from warwatch.geo.countries import country_code, country_of
from warwatch.geo.gazetteer import Candidate, Gazetteer, default_gazetteer
from warwatch.geo.geocode import resolve_admin1_name, resolve_place, resolve_within
from warwatch.geo.patterns import add_place_ruler, ruler_patterns

__all__ = [
    "Candidate",
    "Gazetteer",
    "add_place_ruler",
    "country_code",
    "country_of",
    "default_gazetteer",
    "resolve_admin1_name",
    "resolve_place",
    "resolve_within",
    "ruler_patterns",
]

"""How a resolved place is named and located as the text writes it: under its whole name
('Qarawat Bani Hassan' where the NER saw 'Bani'), as a part of a city ('Algiers - Rouiba'), or,
when the gazetteer lacks it, at the unit written beside it as the sentence resolved that unit.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Span

from warwatch.extract import city_parts
from warwatch.extract.places import Mention, text_of
from warwatch.geo.unknown import clean_place_name, located_within
from warwatch.records import Place


def within_written_units(placed: list[Place], kept: list[Mention]) -> list[Place]:
    """A place the gazetteer lacks, written with its units ('Sinsacate (Cordoba)', 'Hpwar Saw
    village of Myaung township (Sagaing district, ...)'), stands at the first of those units
    that resolved in the sentence's context: alone, 'Cordoba' names provinces of two countries,
    beside the sentence's other places only one."""
    spans = _unit_spans(kept)
    if not spans:
        return placed
    out = []
    for place in placed:
        span = (
            spans.get(place.start) if place.latitude is None and place.start is not None else None
        )
        units = [u for u in placed if u is not place and _inside(u, span)] if span else []
        out.append(_located_at(place, units[0]) if units else place)
    return out


# a building or site named for its use: ACLED codes the town it stands in, not the building
_SITE_HEAD = re.compile(
    r"\b(?:Office|Center|Centre|Hall|Station|Building|Tower|Plaza|Stadium|Hospital|Museum|"
    r"Court(?:house)?|Headquarters|Mall)$"
)


def sites_at_their_town(placed: list[Place], kept: list[Mention]) -> list[Place]:
    """A site the gazetteer lacks, written with its town in brackets ('in front of the Gangwon
    Provincial Office (Chuncheon)'), is coded to that town as the sentence resolved it."""
    spans = _unit_spans(kept)
    out = []
    for place in placed:
        span = spans.get(place.start) if _is_site(place) and place.start is not None else None
        towns = [t for t in placed if t is not place and span and _inside(t, span)]
        towns = [t for t in towns if t.geocoded and t.feature == "city"]
        out.append(_at_town(place, towns[0]) if towns else place)
    return out


def _is_site(place: Place) -> bool:
    return not place.geocoded and bool(_SITE_HEAD.search(place.name or place.mention))


def _at_town(site: Place, town: Place) -> Place:
    """The town itself, at ACLED's precision 1: the site is in it, not near it."""
    return dataclasses.replace(
        town, role=site.role, start=site.start, end=site.end, geo_precision=1
    )


def _unit_spans(kept: list[Mention]) -> dict[int, tuple[int, int]]:
    """Where each mention's enclosing units are written, by the mention's start."""
    return {m.start: m.unit_span for m in kept if m.unit_span is not None}


def _inside(unit: Place, span: tuple[int, int]) -> bool:
    """A resolved place written inside ``span``."""
    return unit.latitude is not None and unit.start is not None and span[0] <= unit.start < span[1]


def _located_at(place: Place, unit: Place) -> Place:
    """``place`` kept by its name at ``unit``'s point, in its own role and offsets."""
    at = located_within(place.mention, unit)
    return dataclasses.replace(at, role=place.role, start=place.start, end=place.end)


def as_kept(mention: Mention, place: Place | None) -> Mention:
    """The mention under its whole name when that is the name kept: 'Abu Shouk' (unknown, no
    units), 'Qarawat Bani Hassan' (kept at its units, the NER saw 'Bani')."""
    if place is None:
        return mention.widened() if mention.full_end > mention.end else mention
    return mention.widened() if _named_by_its_whole_name(place, mention) else mention


def _named_by_its_whole_name(place: Place, mention: Mention) -> bool:
    """An unknown place kept under the whole name ('Qarawat Bani Hassan (Salfit, West Bank)',
    where the NER saw only 'Bani')."""
    widens_left = mention.full_start is not None and mention.full_start < mention.start
    return widens_left and not place.geocoded and place.name == clean_place_name(mention.full)


def as_written(placed: list[Place], kept: list[Mention], sent: Span) -> list[Place]:
    """A city with its part written after it ('Algiers - Rouiba') is that part of the city (once
    the city is resolved and checked like any place)."""
    with_part = {m.start: m for m in kept if m.part_end is not None}
    if not with_part:
        return placed
    return [_city_part(p, with_part[p.start], sent) if p.start in with_part else p for p in placed]


def _city_part(place: Place, mention: Mention, sent: Span) -> Place:
    if mention.part_end is None or place.latitude is None or place.feature == "country":
        return place
    written = text_of(sent.doc)[mention.start : mention.part_end]
    return city_parts.as_city_part(place, written, mention.part_end)

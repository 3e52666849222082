"""Places the gazetteer does not know: they keep their name and are located at an enclosing unit.

'Sulayman Sari town in Al Hasakeh countryside' names a village no shipped gazetteer has. The
event must still say Sulayman Sari, not Al Hasakeh: the place keeps the name as written (without
its level word), takes the point and admin names of the smallest enclosing unit the text gives,
and says so (``geocoded`` False, ``located_at``), so exports and the map show an area, not a pin.
"""

from __future__ import annotations

import dataclasses
import re

from warwatch.records import Place

# Level words written around a name that are not part of it: 'Sulayman Sari town', 'the village
# of Founa', 'Tal Tamr countryside', 'Barangay San Vicente', 'Myaung township', 'Wetwet kebele'.
_BEFORE = re.compile(
    r"^(?:the\s+)?(?:(?:town|village|city|hamlet|settlement|locality|area|camp)\s+of\s+|"
    r"barangay\s+(?=[A-Z]))?",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"\s+(?:town|village|city|hamlet|settlement|locality|area|countryside|outskirts|suburbs?|"
    r"surroundings|vicinity)$",
    re.IGNORECASE,
)
# the level word of a unit ('Myaung township'); a city's part keeps its own ('Manaus - North Zone')
_UNIT_AFTER = re.compile(
    r"\s+(?:township|district|sub-district|county|commune|community|kebele|woreda|payam|upazila|"
    r"tehsil|zone)$",
    re.IGNORECASE,
)
# An enclosing unit's precision: a district or a town the place lies near is ACLED's 2; a
# province or larger is 3.
_AREA_PRECISION = {"admin2": 2, "city": 2, "admin1": 3, "region": 3, "country": 3}


def clean_place_name(text: str) -> str:
    """The name without the level words written with it: 'Sulayman Sari town' -> 'Sulayman Sari'."""
    name = _BEFORE.sub("", text.strip(), count=1)
    previous = None
    while previous != name:
        previous, name = name, _AFTER.sub("", name)
        if " - " not in name:
            name = _UNIT_AFTER.sub("", name)
    return name.strip() or text.strip()


def located_within(mention: str, unit: Place) -> Place:
    """The unknown place ``mention`` located at the resolved enclosing ``unit``: the unit's point,
    country and admin names, ACLED precision 2 (district, nearby town) or 3 (province), the
    mention's cleaned name, no feature, ``geocoded`` False and ``located_at`` the unit's name."""
    precision = max(unit.geo_precision or 1, _AREA_PRECISION.get(unit.feature or "", 2))
    return dataclasses.replace(
        unit,
        mention=mention,
        name=clean_place_name(mention),
        feature=None,  # what the place is (village, camp, farm) the gazetteer cannot say
        geo_precision=precision,
        geocoded=False,
        located_at=unit.located_at or unit.name,
        geonameid=None,
        population=None,
    )


def is_kept_by_name(place: Place) -> bool:
    """Whether ``place`` is an unknown place kept by its name at an enclosing unit's point."""
    return not place.geocoded and place.latitude is not None

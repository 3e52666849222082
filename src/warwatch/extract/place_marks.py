"""Which of a sentence's places the text marks as the event's point, and which it writes as
another place's units: a coding note ('(coded to Viedma)'), a name written with its units in
brackets ('in Rigacikun (Igabi, Kaduna)'), a unit written after a name the gazetteer found
inside it ('near Tehuacan, Puebla, ...'). Pure: roles change, nothing is looked up.
"""

from __future__ import annotations

import dataclasses
import re

from warwatch.extract.places import Mention
from warwatch.geo.normalize import name_key, strip_admin_suffix
from warwatch.records import Place

# by index in the sentence's places: (text resolved, hint) of the names resolved by name alone
FreeNames = dict[int, tuple[str, str | None]]


def units_that_placed_a_name(
    resolved: list[Place], kept: list[Mention], free: FreeNames
) -> list[Place]:
    """'near Tehuacan, Puebla, AMOTAC truck drivers ...': the name written right after a place,
    inside which the gazetteer found that place, is its unit (an anchor), not a second event
    place, even where the text goes on with a capital (a list could, so it was left open)."""
    out = list(resolved)
    for i, (place, mention) in enumerate(zip(resolved, kept)):
        if i in free or not mention.parent or mention.unit_span is not None:
            continue
        if place.latitude is None or not place.geocoded:
            continue
        unit = mention.parent.split(",")[0].strip()
        if not _lies_in(place, unit):
            continue  # 'Daraa, Homs, Hama': Daraa is not in Homs, the commas make a list
        for j in range(i + 1, len(kept)):
            after = kept[j]
            listed = j + 1 < len(kept) and kept[j + 1].start - after.end <= _LIST_GAP
            if after.text == unit and 0 < after.start - mention.full_end <= 3 and not listed:
                out[j] = dataclasses.replace(out[j], role="anchor")
    return out


_LIST_GAP = 6  # 'Hama and Idlib', 'Hama, Idlib': a place named right after the unit makes a list


def _lies_in(place: Place, unit: str) -> bool:
    key = strip_admin_suffix(name_key(unit))
    names = (place.admin1, place.admin1_geonames, place.admin2)
    return any(name and strip_admin_suffix(name_key(name)) == key for name in names)


def at_the_marked_place(resolved: list[Place], kept: list[Mention], text: str) -> list[Place]:
    """The event stands where the report marks its point; the other event places locate it.
    A coding note marks it ('(coded to Viedma)'), else a name written with its enclosing units
    in brackets ('killed one person ... in Rigacikun (Igabi, Kaduna)'): that is how ACLED's notes
    and careful reports name the event's place, where a town named in passing ('Kaduna
    militiamen', 'the elections in General Tinio town') is not it."""
    if any(m.coded for m in kept):
        return _others_as_anchors(resolved, [m.coded for m in kept])
    marked = [_bracketed(m, kept, text) and p.role == "event" for p, m in zip(resolved, kept)]
    return _others_as_anchors(resolved, marked) if any(marked) else resolved


# 'Ma Yoe Kone village, Myaung township (Sagaing district, ...)': the bracketed name is the unit
# of a village written before it
_AFTER_A_SETTLEMENT = re.compile(r"\b(?:village|town|hamlet|kebele|ward|camp)\s*,\s*$", re.I)
_ACRONYM = re.compile(r"[A-Z][A-Z\-]{1,7}")  # '(UNAM)', '(KPRF)' spell out a name, not units


def _bracketed(mention: Mention, kept: list[Mention], text: str) -> bool:
    """Written with its units in brackets, and not itself the unit of an earlier name."""
    parent = mention.parent
    if not (mention.enclosed and parent and parent[:1].isupper()):
        return False  # '(drive-by)' is no unit
    if all(_ACRONYM.fullmatch(unit.strip()) for unit in parent.split(",")):
        return False
    if _AFTER_A_SETTLEMENT.search(text[max(0, mention.start - 30) : mention.start]):
        return False
    return not any(
        other.start < mention.start
        and other.parent is not None
        and other.parent.split(",")[0].strip().startswith(mention.text)
        for other in kept
    )


def _others_as_anchors(resolved: list[Place], marked: list[bool]) -> list[Place]:
    return [
        p if is_marked or p.role != "event" else dataclasses.replace(p, role="anchor")
        for p, is_marked in zip(resolved, marked)
    ]

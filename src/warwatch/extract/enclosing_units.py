"""How a text writes the units that enclose a place: 'Shangi (Rutshuru, Nord-Kivu)', 'near
Rubizhne, Luhansk, but ...', 'Sulayman Sari town in Al Hasakeh countryside', and the units written
after an ACLED coding note: 'Kitalima village (coded as Kitchanga) (Bwito, Rutshuru, Nord-Kivu)'.
"""

from __future__ import annotations

import re

# a capitalised place name, with the particles of Romance and Arabic names between its words
_WORD = r"(?:[\w'’\-]|\.(?=\w))*"  # 'St.Louis' keeps its dot, a sentence's full stop is left out
NAME = (
    r"[A-Z]"
    + _WORD
    + r"(?:\s+(?:(?:de|del|do|da|dos|das|di|la|le|el|al|des|du|y|e|-)\s+)?[A-Z0-9]"
    + _WORD
    + r")*"
)
# 'Oshie community (Ahoada West, Rivers)', 'in Akdeniz town, Mersin': a capitalised name with a
# settlement's level word after it, where the NER saw no place (group 1: a preposition before)
SETTLEMENT_NAME = re.compile(
    r"(?:\b(in|at|near|outside|around|from|to|of|invaded|attacked|raided|entered)\s+(?:the\s+)?)?"
    r"(?<![\w'’\-])(" + NAME + r")\s+(?:village|town|hamlet|kebele|community|upazila|"
    r"corregimiento|payam|ward|locality|municipality|township|woreda|commune|area|front|centre)\b"
)
# (the enclosing units' names, whether they were in brackets, the span their names are written in)
Units = tuple[str | None, bool, tuple[int, int] | None]
_CLAUSE_END = re.compile(
    r"\s*(?:[.;:)]|$)|,\s+(?!and\b|or\b)[a-z]|\s+(?:as|where|after|but|during|on|in|at|with|"
    r"killing|injuring|wounding)\b"
)


def units_after(text: str, end: int) -> Units:
    """The enclosing units written after a name, whether they were in brackets, and the span to
    read as enclosing (its names become anchors): 'Shangi (Rutshuru, Nord-Kivu)' ->
    ('Rutshuru, Nord-Kivu', True, span); 'near Rubizhne, Luhansk, but' -> ('Luhansk', False,
    span); in 'Daraa, Homs, and Hama' the comma may only separate a list: no span."""
    after = text[end : end + 80]
    m = re.match(
        r"\s*(?:city|town|village|district|municipality|township|tehsil|area|locality|LGA|settlement|"
        r"camp|payam|kebele|woreda|corregimiento|county|commune|sub-district|community|upazila|"
        r"hamlet|ward|front|centre)?\s*\(([^()]{2,70})\)",
        after,
    )
    if m:
        parts = [p.strip() for p in m.group(1).split(",") if p.strip()]
        parts = [p for p in parts if not re.match(r"(?i)coded|as reported|between|\d", p)]
        span = (end + m.start(1), end + m.end(1))
        return (", ".join(parts), True, span) if parts else (None, False, None)
    m = _COMMA_UNIT_BRACKETS.match(after)
    if m:  # 'Ma Yoe Kone village, Myaung township (Sagaing district, Sagaing region)'
        return f"{m.group(1)}, {m.group(2)}", False, (end + m.start(1), end + m.end())
    m = re.match(
        r"(?:\s+(?:village|town|city|district|area|municipality|commune))?,\s*([A-Z][\w'’\- ]{1,30}?)"
        r"(?:\s+(?:province|region|oblast|governorate|state))?(?=[.,;:)]|\s*$|\s+[a-z])",
        after,
    )
    if m:
        closing = _CLAUSE_END.match(after, m.end())
        return m.group(1).strip(), False, (end + m.start(1), end + m.end()) if closing else None
    return _parent_in_words(after, end)


_UNIT_LEVEL = (
    r"(?:district|sub-district|countryside|province|governorate|region|oblast|state|county|"
    r"township|municipality|department|prefecture)"
)
# 'Sulayman Sari town in Al Hasakeh countryside', 'Khawaja Palkhman village of Rustaq district,
# Takhar': the enclosing unit written in words, with its level word, after the place's own.
_IN_WORDS = re.compile(
    r"(?:\s+(?:village|town|city|hamlet|settlement|locality|area|camp))?\s+(?:of|in|within)\s+"
    r"(?:the\s+)?(" + NAME + r")\s+" + _UNIT_LEVEL + r"\b"
    r"(?:,\s*(" + NAME + r")(?:\s+" + _UNIT_LEVEL + r")?(?=[.,;:)]|\s*$|\s+[a-z]))?"
)


# a village's unit after a comma, with that unit's own units in brackets
_COMMA_UNIT_BRACKETS = re.compile(
    r"(?:\s+(?:village|town|hamlet|settlement|kebele))?,\s*("
    + NAME
    + r")\s+"
    + _UNIT_LEVEL
    + r"\s*\(([^()]{2,70})\)"
)


def _parent_in_words(after: str, end: int) -> Units:
    """The enclosing units of 'X town in Y countryside' / 'X village of Y district, Z', without
    their level words, and their span (those names become anchors)."""
    m = _IN_WORDS.match(after)
    if not m:
        return None, False, None
    units = [u for u in (m.group(1), m.group(2)) if u]
    return ", ".join(units), False, (end + m.start(1), end + m.end())


# 'Htee Saung and Kan Hpyar Za Yat villages (coded as Htee Saung) of Myinmu township (Sagaing
# district, Sagaing region)': a unit in words between the note and the bracketed units
_OF_UNIT = re.compile(r"\s+(?:of|in)\s+(?:the\s+)?(" + NAME + r")\s+" + _UNIT_LEVEL + r"\b")


def units_after_note(text: str, end: int) -> Units:
    """The units written after a coding note that names none of its own ('(coded as Kitchanga)
    (Bwito, Rutshuru, Nord-Kivu)', '(coded as Tabayin) of Tabayin township (Shwebo district,
    Sagaing region)'), as :func:`units_after` gives them."""
    in_words = _OF_UNIT.match(text, end)
    if in_words is None:
        return units_after(text, end)
    parent, enclosed, span = units_after(text, in_words.end())
    unit, unit_start = in_words.group(1), in_words.start(1)
    if parent is None:
        return unit, False, (unit_start, in_words.end())
    return f"{unit}, {parent}", enclosed, (unit_start, span[1] if span else in_words.end())

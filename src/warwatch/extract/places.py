"""Place mentions in a sentence, their roles, and the place where the event happened.

A sentence names many places; only some are where the event happened. 'fled to Iraq' names a
destination, 'from Syria' an origin, '5 km from Homs' or 'north of Homs' an anchor (kept, with a
lower precision), 'Iran-backed' or "Syria's army" no place at all.

This module finds the mentions (entities, 'in X (Unit)' layouts, coding notes);
:mod:`warwatch.extract.place_roles` reads their roles and picks the event's place (re-exported here).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span, Token

from warwatch.extract import city_parts
from warwatch.extract.enclosing_units import NAME, SETTLEMENT_NAME, units_after, units_after_note
from warwatch.extract.place_roles import (
    is_modifier,
    is_part_of_a_town,
    modifies_a_noun,
    not_a_place,
    pick_event_place,
    role_of,
    role_of_preposition,
    text_of,
    with_role,
)

__all__ = [
    "PLACE_LABELS",
    "Mention",
    "ents_of",
    "is_modifier",
    "is_part_of_a_town",
    "mentions_in",
    "modifies_a_noun",
    "pick_event_place",
    "text_of",
    "with_role",
]

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_ADMIN_WORD = re.compile(
    r"^\s*(province|governorate|oblast|region|state|district|county|prefecture|department)\b",
    re.IGNORECASE,
)
_CITY_WORD = re.compile(r"^\s*(city|town|village)\b", re.IGNORECASE)


def ents_of(sent: Span) -> list[Span]:
    """The entities of a sentence, from the document's entity list built once: ``Span.ents``
    rebuilds every entity of the document on each call."""
    doc = sent.doc
    ents = doc.user_data.get("warwatch_ents")
    if ents is None:
        ents = doc.user_data["warwatch_ents"] = list(doc.ents)
    return [e for e in ents if sent.start <= e.start and e.end <= sent.end]


@dataclass(frozen=True)
class Mention:
    text: str
    start: int  # document character offsets
    end: int
    role: str  # event | origin | destination | anchor | near
    hint: str | None = None  # "province" / "city" cue right after the name
    full: str = ""  # the name with its neighbouring capitalised words ('San Miguel de Tucuman')
    parent: str | None = None  # "X (District, Province)" or "X, Province": the enclosing unit
    # the parent surely encloses the name: written in brackets, or after a settlement's level
    # word ('Kauk Yoe Pon village of Madaya township')
    enclosed: bool = False
    unit_span: tuple[int, int] | None = None  # where the enclosing units are written
    by_layout: bool = (
        False  # found by the "in X (Unit)" layout, not by NER: a place only if a unit resolves
    )
    # written as the modifier of a noun that is no place word ('a United States military airstrike')
    modifies_a_noun: bool = False
    coded: bool = (
        False  # the report's own coding note: '(coded to Rawson)', '[coded as Pana with GP2]'
    )
    precision: int | None = None  # a precision the coding note states ('with GP3')
    part_end: int | None = None  # end of a city part written after it ('Algiers - Rouiba')
    full_start: int | None = None  # where ``full`` starts, when it widens an entity to the left

    @property
    def full_end(self) -> int:
        """Where ``full`` ends in the text, when it extends the name to the right."""
        if self.full_start is not None:
            return self.full_start + len(self.full)
        return self.start + len(self.full) if self.full.startswith(self.text) else self.end

    def widened(self) -> Mention:
        """The mention as its whole name ('Qarawat Bani Hassan' where the NER saw 'Bani')."""
        start = self.full_start if self.full_start is not None else self.start
        if self.full == self.text or self.full_end <= start:
            return self
        return dataclasses.replace(self, text=self.full, start=start, end=self.full_end)


# 'in Calingasta (San Juan)', 'the village of Founa (Sanaba, Banwa)': a capitalised name written
# with its enclosing units is a place even when the NER missed it or took it for a person.
_LAYOUT = re.compile(
    r"\b(in|at|near|outside|close\s+to|around|from|to|of|attacked|shelled|raided|seized|captured|"
    r"entered|took|retook|recaptured|bombed|struck|hit|targeted|besieged)\s+(?:the\s+)?(?:(?:town|village|city|locality|municipality|commune|"
    r"area|settlement|district|department|region)\s+of\s+)?(" + NAME + r")"
    r"(?:\s+(?:town|village|city|municipality|district|township|locality|area|tehsil|sub-district|commune))?\s*\("
)
# ACLED-style notes say where they code an event: '(coded to Viedma, Rio Negro)', '[coded as Pana
# with GP2]'. That place is the event's point; the other places become anchors.
_CODED = re.compile(
    r"[\[(]coded\s+(?:to|as)\s+(?:the\s+)?([^\])\[(]+?(?:\s*\([^()]{1,20}\))?)"
    r"(?:\s+with\s+GP\s*([123]))?\s*[\])]",
    re.IGNORECASE,
)
# 'shelled Staryi Bykiv, Chernihiv.': the same with the province after a comma, where the province
# ends the clause (a comma followed by another name is more likely a list).
_LAYOUT_COMMA = re.compile(
    r"\b(in|at|near|outside|close\s+to|around|from|to|of|on|over|shelled|attacked|captured|retook|took|seized|hit|struck|"
    r"targeted|entered|liberated|recaptured)\s+(?:the\s+)?(?:(?:town|village|city|settlement)\s+of\s+)?"
    r"("
    + NAME
    + r")(?:\s+(?:village|town|city|settlement|district))?,\s+"
    + NAME
    + r"(?:\s+(?:region|oblast|province|governorate|state|district))?"
    r"(?=\s*[.;:)]|\s*$|,\s+[a-z]|\s+(?:as|where|after|but|during|on|in|at|with|killing|injuring|wounding)\b)"
)
_CODED_INLINE = re.compile(
    r"(?<![\[(])\bcoded\s+(?:to|as)\s+("
    + NAME
    + r")(?:\s*\(([^()]{2,70})\)|,\s*("
    + NAME
    + r")(?=\s*[.;]))?"
)
# 'the Jardim Bela Vista neighborhood': a part of a town, not a town to look up on its own.
_MINOR_AFTER = re.compile(
    r"^\s*(?:neighbou?rhoods?|street|streets|avenue|square|road|highway|roundabout|"
    r"market|bridge|junction|intersection)\b",
    re.IGNORECASE,
)


def mentions_in(sent: Span) -> list[Mention]:
    """Place mentions of a sentence with their roles, in text order.

    Names inside the brackets of an earlier mention ('Shangi (Rutshuru, Nord-Kivu)') are its
    enclosing units: they get the ``anchor`` role, so the event stays at the named place. A
    street or neighbourhood name is dropped when the sentence names another place.
    """
    out: list[Mention] = []
    minor: set[int] = set()  # start offsets of street / neighbourhood names
    text = text_of(sent.doc)
    for ent in ents_of(sent):
        if not (ent.label_ in PLACE_LABELS or _named_as_a_settlement(ent, text)) or not_a_place(
            ent
        ):
            continue
        mention = entity_mention(ent, text)
        if _MINOR_AFTER.match(text[mention.full_end : mention.full_end + 40]):
            minor.add(mention.start)
        out.append(mention)
    coded = _coded_mentions(sent)
    if coded:  # names inside the coding note are the note's, not the sentence's
        out = [m for m in out if not any(a <= m.start < b for _, a, b in coded)]
    out = _with_layout_mentions(sent, out) + [c for c, _, _ in coded]
    out.sort(key=lambda m: m.start)
    out = _without_city_parts(out)
    if any(m.start not in minor for m in out):
        out = [m for m in out if m.start not in minor]
    return _mark_enclosing(out)


# 'Ye Ywar Thit village', 'Wetwet kebele': the unit word says the name is a settlement, whatever
# label the model gave it (villages it does not know are often read as people)
_SETTLEMENT_WORD = re.compile(
    r"\s*\b(?:village|hamlet|kebele|woreda|payam|boma|barangay|corregimiento|vereda|"
    r"township|commune|ward|sub-district|tehsil|LGA)\b",
    re.IGNORECASE,
)
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP"})


def _named_as_a_settlement(ent: Span, text: str) -> bool:
    if ent.label_ not in _NAME_LABELS or not ent.text[:1].isupper():
        return False
    last = ent.text.rsplit(" ", 1)[-1]
    return bool(_SETTLEMENT_WORD.fullmatch(last) and " " in ent.text) or bool(
        _SETTLEMENT_WORD.match(text, ent.end_char)
    )


def _without_city_parts(mentions: list[Mention]) -> list[Mention]:
    """Drop names that are the written part of a city mention ('Evere' of 'Brussels - Evere')."""
    parts = [(m.end, m.part_end) for m in mentions if m.part_end]
    return [m for m in mentions if not any(a < m.start < b for a, b in parts)]


def entity_mention(ent: Span, text: str) -> Mention:
    """A place entity as a mention: its role, the unit word after it, its enclosing units (after
    the whole name when the NER cut it short: 'in Pueblo Andino (Santa Fe)' tags only 'Pueblo')."""
    mention = Mention(
        ent.text,
        ent.start_char,
        ent.end_char,
        role_of(ent, text),
        hint=_unit_hint(text[ent.end_char : ent.end_char + 40]),
        full=_full_name(ent),
        full_start=_full_start(ent),
        modifies_a_noun=modifies_a_noun(ent),
    )
    part = city_parts.part_after(text, mention.full_end)  # 'Washington DC - Northwest'
    if part is not None:  # 'Algiers - Rouiba (Rouiba, Alger)': the units follow the part
        mention = dataclasses.replace(mention.widened(), part_end=part[1])
    parent, enclosed, span = units_after(text, mention.part_end or mention.end)
    if parent is None and mention.full_end > mention.end:
        parent, enclosed, span = units_after(text, mention.full_end)
    return dataclasses.replace(mention, parent=parent, enclosed=enclosed, unit_span=span)


def _unit_hint(after: str) -> str | None:
    """'Idlib province' -> admin, 'Homs city' -> city: the kind of unit written after a name."""
    if _ADMIN_WORD.match(after):
        return "admin"
    if _CITY_WORD.match(after):
        return "city"
    return None


def _with_layout_mentions(sent: Span, found: list[Mention]) -> list[Mention]:
    """``found`` plus 'in X (Unit, Unit)' names (see :data:`_LAYOUT`). A layout name replaces an
    entity it ends with ('Santa Izabel do Para (Para)', where the NER saw only 'Para');
    'La Plata - Melchor Romero (Buenos Aires)' is read as La Plata, its part of town dropped."""
    text = text_of(sent.doc)
    out = list(found)
    settlements = [m for m in SETTLEMENT_NAME.finditer(sent.text) if _named(m.group(2))]
    for m in [*_LAYOUT.finditer(sent.text), *_LAYOUT_COMMA.finditer(sent.text), *settlements]:
        start, end = sent.start_char + m.start(2), sent.start_char + m.end(2)
        clash = [f for f in out if f.start < end and start < f.end]
        if any(not (start < f.start and f.end == end) for f in clash):
            continue
        mention = _layout_mention(m, start, end, text)
        if mention is not None:
            out = [f for f in out if f not in clash] + [mention]
    return out


def _layout_mention(m: re.Match[str], start: int, end: int, text: str) -> Mention | None:
    """The name a layout pattern matched at ``start``..``end``, when units follow it."""
    parent, enclosed, span = units_after(text, end)
    if parent is None:
        return None
    town = m.group(2).split(" - ")[0]
    part = city_parts.part_after(text, start + len(town))
    settlement = m.re is SETTLEMENT_NAME
    return Mention(
        town,
        start,
        start + len(town),
        role_of_preposition(m.group(1).lower().split()[0]) if m.group(1) else "event",
        parent=parent,
        enclosed=enclosed or settlement,
        hint="city" if settlement else None,
        unit_span=span,
        full=town,
        by_layout=True,
        part_end=part[1] if part else None,
    )


def _named(name: str) -> bool:
    """A name, not a capitalised common word ('The village', 'Each township')."""
    return name.split()[0].lower() not in STOP_WORDS


def _coded_mentions(sent: Span) -> list[tuple[Mention, int, int]]:
    """Coding-note mentions with the note's character span: '(coded to Viedma, Rio Negro)',
    '[coded as Pana with GP2]', ', coded to Guri.'"""
    out = []
    for m in _CODED.finditer(sent.text):
        name, *units = [p.strip() for p in m.group(1).split(",")]
        while units and not name[:1].isupper():  # '(coded to zone capital, Shambu, Oromia)'
            name, *units = units
        if name[:1].isupper():  # '(coded to district level)' names no place
            out.append(_coded(sent, m, name, units, m.group(2)))
    for m in _CODED_INLINE.finditer(sent.text):
        units = [p.strip() for p in (m.group(2) or m.group(3) or "").split(",") if p.strip()]
        out.append(_coded(sent, m, m.group(1), units, None))
    return out


def _coded(
    sent: Span, m: re.Match[str], name: str, units: list[str], precision: str | None
) -> tuple[Mention, int, int]:
    start, note_end = sent.start_char + m.start(1), sent.start_char + m.end()
    parent, enclosed, span = ", ".join(units) or None, bool(units), None
    if parent is None:  # '(coded as Kitchanga) (Bwito, Rutshuru, Nord-Kivu)'
        parent, enclosed, span = units_after_note(text_of(sent.doc), note_end)
    mention = Mention(
        name,
        start,
        start + len(name),
        "event",
        parent=parent,
        enclosed=enclosed,
        unit_span=span,
        full=name,
        coded=True,
        precision=int(precision) if precision else None,
    )
    return mention, sent.start_char + m.start(), note_end


def _mark_enclosing(mentions: list[Mention]) -> list[Mention]:
    """Give the ``anchor`` role to names written as another mention's enclosing units."""
    spans = [m.unit_span for m in mentions if m.unit_span]
    if not spans:
        return mentions
    return [
        dataclasses.replace(m, role="anchor")
        if any(a <= m.start and m.end <= b for a, b in spans)
        else m
        for m in mentions
    ]


_CONNECTORS = {
    "de",
    "del",
    "la",
    "las",
    "los",
    "el",
    "al",
    "do",
    "da",
    "dos",
    "das",
    "di",
    "du",
    "des",
    "of",
    "-",
    "e",
    "y",
}


def _full_start(ent: Span) -> int:
    """Where :func:`_full_name` starts: capitalised words before the entity belong to it."""
    doc, start = ent.doc, ent.start
    while start > 0 and _widens_left(doc[start - 1]):
        start -= 1
    return doc[start].idx


def _widens_left(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha and not tok.is_sent_start


def _full_name(ent: Span) -> str:
    """The entity widened over adjacent capitalised words and name connectors, for names the
    statistical NER cut short ('San Fernando del Valle de Catamarca', 'Villa La Ribera')."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while end < len(doc):
        tok = doc[end]
        if tok.text[:1].isupper() and tok.is_alpha:
            end += 1
        elif (
            tok.lower_ in _CONNECTORS
            and end + 1 < len(doc)
            and doc[end + 1].text[:1].isupper()
            and not (tok.text == "-" and tok.whitespace_)  # 'Aleppo - The army': punctuation
        ):
            end += 2
        else:
            break
    while start > 0 and _widens_left(doc[start - 1]):
        start -= 1
    return doc[start:end].text

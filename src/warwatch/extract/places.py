"""Place mentions in a sentence, their roles, and the place where the event happened.

A sentence names many places; only some are where the event happened. 'fled to Iraq' names a
destination, 'from Syria' an origin, '5 km from Homs' or 'north of Homs' an anchor (kept, with a
lower precision), 'Iran-backed' or "Syria's army" no place at all.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from warwatch.records import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_DESTINATION = {"to", "towards", "toward", "for"}
_ORIGIN = {"from", "out"}
_NEAR = {"near", "outside", "around", "nearby", "close", "outskirts", "vicinity"}
_ANCHOR_WORDS = re.compile(r"\b(north|south|east|west|northeast|northwest|southeast|southwest|northern|southern|eastern|western)\s+of\s*$|\b(km|kilometers|kilometres|miles)\s+(from|of)\s*$|\bborder (with|of)\s*$", re.I)
_ADMIN_WORD = re.compile(r"^\s*(province|governorate|oblast|region|state|district|county|prefecture|department)\b", re.I)
_CITY_WORD = re.compile(r"^\s*(city|town|village)\b", re.I)


def text_of(doc: Doc) -> str:
    """The document's text, built once: ``Doc.text`` joins every token on each call."""
    text = doc.user_data.get("warwatch_text")
    if text is None:
        text = doc.user_data["warwatch_text"] = doc.text
    return text


@dataclass(frozen=True)
class Mention:
    text: str
    start: int  # document character offsets
    end: int
    role: str  # event | origin | destination | anchor | near
    hint: str | None = None  # "province" / "city" cue right after the name
    full: str = ""  # the name with its neighbouring capitalised words ('San Miguel de Tucuman')
    parent: str | None = None  # "X (District, Province)" or "X, Province": the enclosing unit


def mentions_in(sent: Span) -> list[Mention]:
    """Place mentions of a sentence with their roles, in text order."""
    out: list[Mention] = []
    doc = sent.doc
    for ent in sent.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        if _not_a_place(ent):
            continue
        after = text_of(doc)[ent.end_char : ent.end_char + 40]
        hint = None
        if _ADMIN_WORD.match(after):
            hint = "admin"
        elif _CITY_WORD.match(after):
            hint = "city"
        out.append(
            Mention(ent.text, ent.start_char, ent.end_char, _role(ent), hint=hint, parent=_parent(doc, ent), full=_full_name(ent))
        )
    return out


_GEOGRAPHIC_HEADS = {
    "crossing", "border", "city", "capital", "province", "town", "village", "coast", "north", "south",
    "east", "west", "outskirts", "region", "territory", "airport", "port", "centre", "center", "side",
    "countryside", "suburbs", "district", "governorate", "desert", "heartland", "stronghold",
}
# Verbs whose grammatical subject is a place: 'Hama fell', 'Kharkiv was shelled'
_PLACE_VERBS = {
    "fall", "come", "remain", "lie", "take", "capture", "seize", "overrun", "lose", "liberate",
    "recapture", "retake", "shell", "bomb", "strike", "hit", "attack", "target", "besiege", "surround",
}
_ACTOR_HEADS = {
    "army", "military", "forces", "force", "troops", "government", "regime", "president", "leader",
    "minister", "ministry", "officials", "official", "authorities", "police", "navy", "air", "citizens",
    "counterpart", "counterparts", "ally", "allies", "embassy", "foreign", "people", "spokesperson",
}


def _not_a_place(ent: Span) -> bool:
    """'Iran-backed', "Syria's army", 'Russia said': the name stands for a state or group, not a place."""
    root = ent.root
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if nxt is not None and nxt.text in {"-", "–"}:
        return True
    if nxt is not None and nxt.tag_ == "POS":  # "Syria's sole crossing" is a place, "Tehran's confidence" not
        return root.head.lemma_.lower() not in _GEOGRAPHIC_HEADS
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in _ACTOR_HEADS:
        return True  # 'the Military Forces of Armenia', 'the Ministry of Defense of Azerbaijan'
    subject = root if root.dep_ != "conj" else root.head
    if subject.dep_ in {"nsubj", "nsubjpass"} and ent.label_ == "GPE" and subject.head.pos_ in {"VERB", "AUX"}:
        return subject.head.lemma_ not in _PLACE_VERBS  # 'Russia called on ...', but 'Hama fell to ...'

    if root.dep_ == "compound" and root.head.lemma_.lower() in _ACTOR_HEADS:
        return True
    return False


def is_modifier(ent: Span) -> bool:
    """True for a name that modifies another noun ('US supreme court', "Syria's army", 'Iran-backed')."""
    if _not_a_place(ent):
        return True
    return ent.root.dep_ in {"compound", "amod", "poss"}


def _role(ent: Span) -> str:
    doc = ent.doc
    before = text_of(doc)[max(0, ent.start_char - 30) : ent.start_char]
    if _ANCHOR_WORDS.search(before):
        return "anchor"
    if re.search(r"\b(near|outside|outskirts of|vicinity of|around)\s*(the\s+)?(\w+\s+)?$", before, re.I):
        return "near"
    # Walk up through 'the oasis town of Palmyra' to the preposition that governs the phrase.
    node = ent.root
    for _ in range(4):
        if node.dep_ == "pobj":
            prep = node.head.lower_
            if prep in _NEAR:
                return "near"
            if prep in _DESTINATION:
                return "destination"
            if prep in _ORIGIN:
                return "origin"
            if prep != "of":
                return "event"
            node = node.head.head
            continue
        break
    return "event"


_CONNECTORS = {"de", "del", "la", "las", "los", "el", "al", "do", "da", "dos", "das", "di", "du", "des", "of", "-", "e", "y"}


def _full_name(ent: Span) -> str:
    """The entity widened over adjacent capitalised words and name connectors, for names the
    statistical NER cut short ('San Fernando del Valle de Catamarca', 'Villa La Ribera')."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while end < len(doc):
        tok = doc[end]
        if tok.text[:1].isupper() and tok.is_alpha:
            end += 1
        elif tok.lower_ in _CONNECTORS and end + 1 < len(doc) and doc[end + 1].text[:1].isupper():
            end += 2
        else:
            break
    while start > 0 and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha and not doc[start - 1].is_sent_start:
        start -= 1
    return doc[start:end].text


def _parent(doc: Doc, ent: Span) -> str | None:
    """The enclosing unit written after a name: 'Shangi (Rutshuru, Nord-Kivu)' or 'Chuhuiv, Kharkiv'."""
    after = text_of(doc)[ent.end_char : ent.end_char + 80]
    m = re.match(r"\s*(?:city|town|village|district|municipality)?\s*\(([^()]{2,70})\)", after)
    if m:
        parts = [p.strip() for p in m.group(1).split(",") if p.strip()]
        return ", ".join(parts) if parts else None
    m = re.match(r"(?:\s+(?:village|town|city|district|area|municipality|commune))?,\s*([A-Z][\w'’\- ]{2,30}?)(?:\s+(?:province|region|oblast|governorate|state))?[.,;]", after)
    if m:
        return m.group(1).strip()
    return None


def with_role(place: Place, mention: Mention) -> Place:
    precision = place.geo_precision
    if mention.role in {"near", "anchor"} and precision == 1:
        precision = 2
    role = "event" if mention.role in {"near", "event"} else mention.role
    return dataclasses.replace(place, role=role, start=mention.start, end=mention.end, geo_precision=precision)


def pick_event_place(places: list[Place]) -> Place | None:
    """The place where the event happened: an event-role place, most specific first in text order.

    Falls back to an anchor ('north of Homs'), then an origin ('evacuating officials from Syria').
    """
    for roles in (("event",), ("anchor",), ("origin",)):
        candidates = [p for p in places if p.role in roles]
        if not candidates:
            continue
        resolved = [p for p in candidates if p.latitude is not None]
        if resolved:
            return min(resolved, key=lambda p: (p.geo_precision or 3, p.start or 0))
        return candidates[0]
    return None

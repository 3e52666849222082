"""What a place name does in its sentence: where the event happened, an origin, a destination,
an anchor ('north of Homs'), or no place at all ('Iran-backed', "Syria's army"); and the choice of
the event's place among the resolved ones. Mentions are found in :mod:`warwatch.extract.places`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from warwatch.extract.city_parts import starts_a_route
from warwatch.geo.unknown import clean_place_name
from warwatch.records import Place

if TYPE_CHECKING:
    from warwatch.extract.places import Mention

_DESTINATION = {"to", "towards", "toward", "for"}
_ORIGIN = {"from", "out"}
_NEAR = {"near", "outside", "around", "nearby", "close", "outskirts", "vicinity"}
_ANCHOR_WORDS = re.compile(
    r"\b(north|south|east|west|northeast|northwest|southeast|southwest|northern|southern|eastern|western)\s+of\s*$|\b(km|kilometers|kilometres|miles)\s+(from|of)\s*$|\bborder (with|of)\s*$",
    re.IGNORECASE,
)

_GEOGRAPHIC_HEADS = {
    "crossing",
    "border",
    "city",
    "capital",
    "province",
    "town",
    "village",
    "coast",
    "north",
    "south",
    "east",
    "west",
    "outskirts",
    "region",
    "territory",
    "airport",
    "port",
    "centre",
    "center",
    "side",
    "countryside",
    "suburbs",
    "district",
    "governorate",
    "desert",
    "heartland",
    "stronghold",
}
# Verbs whose grammatical subject is a place: 'Hama fell', 'Kharkiv was shelled'
_PLACE_VERBS = {
    "fall",
    "come",
    "remain",
    "lie",
    "take",
    "capture",
    "seize",
    "overrun",
    "lose",
    "liberate",
    "recapture",
    "retake",
    "shell",
    "bomb",
    "strike",
    "hit",
    "attack",
    "target",
    "besiege",
    "surround",
}
_ACTOR_HEADS = {
    "army",
    "military",
    "forces",
    "force",
    "troops",
    "government",
    "regime",
    "president",
    "leader",
    "minister",
    "ministry",
    "officials",
    "official",
    "authorities",
    "police",
    "navy",
    "air",
    "citizens",
    "counterpart",
    "counterparts",
    "ally",
    "allies",
    "embassy",
    "foreign",
    "people",
    "spokesperson",
}


def text_of(doc: Doc) -> str:
    """The document's text, built once: ``Doc.text`` joins every token on each call."""
    text = doc.user_data.get("warwatch_text")
    if text is None:
        text = doc.user_data["warwatch_text"] = doc.text
    return text


def not_a_place(ent: Span) -> bool:
    """'Iran-backed', "Syria's army", 'Russia said': the name stands for a state or group, not a place."""
    root = ent.root
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if nxt is not None and nxt.text in {"-", "–"}:
        # 'Iran-backed', 'the Cuenca - Zhud highway'; a spaced hyphen is punctuation or a city's
        # part ('Minsk - Tsentralny')
        return not ent[-1].whitespace_ or starts_a_route(text_of(ent.doc), ent.end_char)
    if (
        nxt is not None and nxt.tag_ == "POS"
    ):  # "Syria's sole crossing" is a place, "Tehran's confidence" not
        return root.head.lemma_.lower() not in _GEOGRAPHIC_HEADS
    if (
        root.dep_ == "pobj"
        and root.head.lower_ == "of"
        and root.head.head.lemma_.lower() in _ACTOR_HEADS
    ):
        return True  # 'the Military Forces of Armenia', 'the Ministry of Defense of Azerbaijan'
    subject = root if root.dep_ != "conj" else root.head
    if (
        subject.dep_ in {"nsubj", "nsubjpass"}
        and ent.label_ == "GPE"
        and subject.head.pos_ in {"VERB", "AUX"}
    ):
        return (
            subject.head.lemma_ not in _PLACE_VERBS
        )  # 'Russia called on ...', but 'Hama fell to ...'

    return bool(root.dep_ == "compound" and root.head.lemma_.lower() in _ACTOR_HEADS)


def is_modifier(ent: Span) -> bool:
    """True for a name that modifies another noun ('US supreme court', "Syria's army", 'Iran-backed')."""
    if not_a_place(ent):
        return True
    return ent.root.dep_ in {"compound", "amod", "poss"}


def modifies_a_noun(ent: Span) -> bool:
    """'a United States military airstrike', 'Syria peace talks': the name qualifies a noun that is
    no place word ('the Aleppo countryside' is a place)."""
    root = ent.root
    return (
        root.dep_ in {"compound", "amod", "nmod"}
        and root.head.pos_ in {"NOUN", "PROPN"}
        and root.head.i >= ent.end
        and root.head.lemma_.lower() not in _GEOGRAPHIC_HEADS
    )


def role_of_preposition(prep: str) -> str:
    """'near Homs' -> near, 'to Iraq' -> destination, 'from Syria' -> origin, else event."""
    if prep in _NEAR:
        return "near"
    if prep in _DESTINATION:
        return "destination"
    return "origin" if prep in _ORIGIN else "event"


def role_of(ent: Span, text: str) -> str:
    """The role of an entity from the words before it and the preposition governing it."""
    before = text[max(0, ent.start_char - 30) : ent.start_char]
    if _ANCHOR_WORDS.search(before):
        return "anchor"
    if re.search(
        r"\b(near|outside|outskirts of|vicinity of|around|close to)\s*(the\s+)?(\w+\s+)?$",
        before,
        re.IGNORECASE,
    ):
        return "near"
    # Walk up through 'the oasis town of Palmyra' to the preposition that governs the phrase.
    node = ent.root
    for _ in range(4):
        if node.dep_ == "pobj":
            prep = node.head.lower_
            if prep != "of":
                return role_of_preposition(prep)
            node = node.head.head
            continue
        break
    return "event"


_PART_AFTER = re.compile(
    r"^\s*(?:district|neighbou?rhoods?|quarter|camp|suburbs?|area)\b", re.IGNORECASE
)
_PART_BEFORE = re.compile(r"\b(?:the\s+)?(?:city|town|capital)['’]s\s+$", re.IGNORECASE)


def is_part_of_a_town(place: Place, text: str) -> bool:
    """An unresolved name written as part of a town: "the city's Saltivskyi district", "the Abu
    Shouk camp", "the Qoubbeh neighbourhood"."""
    if place.latitude is not None or place.start is None or place.end is None:
        return False
    return bool(
        _PART_AFTER.match(text[place.end : place.end + 20])
        or _PART_BEFORE.search(text[max(0, place.start - 20) : place.start])
    )


def with_role(place: Place, mention: Mention) -> Place:
    """The resolved place with the mention's role and offsets; 'near X' is at X, less precisely."""
    precision = place.geo_precision
    if mention.role in {"near", "anchor"} and precision == 1:
        precision = 2
    role = "event" if mention.role in {"near", "event"} else mention.role
    if role == "event" and mention.modifies_a_noun and place.feature == "country":
        role = "side"  # a state named as the one acting ('a US airstrike in Iraq'), not the place
    name = place.name
    if not place.geocoded and mention.full.endswith(mention.text) and mention.full != mention.text:
        name = clean_place_name(
            mention.full
        )  # an unknown place keeps its whole name: 'Villa La Ribera'
    return dataclasses.replace(
        place, name=name, role=role, start=mention.start, end=mention.end, geo_precision=precision
    )


def _specificity(place: Place) -> tuple[int, bool, int]:
    """Most precise first; at one precision a named place (a village kept by name at its
    province's point) before a bare region ('clashed with Amhara regional forces in Yejube
    (East Gojam, Amhara)'); then text order."""
    region = place.geocoded and place.feature in ("admin1", "admin2", "region", "country")
    return (place.geo_precision or 3, region, place.start or 0)


def _written_after_another(place: Place, places: list[Place]) -> bool:
    if place.start is None:
        return False
    return any(other.end is not None and 0 < place.start - other.end <= 3 for other in places)


def pick_event_place(places: list[Place]) -> Place | None:
    """The place where the event happened: an event-role place, most specific first in text order.

    Falls back to an anchor ('north of Homs'), then an origin ('evacuating officials from Syria').
    """
    for roles in (("event",), ("anchor",), ("origin",)):
        candidates = [p for p in places if p.role in roles]
        if roles == ("anchor",):  # not the unit written after a name: 'from Hirske, Luhansk'
            candidates = [p for p in candidates if not _written_after_another(p, places)]
        if not candidates:
            continue
        resolved = [p for p in candidates if p.latitude is not None]
        if resolved:
            return min(resolved, key=_specificity)
        return candidates[0]
    return None

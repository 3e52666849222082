"""The parts of a news article that are not its body: headline, subheadings, dateline, byline,
photo captions, tag lines, related links and boilerplate.

A careful coder reads the headline and the body as one story and codes events from the body
only: the headline restates it, the dateline names where the reporter filed from (a hint for
which country the story is in, not an event place), captions describe photos (often old), and
tag lines and link lists repeat other stories' headlines. :func:`layout` finds these parts as
character ranges of the text; extraction reads events only outside them.

The patterns are written for how articles arrive as text: trafilatura's output, feed entries,
and copies where the page's headings and captions were run into the body ("Observers -A team of
U.N. observers ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warwatch.extract.dates._patterns import _MON, _YEAR

_MAX_HEADLINE_WORDS = 30
# A heading run into the text before it: 'Observers -A team ...', 'Other attacks -Anti-Syrian ...'
_RUN_IN_HEADING = re.compile(
    r"(?:(?<=^)|(?<=[.!?”\"’)]\s)|(?<=\n))(?P<head>[A-Z][^.!?\n]{1,90}?)\s-(?=[A-Z“\"‘'])",
    re.MULTILINE,
)
# A dateline at the start of the body: 'BEIRUT — ', 'KYIV, Ukraine (AP) — ', 'GAZA CITY, Dec 7 -'
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}[A-Z.](?:,\s*[A-Z][A-Za-z.'’ -]{1,30}?)?)"
    rf"(?:,?\s+(?:{_MON}\s+\d{{1,2}}|\d{{1,2}}\s+{_MON})(?:,?\s+{_YEAR})?)?"
    r"\s*(?:\([A-Za-z .&/-]{1,30}\))?\s*[—–-]{1,2}\s*",
    re.MULTILINE | re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\s*(?:by|reporting by|written by|edited by)\s+[A-Z][^\n]{0,80}$", re.I | re.M
)
_TAGS = re.compile(
    r"^\s*(?:tags?|topics?|related(?: (?:stories|articles|coverage|content|links))?|read more|"
    r"see also|more on this|you may also like|recommended|filed under|share this|follow us)\b[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_BOILERPLATE = re.compile(
    r"^[^\n]*\b(?:copyright|all rights reserved|©|sign up for|subscribe to|newsletter|cookie|"
    r"click here|terms of (?:use|service)|privacy policy|content retrieved from)\b[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
# Photo captions: 'FILE - ...', '... is seen in this handout picture ...', '(AP Photo/...)',
# '... is pictured ...', 'This frame grab ... shows ...', '..., Syria, March 6, 2017.'
_CAPTION = re.compile(
    r"^\s*(?:FILE\s*[-–—:]|In this (?:\w+ ){0,3}(?:photo|image|picture|file))"
    r"|\b(?:is|are|was|were) (?:seen|pictured|shown) (?:in|during|at|on|near|after|as|with|here)\b"
    r"|\b(?:is|are) pictured\b"
    r"|\b(?:photo|picture|image|video|frame grab|screen ?grab|screenshot|footage)s? "
    r"(?:\w+ ){0,8}?(?:shows?|showing)\b"
    r"|\((?:AP|AFP|Reuters|EPA|Getty|Xinhua|Anadolu)[^)]{0,40}(?:Photo|Images?|/)[^)]{0,40}\)"
    r"|\b(?:handout|file) (?:photo|picture|image)\b",
    re.IGNORECASE,
)
_CAPTION_DATE_END = re.compile(
    rf",\s+(?:{_MON}\s+\d{{1,2}},?\s+{_YEAR}|\d{{1,2}}\s+{_MON}\s+{_YEAR})\.?\s*$", re.I
)

# the present tense of a photo's description ('Iraqi troops walk past a burned car ...')
_CAPTION_VERB = re.compile(
    r"\b(?:shows?|stands?|walks?|carr(?:y|ies)|gathers?|holds?|looks?|sits?|"
    r"inspects?|rides?|waves?|chants?|march(?:es)?|mourns?|attends?|prays?)\b"
)


@dataclass(frozen=True)
class Zone:
    kind: str  # headline | heading | dateline | byline | tags | boilerplate | caption
    start: int
    end: int


@dataclass(frozen=True)
class Layout:
    zones: tuple[Zone, ...]
    dateline_place: str | None = None  # where the report was filed from ('BEIRUT')

    def zone_at(self, offset: int) -> Zone | None:
        return next((z for z in self.zones if z.start <= offset < z.end), None)

    def masked(self, text: str, start: int) -> str:
        """``text`` (found at ``start`` in the document) with every zone blanked out, offsets kept."""
        chars = list(text)
        end = start + len(text)
        for zone in self.zones:
            for i in range(max(zone.start, start), min(zone.end, end)):
                if not chars[i - start].isspace():
                    chars[i - start] = " "
        return "".join(chars)


def layout(text: str) -> Layout:
    """The non-body parts of an article's text (a pure function of the text)."""
    zones: list[Zone] = []
    headline = _headline(text)
    if headline is not None:
        zones.append(headline)
    zones += [Zone("heading", m.start("head"), m.end()) for m in _RUN_IN_HEADING.finditer(text)]
    dateline = _dateline(text, headline.end if headline else 0)
    if dateline is not None:
        zones.append(dateline[0])
    for kind, pattern in (("byline", _BYLINE), ("tags", _TAGS), ("boilerplate", _BOILERPLATE)):
        zones += [Zone(kind, m.start(), m.end()) for m in pattern.finditer(text)]
    zones.sort(key=lambda z: (z.start, z.end))
    return Layout(tuple(zones), dateline[1] if dateline else None)


def _headline(text: str) -> Zone | None:
    """The first line, when it is short and does not end as a sentence does."""
    first = text.split("\n", 1)[0]
    stripped = first.rstrip()
    if "\n" not in text or not stripped or len(stripped.split()) > _MAX_HEADLINE_WORDS:
        return None
    if stripped.endswith((".", ":")):
        return None
    return Zone("headline", 0, len(stripped))


def _dateline(text: str, after: int) -> tuple[Zone, str] | None:
    """The dateline opening the first body paragraph, and its place."""
    body = text[after:].lstrip()
    offset = len(text) - len(body)
    match = _DATELINE.match(body)
    if match is None:
        return None
    place = match.group("place").strip()
    if not place.split(",")[0].replace(" ", "").replace(".", "").replace("-", "").isupper():
        return None  # 'Rebels - who ...' is a sentence; a dateline's place is in capitals
    return Zone("dateline", offset, offset + match.end()), place


def is_article(text: str) -> bool:
    """An article (a headline, several paragraphs) rather than a one-paragraph event note: the
    note's dates are its event's own, and its event stands where the gazetteer lacks its place."""
    return "\n" in text.strip()


def is_caption(sentence: str) -> bool:
    """A photo caption: its wording ('is pictured', 'FILE -', '(AP Photo)'), or a present-tense
    description ending with the photo's place and date (', Syria, March 6, 2017.')."""
    if _CAPTION.search(sentence):
        return True
    return bool(_CAPTION_DATE_END.search(sentence)) and bool(_CAPTION_VERB.search(sentence))

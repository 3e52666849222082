"""Stage 1 of extraction: what each sentence of a document says, read once, in order.

For every sentence: the event cues it carries, its figures, its dates (and whether they are
history), the claimant and attribution verb, whether it only denies what came before, and the
places it names. The reading is a fold over the sentences because three things carry over from
one sentence to the next: the last date the report gave, the claimants already named (so 'the
Observatory' resolves to the full name given earlier) and the towns of earlier event sentences
(so a lone village name is read beside them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from warwatch.extract import claimants as claims
from warwatch.extract import dates, figures, places, placing, syntax
from warwatch.extract.knowledge import Knowledge
from warwatch.extract.layout import Layout, is_article, is_caption, layout
from warwatch.records import Document, EventDate, Evidence, Figure, Place

_CONTEXT_DATE_REACH = 6  # sentences a date given by the report carries forward
_EARLIER_PLACES = 6  # how many towns of earlier sentences place a lone name

DatedOffsets = tuple[tuple[int, EventDate], ...]  # (document offset, date), in text order


@dataclass(frozen=True)
class SentenceFacts:
    """One sentence that may describe an event (``denial`` False) or only deny the one before."""

    index: int  # the sentence's position in the document
    sent: Span
    cues: Mapping[str, re.Match[str]]  # cue name -> first match (offsets in the sentence)
    raw_figures: tuple[figures.RawFigure, ...] = ()
    dated: DatedOffsets = ()
    context_date: EventDate | None = None  # the last date the report gave before it
    claimant: str | None = None
    verb: Token | None = None
    places: tuple[Place, ...] = ()
    denial: bool = False

    @property
    def event_places(self) -> list[Place]:
        return [p for p in self.places if p.role == "event"]


@dataclass(frozen=True)
class DocumentFacts:
    """The sentences of a document that matter to events, and every figure it states."""

    sentences: tuple[SentenceFacts, ...]
    figures: tuple[Figure, ...]
    focus: tuple[str, ...]  # the countries the report is about, most named first
    layout: Layout  # headline, dateline, captions ...: the parts that are not the body
    setting: Place | None = None  # where a note's opening sentence sets it (see _setting)


@dataclass
class _Carry:
    """What the fold carries from one sentence to the next (local to ``read_sentences``)."""

    last_date: EventDate | None = None
    last_date_index: int = -10
    any_event: bool = False  # a denial needs an earlier event sentence to deny
    earlier: list[Place] = field(default_factory=list)  # earlier event towns, latest first
    parts: Layout = field(default_factory=lambda: Layout(()))


def read_sentences(doc: Doc, document: Document, kb: Knowledge) -> DocumentFacts:
    """Stage 1: the facts of every sentence that carries an event cue, a figure or a denial."""
    ctx = claims.ClaimantContext(kb.claimants, actors=kb.actors, date=document.published)
    parts = layout(places.text_of(doc))
    focus = focus_countries(doc, kb)
    carry = _Carry(parts=parts)
    kept: list[SentenceFacts] = []
    figure_records: list[Figure] = []
    for index, sent in enumerate(doc.sents):
        facts = _read_one(index, sent, document, kb, focus, ctx, carry, figure_records)
        if facts is not None:
            kept.append(facts)
    setting = _setting(doc, document, kb, focus, carry, kept)
    return DocumentFacts(tuple(kept), tuple(figure_records), tuple(focus), parts, setting)


def _setting(
    doc: Doc,
    document: Document,
    kb: Knowledge,
    focus: list[str],
    carry: _Carry,
    kept: list[SentenceFacts],
) -> Place | None:
    """Where a one-paragraph note sets its event when its opening sentence tells none ('On 10
    June 2022, in Kan Thit village (Khin-U township, ...), the military fired heavy rounds ...'
    then 'They set fire to 52 houses'): the place of the sentences that follow without one of
    their own, also when the opening sentence's cue made no event ('locals discovered the dead
    body of a man'). An article's opening sentence may set the scene anywhere, so only notes."""
    if is_article(document.text):
        return None
    if kept and kept[0].index == 0:
        found = list(kept[0].places)
    else:
        first = next(iter(doc.sents), None)
        if first is None:
            return None
        found = placing.resolve_places(first, focus, kb, [], carry.parts)
    place = places.pick_event_place([p for p in found if p.role == "event"])
    return place if place is not None and place.latitude is not None else None


def _read_one(
    index: int,
    sent: Span,
    document: Document,
    kb: Knowledge,
    focus: list[str],
    ctx: claims.ClaimantContext,
    carry: _Carry,
    figure_records: list[Figure],
) -> SentenceFacts | None:
    text = carry.parts.masked(sent.text, sent.start_char)  # the body's words only
    if not text.strip() or is_caption(sent.text):
        return None  # a headline, dateline, tag line ... or a photo caption: not the story
    found = kb.cues.cues_in(text)
    raw_figures = figures.find_figures(text, kb.figures)
    dated = sentence_dates(sent, document.published)
    sent_date = dated[0][1] if dated else None
    historical = is_background(sent_date, text, document.published, kb)
    context_date = _carried_date(carry, index)
    _carry_date(carry, index, sent_date, historical)
    if carry.any_event and syntax.is_bare_denial(sent):
        claimant, _ = claims.find_claimant(sent, ctx)
        return SentenceFacts(index, sent, {}, claimant=claimant, denial=True)
    if (not found and not raw_figures) or syntax.is_heading(sent):
        return None  # headlines restate the report's events in the present tense
    claimant, verb = claims.find_claimant(sent, ctx)
    denied = syntax.denied_span(sent, verb)
    if denied is not None:  # 'denied reports that its troops had withdrawn': code what is denied
        found = kb.cues.cues_in(text, *denied) or found
    figure_records.extend(figure_records_of(raw_figures, sent, document, claimant, sent_date))
    if historical or not found:
        return None
    sent_places = placing.resolve_places(sent, focus, kb, carry.earlier, carry.parts)
    _carry_towns(carry, sent_places)
    return SentenceFacts(
        index=index,
        sent=sent,
        cues=dict(found),
        raw_figures=tuple(raw_figures),
        dated=dated,
        context_date=context_date,
        claimant=claimant,
        verb=verb,
        places=tuple(sent_places),
    )


def _carry_date(carry: _Carry, index: int, date: EventDate | None, historical: bool) -> None:
    """A news date to the day or week carries forward to the sentences after it."""
    if date is not None and not historical and date.time_precision <= 2:
        carry.last_date, carry.last_date_index = date, index


def _carry_towns(carry: _Carry, sent_places: list[Place]) -> None:
    """The towns of an event sentence place the lone names of the sentences after it."""
    towns = [
        p for p in sent_places if p.latitude is not None and p.feature not in ("country", "admin1")
    ]
    carry.earlier = (towns + carry.earlier)[:_EARLIER_PLACES]
    carry.any_event = True


def _carried_date(carry: _Carry, index: int) -> EventDate | None:
    if carry.last_date is not None and index - carry.last_date_index <= _CONTEXT_DATE_REACH:
        return carry.last_date
    return None


def is_background(
    sent_date: EventDate | None, text: str, published: dt.date | None, kb: Knowledge
) -> bool:
    """History, not news: a date long before publication, or wording such as 'for years'."""
    historical = sent_date is not None and dates.is_historical(sent_date, published)
    return historical or bool(kb.cues.coding.background.search(text))


def focus_countries(doc: Doc, kb: Knowledge) -> list[str]:
    """The countries a report names as places, most named first.

    Only names used as places count: 'the US supreme court' or 'a Russian drone' say nothing
    about where the report happens."""
    counts: dict[str, int] = {}
    for ent in doc.ents:
        if ent.label_ == "GPE" and not places.is_modifier(ent):
            country = kb.country_of(ent.text)
            if country:
                counts[country] = counts.get(country, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])


def sentence_dates(sent: Span, published: dt.date | None) -> DatedOffsets:
    """The resolvable dates a sentence gives, in text order (DATE entities and explicit forms).
    Where two overlap, the longer one that resolves stands: 'Friday, Oct. 9, 2015' is one date,
    not a Friday near publication, and the '2017' of 'April 4, 2017' is not a date of its own."""
    spans = [(e.start_char, e.end_char, e.text) for e in places.ents_of(sent) if e.label_ == "DATE"]
    spans += [
        (sent.start_char + s, sent.start_char + e, t)
        for s, e, t in dates.find_date_expressions(sent.text)
    ]
    out: list[tuple[int, EventDate]] = []
    taken: list[tuple[int, int]] = []
    for start, end, text in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):
        if any(s <= start and end <= e for s, e in taken) or _a_clock_time(sent, end, text):
            continue
        resolved = dates.resolve_date(text, published)
        if resolved is not None and resolved.date is not None:
            out.append((start, resolved))
            taken.append((start, end))
    return tuple(sorted(out, key=lambda item: item[0]))


_TIME_ZONE = re.compile(r"\s*(?:UTC|GMT|[A-Z]{2,4}T\b|hours?\b|hrs\b|local time)")


def _a_clock_time(sent: Span, end: int, text: str) -> bool:
    """'(1800 UTC)', '0600 hours': a time of day, not a year."""
    if not (text.isdigit() and len(text) == 4):
        return False
    return bool(_TIME_ZONE.match(places.text_of(sent.doc), end))


def figure_records_of(
    raw_figures: list[figures.RawFigure],
    sent: Span,
    document: Document,
    claimant: str | None,
    sent_date: EventDate | None,
) -> list[Figure]:
    """Every figure of a sentence as a record of its own, dated by the sentence's date."""
    period_start = period_end = None
    if sent_date is not None and (sent_date.start or sent_date.end):
        period_start, period_end = sent_date.start, sent_date.end
    elif sent_date is not None:
        period_start = period_end = sent_date.date
    out = []
    for raw in raw_figures:
        kind = "killed_civilians" if raw.kind == "killed" and raw.civilians else raw.kind
        out.append(
            Figure(
                document_id=document.id,
                kind=kind,
                value=raw.value,
                qualifier=raw.qualifier,
                claimant=claimant,
                period_start=period_start,
                period_end=period_end,
                evidence=Evidence(document.id, sent.start_char, sent.end_char, sent.text),
            )
        )
    return out

"""Typed, frozen records passed between stages.

The spaCy ``Doc`` never leaves extraction: stages hand each other these records, which are cheap to
pickle (process pools, Dask) and map one-to-one onto database rows. Every record that states a fact
carries an :class:`Evidence` (document id + character offsets) and the claimant who said it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Stances of a statement about an event (issue 2 §4).
ASSERTED = "asserted"  # the report states it in its own voice
REPORTED = "reported"  # attributed to a named claimant ("the Observatory said")
DENIED = "denied"  # a claimant denies it
PREDICTED = "predicted"  # planned, expected, hypothetical: not a past event
STANCES = (ASSERTED, REPORTED, DENIED, PREDICTED)


@dataclass(frozen=True)
class Document:
    """One input report, normalised to text plus metadata.

    ``id`` is derived from the content hash, so the same report read twice gets the same id.
    ``external_id`` is the input's own id (a JSON Lines ``id`` field), kept for exports.
    """

    id: str
    text: str
    content_hash: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    external_id: str | None = None
    origin: str | None = None  # path or path:line the document was read from
    format: str = "text"  # text | html | jsonl | rss | atom
    # where ``published`` comes from: metadata (the input or the caller), dateline (the report's
    # own dateline), text (the latest full date the report states); None when undated
    published_from: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Where a record came from: a document and a character span of its text."""

    document_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Place:
    """A place mention, resolved against the gazetteer where possible.

    An unresolved place keeps ``mention`` and has no coordinates: coordinates are never invented.
    ``geo_precision`` follows ACLED: 1 the town itself, 2 near it / part of a region, 3 province or larger.
    """

    mention: str
    name: str | None = None  # gazetteer name of the place ("Daraa")
    feature: str | None = (
        None  # city | admin1 | admin2 | country | crossing | camp | base | mountain | river | other
    )
    country: str | None = None  # ACLED/English country name ("Syria")
    iso: int | None = None  # ISO 3166-1 numeric, as ACLED's ``iso`` column
    iso2: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    population: int | None = None
    role: str = "event"  # event | origin | destination | anchor
    start: int | None = None  # character offsets of the mention in the document
    end: int | None = None


@dataclass(frozen=True)
class Actor:
    """An actor normalised through the actor dictionary (ACLED-style name and inter code)."""

    name: str
    inter: int | None = None  # ACLED inter code 1..8
    mention: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class EventDate:
    """A resolved event date with ACLED ``time_precision`` (1 day, 2 week, 3 month or vaguer).

    ``date`` is None when the text gives no usable date and the document has no publication date.
    ``start``/``end`` bound a range ("last week", "between 2011 and 2021").
    """

    date: dt.date | None
    time_precision: int = 3
    text: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class EventRecord:
    """One event as stated in one sentence of one document (before merging across reports)."""

    document_id: str
    event_type: str
    sub_event_type: str
    disorder_type: str
    evidence: Evidence
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor_1: tuple[Actor, ...] = ()
    assoc_actor_2: tuple[Actor, ...] = ()
    place: Place | None = None
    other_places: tuple[Place, ...] = ()  # origin / destination / anchor roles
    date: EventDate = field(default_factory=lambda: EventDate(None))
    fatalities: int | None = None
    civilian_fatalities: int | None = None
    displaced: int | None = None
    civilian_targeting: bool = False
    claimant: str | None = None
    stance: str = ASSERTED
    hedged: bool = False
    trigger: str | None = None
    plover: str | None = None
    notes: str | None = None
    # the article's main event (its lead story, like GDELT's root event): set by extraction on
    # the first event the body tells, restatements merged into it
    main: bool = False


@dataclass(frozen=True)
class Figure:
    """A casualty or displacement figure as a record of its own (killed, displaced, ...)."""

    document_id: str
    kind: str  # killed | killed_civilians | injured | displaced | refugees | detained | missing
    value: int
    evidence: Evidence
    qualifier: str | None = None  # at least | more than | about | up to | nearly
    claimant: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    place: Place | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    events: tuple[EventRecord, ...] = ()
    figures: tuple[Figure, ...] = ()
    warnings: tuple[str, ...] = ()
    entities: tuple[
        tuple[int, int, str], ...
    ] = ()  # named entities (start, end, label) the NLP found


@dataclass(frozen=True)
class IncidentLink:
    """Why a stored record belongs to an incident: ``anchor``, ``merged: ...`` or ``denies: ...``.

    ``record_key`` is filled when the link is read back from the store (it survives a rebuild,
    unlike ``record_id``).
    """

    record_id: int
    rule: str
    record_key: str | None = None

    @property
    def denies(self) -> bool:
        return self.rule.startswith("denies")


@dataclass(frozen=True)
class Incident:
    """One real-world event with all its sources: what ``resolve`` merges and ``store`` keeps.

    For the territory family ``actor1`` is the new controller and ``actor2`` the side that lost the
    place (either may be unknown). Fatalities keep UCDP's range: ``low`` the smallest figure
    reported, ``high`` the largest, ``best`` the figure most sources give (else the median).
    ``date`` is ACLED's ``event_date``; ``id`` is the store's row id (None before it is stored).
    """

    key: str
    block: str
    family: str
    event_type: str
    sub_event_type: str
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    date: dt.date | None
    date_start: dt.date | None
    date_end: dt.date | None
    time_precision: int
    actor1: str | None
    actor2: str | None
    inter1: int | None
    inter2: int | None
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    source_count: int
    first_reported: dt.date | None
    links: tuple[IncidentLink, ...]
    id: int | None = None

    @property
    def supporting_ids(self) -> tuple[int, ...]:
        return tuple(link.record_id for link in self.links if not link.denies)

    @property
    def denying_ids(self) -> tuple[int, ...]:
        return tuple(link.record_id for link in self.links if link.denies)

"""What the store hands back: plain frozen dataclasses, never ORM objects or SQL rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AddResult:
    """The outcome of :meth:`Store.add_extraction`.

    ``document_added`` is False when a document with the same content hash was already stored; then
    nothing was written and both counts are 0.
    """

    document_id: str
    document_added: bool
    events_added: int = 0
    figures_added: int = 0


@dataclass(frozen=True)
class StoredDocument:
    id: str
    content_hash: str
    external_id: str | None
    title: str | None
    published: dt.date | None
    source: str | None
    url: str | None
    origin: str | None
    format: str
    text: str
    ingested_at: dt.datetime  # UTC, time zone aware
    pipeline_version: str | None
    published_from: str | None = None  # metadata | dateline | text


@dataclass(frozen=True)
class StoredEvent:
    """One stored event row with the metadata of its document (ready for ACLED-style export)."""

    id: int
    record_key: str
    document_id: str
    event_type: str
    sub_event_type: str
    disorder_type: str
    event_date: dt.date | None
    time_precision: int
    date_start: dt.date | None
    date_end: dt.date | None
    date_text: str | None
    actor1: str | None
    inter1: int | None
    actor2: str | None
    inter2: int | None
    assoc_actor_1: str | None  # '; '-joined names
    assoc_actor_2: str | None
    civilian_targeting: bool
    location: str | None
    place_mention: str | None
    admin1: str | None
    admin2: str | None
    admin3: str | None
    country: str | None
    iso: int | None  # ISO 3166-1 numeric, as ACLED
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    geonameid: int | None
    fatalities: int | None
    civilian_fatalities: int | None
    displaced: int | None
    claimant: str | None
    stance: str
    hedged: bool
    trigger: str | None
    plover: str | None
    notes: str | None
    confidence: float | None  # calibrated probability of the sub-event type; None: unscored
    main_event: bool | None  # the article's lead story
    knowledge_version: str | None  # which knowledge extracted it
    evidence_start: int
    evidence_end: int
    evidence_text: str
    other_places: tuple[dict[str, Any], ...]
    document_external_id: str | None
    document_url: str | None
    document_source: str | None
    document_published: dt.date | None
    document_title: str | None
    document_ingested_at: dt.datetime | None  # UTC, time zone aware
    pipeline_version: str | None
    geocoded: bool = True  # False: the point is that of located_at, not of the place itself
    located_at: str | None = None
    admin1_geonames: str | None = None  # the gazetteer's spelling of admin1 (ACLED's is admin1)
    document_published_from: str | None = None  # metadata | dateline | text


@dataclass(frozen=True)
class StoredFigure:
    id: int
    record_key: str
    document_id: str
    kind: str
    value: int
    qualifier: str | None
    claimant: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    location: str | None
    place_mention: str | None
    admin1: str | None
    admin2: str | None
    admin3: str | None
    country: str | None
    iso: int | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    geonameid: int | None
    evidence_start: int
    evidence_end: int
    evidence_text: str
    geocoded: bool = True  # False: the point is that of located_at, not of the place itself
    located_at: str | None = None
    admin1_geonames: str | None = None  # the gazetteer's spelling of admin1 (ACLED's is admin1)


@dataclass(frozen=True)
class StoredFailure:
    id: int
    origin: str | None
    document_id: str | None
    stage: str
    code: str
    message: str
    created_at: dt.datetime  # UTC, time zone aware

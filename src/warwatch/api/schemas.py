"""Response and request bodies of the REST API (they make the OpenAPI schema), and the
conversions from the store's records. No logic beyond renaming fields lives here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field, model_validator

from warwatch.records import Incident
from warwatch.store import ActorCount, EventSource, StoredDocument, StoredEvent, StoredFigure


class ErrorOut(BaseModel):
    ok: bool = False
    error: str = Field(description="What went wrong and, where possible, how to fix it.")
    status: int = Field(description="The HTTP status code, repeated.")


class EvidenceOut(BaseModel):
    start: int = Field(
        description="Character offset of the evidence sentence in the document text."
    )
    end: int
    text: str


class EventOut(BaseModel):
    id: int
    event_date: dt.date | None
    time_precision: int = Field(description="ACLED: 1 day, 2 week, 3 month or vaguer.")
    event_type: str
    sub_event_type: str
    disorder_type: str
    actor1: str | None
    inter1: int | None
    actor2: str | None
    inter2: int | None
    assoc_actor_1: str | None
    assoc_actor_2: str | None
    location: str | None
    admin1: str | None
    admin2: str | None
    country: str | None
    iso: int | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None = Field(
        description="ACLED: 1 the town, 2 near it / part of a region, 3 province or larger."
    )
    geocoded: bool = Field(
        True,
        description="False when the gazetteer lacks the place: the point is located_at's area.",
    )
    located_at: str | None = Field(None, description="The unit whose point an unknown place has.")
    admin1_geonames: str | None = Field(None, description="GeoNames spelling of admin1.")
    fatalities: int | None
    civilian_fatalities: int | None
    civilian_targeting: bool
    claimant: str | None
    stance: str = Field(description="asserted, reported, denied or predicted.")
    hedged: bool
    confidence: float | None = Field(
        description="The typer's calibrated probability (0-1) that the sub-event type is right; "
        "null when no classifier scored the event."
    )
    notes: str | None
    document_id: str
    document_title: str | None
    document_source: str | None
    document_url: str | None
    document_published: dt.date | None
    evidence: EvidenceOut


class EventPage(BaseModel):
    items: list[EventOut]
    total: int = Field(description="Events matching the filters, all pages together.")
    total_exact: bool = Field(
        description="False when counting stopped: at least 'total' events match (exact_total "
        "counts them all)."
    )
    limit: int
    offset: int
    next: str | None = Field(
        description="Cursor of the following page (pass it as 'cursor'); null on the last page."
    )


class SourceOut(BaseModel):
    event_id: int = Field(description="The stored record (event row) this source stated.")
    document_id: str
    title: str | None
    source: str | None = Field(description="The outlet.")
    url: str | None
    published: dt.date | None
    claimant: str | None
    stance: str
    hedged: bool
    evidence: EvidenceOut
    document_text_excerpt: str = Field(
        description="Plain document text around the evidence sentence."
    )
    excerpt_start: int = Field(
        description="Offset of the excerpt in the document text; the evidence starts at evidence.start - excerpt_start inside it."
    )
    rule: str | None = Field(
        None,
        description="Why this record belongs to the event's incident (anchor, merged: ..., denies: ...); null before resolution.",
    )


class EventDetail(EventOut):
    sources: list[SourceOut]


class DocumentOut(BaseModel):
    id: str
    title: str | None
    published: dt.date | None
    source: str | None
    url: str | None
    external_id: str | None
    format: str
    ingested_at: dt.datetime
    pipeline_version: str | None
    text_length: int


class DocumentDetail(DocumentOut):
    text: str


class DocumentPage(BaseModel):
    items: list[DocumentOut]
    total: int
    limit: int
    offset: int


class ActorOut(BaseModel):
    name: str
    inter: int | None = Field(description="ACLED inter code 1..8.")
    events: int = Field(description="Events naming this actor as actor 1 or 2.")


class ActorPage(BaseModel):
    items: list[ActorOut]
    total: int
    limit: int
    offset: int


class FigureOut(BaseModel):
    id: int
    kind: str
    value: int
    qualifier: str | None
    claimant: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    document_id: str
    evidence: EvidenceOut


class FigurePage(BaseModel):
    items: list[FigureOut]
    total: int
    limit: int
    offset: int


class LinkOut(BaseModel):
    record_id: int = Field(description="The stored event record (GET /api/events/{record_id}).")
    record_key: str | None
    rule: str = Field(description="anchor, merged: <why>, or denies: <why>.")


class IncidentOut(BaseModel):
    id: int
    key: str = Field(description="The record key of the incident's anchor statement.")
    family: str
    event_type: str
    sub_event_type: str
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    event_date: dt.date | None
    date_start: dt.date | None
    date_end: dt.date | None
    time_precision: int
    actor1: str | None
    actor2: str | None
    inter1: int | None
    inter2: int | None
    fatalities_low: int | None = Field(description="UCDP-style range over sources: low.")
    fatalities_best: int | None
    fatalities_high: int | None
    source_count: int = Field(description="Distinct documents supporting the incident.")
    first_reported: dt.date | None


class IncidentDetail(IncidentOut):
    links: list[LinkOut] = Field(description="Anchor, then merged statements, denials last.")


class IncidentPage(BaseModel):
    items: list[IncidentOut]
    total: int
    limit: int
    offset: int


class SumOut(BaseModel):
    region: str
    period_start: dt.date
    period_end: dt.date
    incidents: int
    incidents_without_figure: int
    fatalities_low: int
    fatalities_best: int
    fatalities_high: int


class TalliesOut(BaseModel):
    sums: list[SumOut] = Field(description="Incident fatalities summed per region and period.")
    claimed: list[dict[str, Any]] = Field(
        description="Claimed killed totals beside the incidents' sums over the same period."
    )


class StoredFailureOut(BaseModel):
    id: int
    origin: str | None = Field(description="The input that failed (path, path:line, request).")
    document_id: str | None
    stage: str
    code: str
    message: str = Field(description="What went wrong and how to fix it.")
    created_at: dt.datetime


class FailurePage(BaseModel):
    items: list[StoredFailureOut]
    total: int
    limit: int
    offset: int


class ReportOut(BaseModel):
    markdown: str = Field(description="The report, as `warwatch report` prints it.")


class ItemsOut(BaseModel):
    """Items from a part of the store that may not be built yet (``note`` then says so)."""

    items: list[dict[str, Any]]
    total: int
    note: str | None = None


class HealthOut(BaseModel):
    ok: bool
    version: str
    database: str
    counts: dict[str, int]
    writes_enabled: bool


class DocumentIn(BaseModel):
    text: str = Field(description="The report's text (plain text).")
    published: str | None = Field(None, description="Publication date, e.g. 2024-12-07.")
    source: str | None = Field(None, description="The outlet.")
    url: str | None = None
    title: str | None = None
    id: str | None = Field(None, description="Your own id for the document (kept as external_id).")


class IngestIn(BaseModel):
    """One document (``text`` and its metadata) or a batch (``documents``)."""

    text: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    id: str | None = None
    documents: list[DocumentIn] | None = None

    @model_validator(mode="after")
    def _one_or_many(self) -> IngestIn:
        if (self.text is None) == (self.documents is None):
            raise ValueError(
                'send either "text" (one document) or "documents" (a list), not both or neither'
            )
        if self.documents is not None and not self.documents:
            raise ValueError('"documents" is empty')
        return self

    def items(self) -> list[DocumentIn]:
        if self.documents is not None:
            return self.documents
        fields = self.model_dump(exclude={"documents"})
        return [DocumentIn(**fields)]


class FailureOut(BaseModel):
    input: str
    stage: str
    code: str
    message: str


class IngestOut(BaseModel):
    ok: bool = True
    documents_read: int
    documents_added: int
    documents_skipped: int
    events_added: int
    figures_added: int
    failed: int
    failures: list[FailureOut]
    document_ids: list[str] = Field(description="Ids of the documents read, in request order.")


def evidence(start: int, end: int, text: str) -> EvidenceOut:
    return EvidenceOut(start=start, end=end, text=text)


def event_out(e: StoredEvent) -> dict[str, Any]:
    fields = {name: getattr(e, name) for name in EventOut.model_fields if hasattr(e, name)}
    fields["evidence"] = evidence(e.evidence_start, e.evidence_end, e.evidence_text)
    return fields


def source_out(s: EventSource) -> SourceOut:
    return SourceOut(
        event_id=s.event_id, document_id=s.document_id, title=s.title, source=s.source, url=s.url,
        published=s.published, claimant=s.claimant, stance=s.stance, hedged=s.hedged,
        evidence=evidence(s.evidence_start, s.evidence_end, s.evidence_text),
        document_text_excerpt=s.excerpt, excerpt_start=s.excerpt_start, rule=s.rule,
    )  # fmt: skip


def document_out(d: StoredDocument, *, with_text: bool = False) -> DocumentOut:
    fields = {name: getattr(d, name) for name in DocumentOut.model_fields if hasattr(d, name)}
    fields["text_length"] = len(d.text)
    return DocumentDetail(**fields, text=d.text) if with_text else DocumentOut(**fields)


def figure_out(f: StoredFigure) -> FigureOut:
    fields = {name: getattr(f, name) for name in FigureOut.model_fields if hasattr(f, name)}
    return FigureOut(**fields, evidence=evidence(f.evidence_start, f.evidence_end, f.evidence_text))


def actor_out(a: ActorCount) -> ActorOut:
    return ActorOut(name=a.name, inter=a.inter, events=a.events)


def incident_out(i: Incident, *, with_links: bool = False) -> IncidentOut:
    fields = {name: getattr(i, name) for name in IncidentOut.model_fields if hasattr(i, name)}
    fields["event_date"] = i.date
    if not with_links:
        return IncidentOut(**fields)
    links = [LinkOut(record_id=k.record_id, record_key=k.record_key, rule=k.rule) for k in i.links]
    return IncidentDetail(**fields, links=links)

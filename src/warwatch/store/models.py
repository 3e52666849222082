"""Database tables, as SQLAlchemy 2 declarative models.

Only portable column types are used (String, Text, Integer, Float, Date, DateTime, Boolean,
JSON), so the same models run on SQLite (the default) and PostgreSQL. The schema itself is
created and changed by the Alembic revisions in ``warwatch/store/migrations``; these models must
match them (a test compares the two).

Times are stored as naive UTC ``DateTime`` values: SQLite has no time zone type, and a single
convention keeps both back ends identical.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so later migrations can alter them on every back end.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class DocumentRow(Base):
    """One input report; ``content_hash`` makes re-ingesting it a no-op."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(128), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(512))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(512))
    url: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)
    pipeline_version: Mapped[str | None] = mapped_column(String(64))
    # metadata | dateline | text: where ``published`` comes from (migration 0006)
    published_from: Mapped[str | None] = mapped_column(String(16))


class _PlaceColumns:
    """Place fields shared by events and figures (ACLED location columns). Their indexes are
    on ``lower(column)``, the form every name filter takes (below the classes, migration 0009)."""

    location: Mapped[str | None] = mapped_column(String(512))
    place_mention: Mapped[str | None] = mapped_column(String(512))
    admin1: Mapped[str | None] = mapped_column(String(256))
    admin2: Mapped[str | None] = mapped_column(String(256))
    admin3: Mapped[str | None] = mapped_column(String(256))
    country: Mapped[str | None] = mapped_column(String(128))
    iso: Mapped[int | None] = mapped_column(Integer)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    geonameid: Mapped[int | None] = mapped_column(Integer)
    # a place the gazetteer lacks keeps its name; its point is the enclosing unit's (located_at)
    geocoded: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    located_at: Mapped[str | None] = mapped_column(String(512))
    admin1_geonames: Mapped[str | None] = mapped_column(String(256))


class _EvidenceColumns:
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence_text: Mapped[str] = mapped_column(Text)


class EventRow(_PlaceColumns, _EvidenceColumns, Base):
    """One event as stated in one sentence of one document (ACLED columns plus provenance)."""

    __tablename__ = "events"
    # Keyset paging on each sort of the read API (migration 0003_paging_indexes).
    __table_args__ = (
        Index("ix_events_event_date_id", "event_date", "id"),
        Index("ix_events_fatalities_id", "fatalities", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_key: Mapped[str] = mapped_column(String(64), unique=True)
    document_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    event_type: Mapped[str] = mapped_column(String(128))
    sub_event_type: Mapped[str] = mapped_column(String(128))
    disorder_type: Mapped[str] = mapped_column(String(128))
    event_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    time_precision: Mapped[int] = mapped_column(Integer)
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_text: Mapped[str | None] = mapped_column(String(512))
    actor1: Mapped[str | None] = mapped_column(String(512))
    inter1: Mapped[int | None] = mapped_column(Integer)
    actor2: Mapped[str | None] = mapped_column(String(512))
    inter2: Mapped[int | None] = mapped_column(Integer)
    assoc_actor_1: Mapped[str | None] = mapped_column(Text)  # '; '-joined, as ACLED
    assoc_actor_2: Mapped[str | None] = mapped_column(Text)
    civilian_targeting: Mapped[bool] = mapped_column(Boolean)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    civilian_fatalities: Mapped[int | None] = mapped_column(Integer)
    displaced: Mapped[int | None] = mapped_column(Integer)
    claimant: Mapped[str | None] = mapped_column(String(512))
    stance: Mapped[str] = mapped_column(String(32))
    hedged: Mapped[bool] = mapped_column(Boolean)
    trigger: Mapped[str | None] = mapped_column(String(256))
    plover: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)  # calibrated, 0..1; None: unscored
    main_event: Mapped[bool | None] = mapped_column(Boolean)  # the article's lead story
    knowledge_version: Mapped[str | None] = mapped_column(String(32))  # Knowledge.version
    other_places: Mapped[list[dict[str, object]]] = mapped_column(JSON)


# The read API matches names ignoring case (``lower(column) = value``, search.py), which no plain
# column index serves; these expression indexes do, on SQLite and PostgreSQL alike (migration
# 0009). Country and types lead composites with each sort key, so "Battles in X by fatalities"
# reads one index range already in page order and stops after a page.
Index("ix_events_country_ci_date", func.lower(EventRow.country), EventRow.event_date, EventRow.id)
Index("ix_events_country_ci_fatal", func.lower(EventRow.country), EventRow.fatalities, EventRow.id)
Index("ix_events_type_ci_date", func.lower(EventRow.event_type), EventRow.event_date, EventRow.id)
Index("ix_events_type_ci_fatal", func.lower(EventRow.event_type), EventRow.fatalities, EventRow.id)
Index(
    "ix_events_sub_type_ci_date",
    func.lower(EventRow.sub_event_type), EventRow.event_date, EventRow.id,
)  # fmt: skip
Index("ix_events_admin1_ci", func.lower(EventRow.admin1))
Index("ix_events_admin1_geonames_ci", func.lower(EventRow.admin1_geonames))
Index("ix_events_location_ci", func.lower(EventRow.location))


class FigureRow(_PlaceColumns, _EvidenceColumns, Base):
    """A casualty or displacement figure (killed, displaced, ...) with its claimant and span."""

    __tablename__ = "figures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_key: Mapped[str] = mapped_column(String(64), unique=True)
    document_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(64), index=True)
    value: Mapped[int] = mapped_column(Integer)
    qualifier: Mapped[str | None] = mapped_column(String(64))
    claimant: Mapped[str | None] = mapped_column(String(512))
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)


Index("ix_figures_country_ci", func.lower(FigureRow.country))
Index("ix_figures_location_ci", func.lower(FigureRow.location))


class FailureRow(Base):
    """A document or stage that failed during a batch; the run goes on and records it here.

    ``document_id`` has no foreign key: a failing document is usually never stored.
    """

    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[str | None] = mapped_column(String(128), index=True)
    stage: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


# -- resolution (issue 4): incidents merged from event records, and the links that explain them --
class IncidentRow(Base):
    """One real-world event merged from the ``events`` rows (statements) that describe it.

    ``incident_key`` is the ``record_key`` of the anchor statement, so a rebuild gives the same
    keys; ``block`` (country|merge family) is the unit that incremental merging recomputes. For
    territorial incidents ``actor1`` is the new controller and ``actor2`` the side that lost it.
    """

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_event_date_key", "event_date", "incident_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_key: Mapped[str] = mapped_column(String(64), unique=True)
    block: Mapped[str] = mapped_column(String(256), index=True)
    family: Mapped[str] = mapped_column(String(128))
    event_type: Mapped[str] = mapped_column(String(128), index=True)
    sub_event_type: Mapped[str] = mapped_column(String(128))
    location: Mapped[str | None] = mapped_column(String(512), index=True)
    admin1: Mapped[str | None] = mapped_column(String(256))
    country: Mapped[str | None] = mapped_column(String(128), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    event_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    time_precision: Mapped[int] = mapped_column(Integer)
    actor1: Mapped[str | None] = mapped_column(String(512))
    actor2: Mapped[str | None] = mapped_column(String(512))
    inter1: Mapped[int | None] = mapped_column(Integer)
    inter2: Mapped[int | None] = mapped_column(Integer)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_best: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    source_count: Mapped[int] = mapped_column(Integer)
    first_reported: Mapped[dt.date | None] = mapped_column(Date)


class IncidentRecordRow(Base):
    """Which statement belongs to which incident, and by what rule (``anchor``, ``merged: ...``,
    ``denies: ...``): the link that makes merging explainable and reversible."""

    __tablename__ = "incident_records"

    record_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    incident_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    rule: Mapped[str] = mapped_column(Text)


class SourceRow(Base):
    """A live source (feed or page) that ``warwatch watch`` polls, and how its last fetch went."""

    __tablename__ = "sources"

    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(512))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(128))
    last_fetch_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(32))  # new | ok | not modified | error
    http_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    documents_added: Mapped[int] = mapped_column(Integer)


class SourceEntryRow(Base):
    """An entry (feed item or page) of a source already read: never ingested twice."""

    __tablename__ = "source_entries"

    source_url: Mapped[str] = mapped_column(
        ForeignKey("sources.url", ondelete="CASCADE"), primary_key=True
    )
    entry_key: Mapped[str] = mapped_column(String(1024), primary_key=True)
    document_id: Mapped[str | None] = mapped_column(String(128))
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime)


class UnmergedRow(Base):
    """A stored document whose records are not yet merged into incidents (issue 14).

    Written in the document's own transaction and deleted in the transaction that stores the
    merge, so a crash between the two leaves the mark, and the next ingest or ``warwatch
    resolve`` merges the document: merging cannot be skipped.
    """

    __tablename__ = "unmerged_documents"

    document_id: Mapped[str] = mapped_column(
        String(128), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )

"""What resolution reads: one :class:`Statement` per stored event record, and the merge rules.

Resolution never re-parses text: a statement is a stored record (``events`` row) plus the
metadata of its document. Build one with :func:`from_stored`, or directly in tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml

from warwatch.geo.distance import great_circle_km
from warwatch.records import ASSERTED, DENIED, REPORTED
from warwatch.taxonomy import sub_event_types

TERRITORY = "territory"  # the merge family of ACLED's three territorial sub-event types
SUPPORTING = (ASSERTED, REPORTED)


@dataclass(frozen=True)
class Rules:
    same_place_km: float
    date_tolerance_days: dict[int, int]
    compatible_sub_event_types: tuple[frozenset[str], ...]
    wildcard_actor_prefixes: tuple[str, ...]
    withdrawal_triggers: frozenset[str]


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The merge and control rules of ``data/resolve.yaml``."""
    text = resources.files("warwatch").joinpath("data/resolve.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return Rules(
        same_place_km=float(data["same_place_km"]),
        date_tolerance_days={int(k): int(v) for k, v in data["date_tolerance_days"].items()},
        compatible_sub_event_types=tuple(
            frozenset(group) for group in data["compatible_sub_event_types"]
        ),
        wildcard_actor_prefixes=tuple(data["wildcard_actor_prefixes"]),
        withdrawal_triggers=frozenset(t.lower() for t in data["withdrawal_triggers"]),
    )


@dataclass(frozen=True)
class Statement:
    """One stored event record as resolution sees it (who said what happened where and when)."""

    id: int
    record_key: str
    document_id: str
    event_type: str
    sub_event_type: str
    date: dt.date | None = None
    time_precision: int = 3
    actor1: str | None = None
    actor2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    location: str | None = None
    admin1: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    civilian_fatalities: int | None = None
    claimant: str | None = None
    stance: str = ASSERTED
    hedged: bool = False
    trigger: str | None = None
    evidence_text: str = ""
    evidence_start: int = 0
    evidence_end: int = 0
    source: str | None = None  # the document's outlet
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    ingested: dt.date | None = None

    @property
    def outlet(self) -> str:
        """The outlet's name, else the web host of the URL, else the title or document id."""
        if self.source:
            return self.source
        if self.url:
            host = urlsplit(self.url).hostname
            if host:
                return host.removeprefix("www.")
        return self.title or self.document_id

    @property
    def family(self) -> str:
        return family_of(self.event_type, self.sub_event_type)

    @property
    def supports(self) -> bool:
        """True when the statement says the event happened (asserted or reported)."""
        return self.stance in SUPPORTING

    @property
    def denies(self) -> bool:
        return self.stance == DENIED

    @property
    def block(self) -> str:
        """Records in different blocks never merge: country and merge family."""
        return block_key(self.country, self.family)

    @property
    def reported_on(self) -> dt.date | None:
        """When the statement was first known: the publication date, else the ingestion date."""
        return self.published or self.ingested


def family_of(event_type: str, sub_event_type: str) -> str:
    known = sub_event_types().get(sub_event_type)
    return TERRITORY if known is not None and known.territorial else event_type


def block_key(country: str | None, family: str) -> str:
    return f"{country or ''}|{family}"


def from_stored(event: Any) -> Statement:
    """A :class:`Statement` from a ``StoredEvent`` (any object with its attributes)."""
    ingested = event.document_ingested_at
    return Statement(
        id=event.id,
        record_key=event.record_key,
        document_id=event.document_id,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        date=event.event_date,
        time_precision=event.time_precision,
        actor1=event.actor1,
        actor2=event.actor2,
        inter1=event.inter1,
        inter2=event.inter2,
        location=event.location,
        admin1=event.admin1,
        country=event.country,
        latitude=event.latitude,
        longitude=event.longitude,
        geo_precision=event.geo_precision,
        fatalities=event.fatalities,
        civilian_fatalities=event.civilian_fatalities,
        claimant=event.claimant,
        stance=event.stance,
        hedged=event.hedged,
        trigger=event.trigger,
        evidence_text=event.evidence_text,
        evidence_start=event.evidence_start,
        evidence_end=event.evidence_end,
        source=event.document_source,
        url=event.document_url,
        title=event.document_title,
        published=event.document_published,
        ingested=ingested.date() if ingested is not None else None,
    )


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (latitude, longitude) points."""
    return great_circle_km(*a, *b)


def sort_key(s: Statement) -> tuple[Any, ...]:
    """A stable order that depends on content only (never on ingest order or row ids).

    Precise statements come first so that they anchor incidents.
    """
    return (
        s.geo_precision if s.geo_precision is not None else 9,
        s.time_precision,
        s.date or dt.date.max,
        s.record_key,
    )

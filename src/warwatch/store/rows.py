"""Records (``warwatch.records``) to row dictionaries, and the keys that make storing idempotent."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict
from typing import Any

from warwatch.records import Actor, Document, EventRecord, Figure, Place

ASSOC_SEPARATOR = "; "  # ACLED joins associated actors with '; '


def record_key(*parts: object) -> str:
    """A deterministic SHA-256 of ``parts`` (JSON-encoded, so ``None`` and ``""`` differ)."""
    payload = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def place_location(place: Place | None) -> str | None:
    """ACLED ``location``: the gazetteer name, or the raw mention for an unresolved place."""
    if place is None:
        return None
    return place.name or place.mention


def event_key(event: EventRecord) -> str:
    return record_key(
        event.document_id,
        event.evidence.start,
        event.evidence.end,
        event.event_type,
        event.sub_event_type,
        place_location(event.place),
        event.actor1.name if event.actor1 else None,
        event.actor2.name if event.actor2 else None,
        # one sentence can carry a claim and its denial ("X said troops left Homs; the army denied")
        event.claimant,
        event.stance,
    )


def figure_key(figure: Figure) -> str:
    return record_key(
        figure.document_id,
        figure.evidence.start,
        figure.evidence.end,
        figure.kind,
        figure.value,
        figure.qualifier,
        figure.claimant,
        place_location(figure.place),
    )


def document_row(
    document: Document, *, ingested_at: dt.datetime, pipeline_version: str | None
) -> dict[str, Any]:
    return {
        "id": document.id,
        "content_hash": document.content_hash,
        "external_id": document.external_id,
        "title": document.title,
        "published": document.published,
        "source": document.source,
        "url": document.url,
        "origin": document.origin,
        "format": document.format,
        "text": document.text,
        "ingested_at": ingested_at,
        "pipeline_version": pipeline_version,
        "published_from": document.published_from,
    }


def _place_columns(place: Place | None) -> dict[str, Any]:
    if place is None:
        place = Place(mention="")
    return {
        "location": place_location(place) or None,
        "place_mention": place.mention or None,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "admin3": place.admin3,
        "country": place.country,
        "iso": place.iso,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.geo_precision,
        "geonameid": place.geonameid,
        "geocoded": place.geocoded,
        "located_at": place.located_at,
        "admin1_geonames": place.admin1_geonames,
    }


def _join_actors(actors: tuple[Actor, ...]) -> str | None:
    names = [actor.name for actor in actors if actor.name]
    return ASSOC_SEPARATOR.join(names) if names else None


def event_row(event: EventRecord, knowledge_version: str | None = None) -> dict[str, Any]:
    evidence = event.evidence
    return {
        "record_key": event_key(event),
        "document_id": event.document_id,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "disorder_type": event.disorder_type,
        "event_date": event.date.date,
        "time_precision": event.date.time_precision,
        "date_start": event.date.start,
        "date_end": event.date.end,
        "date_text": event.date.text,
        "actor1": event.actor1.name if event.actor1 else None,
        "inter1": event.actor1.inter if event.actor1 else None,
        "actor2": event.actor2.name if event.actor2 else None,
        "inter2": event.actor2.inter if event.actor2 else None,
        "assoc_actor_1": _join_actors(event.assoc_actor_1),
        "assoc_actor_2": _join_actors(event.assoc_actor_2),
        "civilian_targeting": event.civilian_targeting,
        "fatalities": event.fatalities,
        "civilian_fatalities": event.civilian_fatalities,
        "displaced": event.displaced,
        "claimant": event.claimant,
        "stance": event.stance,
        "hedged": event.hedged,
        "trigger": event.trigger,
        "plover": event.plover,
        "notes": event.notes,
        "confidence": event.confidence,
        "main_event": event.main,
        "knowledge_version": knowledge_version,
        "other_places": [asdict(place) for place in event.other_places],
        **_place_columns(event.place),
        "evidence_start": evidence.start,
        "evidence_end": evidence.end,
        "evidence_text": evidence.text,
    }


def figure_row(figure: Figure) -> dict[str, Any]:
    evidence = figure.evidence
    return {
        "record_key": figure_key(figure),
        "document_id": figure.document_id,
        "kind": figure.kind,
        "value": figure.value,
        "qualifier": figure.qualifier,
        "claimant": figure.claimant,
        "period_start": figure.period_start,
        "period_end": figure.period_end,
        **_place_columns(figure.place),
        "evidence_start": evidence.start,
        "evidence_end": evidence.end,
        "evidence_text": evidence.text,
    }

"""Export stored events as ACLED-style CSV, GeoJSON and JSON Lines.

Each writer takes stored events (``Store.events(...)``) and an open text stream::

    with open_store() as store, open("events.csv", "w", newline="", encoding="utf-8") as out:
        write_acled_csv(store.events(country="Syria"), out)

Country codes and ACLED regions come from the data file ``warwatch/data/acled_regions.csv``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from warwatch.store import StoredEvent

__all__ = [
    "ACLED_COLUMNS",
    "CountryInfo",
    "ExportResult",
    "acled_fields",
    "country_info",
    "interaction_code",
    "write_acled_csv",
    "write_geojson",
    "write_jsonl",
]

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]

UNKNOWN_ISO3 = "XXX"  # event_id_cnty prefix when the country is unknown
ASSERTED = "asserted"


@dataclass(frozen=True)
class ExportResult:
    """How many events a writer wrote, and how many it skipped (GeoJSON: no coordinates)."""

    written: int
    skipped: int = 0


@dataclass(frozen=True)
class CountryInfo:
    iso3: str
    iso: int  # ISO 3166-1 numeric (ACLED ``iso``)
    country: str  # ACLED-style English name
    region: str  # ACLED region


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[int, CountryInfo], dict[str, CountryInfo]]:
    by_iso: dict[int, CountryInfo] = {}
    by_name: dict[str, CountryInfo] = {}
    text = resources.files("warwatch").joinpath("data/acled_regions.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    for row in csv.DictReader(lines):
        info = CountryInfo(row["iso3"], int(row["iso"]), row["country"], row["region"])
        by_iso.setdefault(info.iso, info)
        names = [row["iso3"], row["iso2"], row["country"], *row["aliases"].split("|")]
        for name in names:
            if name:
                by_name.setdefault(name.casefold(), info)
    return by_iso, by_name


def country_info(country: str | None, iso: int | None = None) -> CountryInfo | None:
    """Look a country up by ISO numeric code first, then by name, alias or ISO alpha code."""
    by_iso, by_name = _countries()
    if iso is not None and iso in by_iso:
        return by_iso[iso]
    if country:
        return by_name.get(country.strip().casefold())
    return None


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED ``interaction``: both inter codes, lower first (2 and 1 → 12; one actor 2 → 20)."""
    codes = sorted(code for code in (inter1, inter2) if code is not None)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


# A sentence ends at . ! or ? followed by space and a capital/quote/digit, unless the period closes
# a common abbreviation ("Gen. Smith") or an initial ("U.S. forces").
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "maj", "st", "jr", "sr", "gov",
    "sen", "rep", "prof", "no", "vs", "adm", "brig", "cpl", "pvt", "rev", "mt", "ft", "approx",
}  # fmt: skip
_SENTENCE_END = re.compile(r"([.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, whitespace collapsed."""
    text = " ".join(text.split())
    for match in _SENTENCE_END.finditer(text):
        if match.group(1) == ".":
            word = text[: match.start()].rsplit(" ", 1)[-1].lstrip("(\"'“‘")
            if word.casefold() in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word):
                continue
        return text[: match.end()].rstrip()
    return text


def _iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _sources(event: StoredEvent) -> str:
    names = [event.claimant] if event.claimant else [event.document_source]
    unique = dict.fromkeys(name.strip() for name in names if name and name.strip())
    return "; ".join(unique)


def _tags(event: StoredEvent) -> str:
    tags = []
    if event.stance and event.stance != ASSERTED:
        tags.append(f"stance={event.stance}")
    if event.hedged:
        tags.append("hedged")
    return "; ".join(tags)


def acled_fields(event: StoredEvent) -> dict[str, Any]:
    """The ACLED columns of one event as typed values (None where ACLED would leave a blank)."""
    info = country_info(event.country, event.iso)
    ingested = event.document_ingested_at
    return {
        "event_id_cnty": f"{info.iso3 if info else UNKNOWN_ISO3}{event.id}",
        "event_date": _iso_date(event.event_date),
        "year": event.event_date.year if event.event_date else None,
        "time_precision": event.time_precision,
        "disorder_type": event.disorder_type,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": event.assoc_actor_1,
        "inter1": event.inter1,
        "actor2": event.actor2,
        "assoc_actor_2": event.assoc_actor_2,
        "inter2": event.inter2,
        "interaction": interaction_code(event.inter1, event.inter2),
        "civilian_targeting": "Civilian targeting" if event.civilian_targeting else None,
        "iso": event.iso if event.iso is not None else (info.iso if info else None),
        "region": info.region if info else None,
        "country": event.country or (info.country if info else None),
        "admin1": event.admin1,
        "admin2": event.admin2,
        "admin3": event.admin3,
        "location": event.location,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "geo_precision": event.geo_precision,
        "source": _sources(event) or None,
        "source_scale": None,
        "notes": event.notes or first_sentence(event.evidence_text) or None,
        "fatalities": event.fatalities or 0,
        "tags": _tags(event) or None,
        "timestamp": int(ingested.timestamp()) if ingested is not None else None,
    }


def _provenance(event: StoredEvent) -> dict[str, Any]:
    return {
        "document_id": event.document_id,
        "document_ids": [event.document_external_id or event.document_id],
        "claimant": event.claimant,
        "stance": event.stance,
        "hedged": event.hedged,
        # the typer's calibrated probability of the sub-event type (None: not scored)
        "confidence": event.confidence,
        "main_event": bool(event.main_event),  # the article's lead story (GDELT's root event)
        "knowledge_version": event.knowledge_version,
        "published_from": event.document_published_from,
        "evidence": {
            "document_id": event.document_id,
            "start": event.evidence_start,
            "end": event.evidence_end,
            "text": event.evidence_text,
        },
        "date_start": _iso_date(event.date_start),
        "date_end": _iso_date(event.date_end),
        "document_url": event.document_url,
        "geocoded": event.geocoded,
        "located_at": event.located_at,
        "admin1_geonames": event.admin1_geonames,
    }


def write_acled_csv(events: Iterable[StoredEvent], out: TextIO) -> ExportResult:
    """Write an ACLED-style CSV (header exactly :data:`ACLED_COLUMNS`); blanks for unknowns.

    Open ``out`` with ``newline=""`` so the csv module controls line endings.
    """
    writer = csv.writer(out)
    writer.writerow(ACLED_COLUMNS)
    written = 0
    for event in events:
        fields = acled_fields(event)
        writer.writerow("" if fields[name] is None else fields[name] for name in ACLED_COLUMNS)
        written += 1
    return ExportResult(written)


def _has_coordinates(event: StoredEvent) -> bool:
    lat, lon = event.latitude, event.longitude
    return lat is not None and lon is not None and math.isfinite(lat) and math.isfinite(lon)


def write_geojson(events: Iterable[StoredEvent], out: TextIO) -> ExportResult:
    """Write a GeoJSON FeatureCollection of Points ``[longitude, latitude]``.

    Events without coordinates are skipped (never placed at a guessed point) and counted in
    ``ExportResult.skipped``. Properties are the ACLED fields plus evidence and provenance.
    """
    out.write('{"type": "FeatureCollection", "features": [')
    written = skipped = 0
    for event in events:
        if not _has_coordinates(event):
            skipped += 1
            continue
        feature = {
            "type": "Feature",
            "id": event.id,
            "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
            "properties": {**acled_fields(event), **_provenance(event)},
        }
        out.write(("\n" if written == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        written += 1
    out.write("\n]}\n")
    return ExportResult(written, skipped)


def write_jsonl(events: Iterable[StoredEvent], out: TextIO) -> ExportResult:
    """Write one JSON object per line: the ACLED fields plus ``document_ids``, ``claimant``,
    ``stance``, ``hedged``, ``confidence``, ``evidence`` ``{document_id, start, end, text}``,
    ``date_start`` and ``date_end``."""
    written = 0
    for event in events:
        record = {**acled_fields(event), **_provenance(event)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return ExportResult(written)

"""ACLED-style CSV, GeoJSON and JSON Lines exports of stored events."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json

import pytest

from warwatch.export import (
    ACLED_COLUMNS,
    acled_fields,
    country_info,
    first_sentence,
    interaction_code,
    write_acled_csv,
    write_geojson,
    write_jsonl,
)
from warwatch.records import (
    REPORTED,
    Actor,
    Document,
    EventDate,
    EventRecord,
    Evidence,
    Extraction,
    Place,
)
from warwatch.store import Store, StoredEvent, open_store

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
    "notes,fatalities,tags,timestamp"
)
DARAA = Place(mention="Daraa", name="Daraa", country="Syria", iso=760, admin1="Daraa",
              latitude=32.6189, longitude=36.1021, geo_precision=1)  # fmt: skip


def _document(text: str, **metadata: object) -> Document:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(digest[:16], text, digest, **metadata)  # type: ignore[arg-type]


@pytest.fixture
def store() -> Store:
    with open_store("sqlite:///:memory:") as opened:
        strike = (
            "Russian jets struck Daraa on Monday, killing four civilians, the Observatory said. "
            "Residents fled."
        )
        doc = _document(strike, source="Example News", external_id="ext-1",
                        published=dt.date(2024, 3, 5))  # fmt: skip
        event = EventRecord(
            document_id=doc.id, event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike", disorder_type="Political violence",
            evidence=Evidence(doc.id, 0, len(strike), strike),
            actor1=Actor("Military Forces of Russia (2000-)", inter=8),
            actor2=Actor("Civilians (Syria)", inter=7),
            assoc_actor_1=(Actor("Military Forces of Syria (2024-)", 1), Actor("Hezbollah", 2)),
            place=DARAA, date=EventDate(dt.date(2024, 3, 4), 1, "on Monday"), fatalities=4,
            civilian_targeting=True, claimant="Syrian Observatory for Human Rights",
            stance=REPORTED, hedged=True,
        )  # fmt: skip
        opened.add_extraction(Extraction(doc, (event,)))

        clash = "Clashes broke out near a village in the north."
        doc2 = _document(clash, source="Wire Service")
        unplaced = EventRecord(
            document_id=doc2.id, event_type="Battles", sub_event_type="Armed clash",
            disorder_type="Political violence", evidence=Evidence(doc2.id, 0, len(clash), clash),
            actor1=Actor("Unidentified Armed Group (Mali)", inter=3),
            place=Place(mention="a village", country="Mali"),
            date=EventDate(dt.date(2024, 4, 1), 2),
        )  # fmt: skip
        opened.add_extraction(Extraction(doc2, (unplaced,)))
        yield opened


@pytest.fixture
def events(store: Store) -> list[StoredEvent]:
    return store.events()


def test_acled_columns_exact() -> None:
    assert ",".join(ACLED_COLUMNS) == ACLED_HEADER
    assert len(ACLED_COLUMNS) == 31


@pytest.mark.parametrize(
    ("inter1", "inter2", "expected"),
    [
        (2, 1, 12),
        (1, 2, 12),
        (8, 7, 78),
        (1, 1, 11),
        (1, None, 10),
        (None, 2, 20),
        (None, None, None),
    ],
)
def test_interaction_code(inter1: int | None, inter2: int | None, expected: int | None) -> None:
    assert interaction_code(inter1, inter2) == expected


def test_country_info() -> None:
    assert country_info("Syria").iso3 == "SYR"  # type: ignore[union-attr]
    assert country_info(None, 804).region == "Europe"  # type: ignore[union-attr]
    assert country_info("DRC").region == "Middle Africa"  # type: ignore[union-attr]
    assert country_info("democratic republic of congo").iso3 == "COD"  # type: ignore[union-attr]
    assert country_info("Sudan").region == "Northern Africa"  # type: ignore[union-attr]
    assert country_info("Myanmar").region == "Southeast Asia"  # type: ignore[union-attr]
    afghanistan = country_info("Afghanistan")
    assert afghanistan is not None and afghanistan.region == "Caucasus and Central Asia"
    assert country_info("Mexico").region == "Central America"  # type: ignore[union-attr]
    assert country_info("Atlantis") is None


def test_first_sentence() -> None:
    assert first_sentence("Gen. Smith said U.S. forces left.  Then more.") == (
        "Gen. Smith said U.S. forces left."
    )
    assert first_sentence("No end here") == "No end here"


def test_acled_csv(events: list[StoredEvent]) -> None:
    out = io.StringIO(newline="")
    result = write_acled_csv(events, out)
    assert result.written == 2
    text = out.getvalue()
    assert text.splitlines()[0] == ACLED_HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    syria, mali = rows
    assert syria["event_id_cnty"] == f"SYR{events[0].id}"
    assert syria["event_date"] == "2024-03-04" and syria["year"] == "2024"
    assert syria["time_precision"] == "1"
    assert syria["interaction"] == "78" and syria["inter1"] == "8" and syria["inter2"] == "7"
    assert syria["assoc_actor_1"] == "Military Forces of Syria (2024-); Hezbollah"
    assert syria["civilian_targeting"] == "Civilian targeting"
    assert syria["iso"] == "760" and syria["region"] == "Middle East"
    assert syria["country"] == "Syria"
    assert syria["latitude"] == "32.6189" and syria["longitude"] == "36.1021"
    assert syria["source"] == "Syrian Observatory for Human Rights"
    assert syria["notes"].startswith("Russian jets") and "Residents" not in syria["notes"]
    assert syria["fatalities"] == "4" and syria["tags"] == "stance=reported; hedged"
    ingested = events[0].document_ingested_at
    assert ingested is not None and int(syria["timestamp"]) == int(ingested.timestamp())
    assert mali["event_id_cnty"] == f"MLI{events[1].id}" and mali["region"] == "Western Africa"
    assert mali["iso"] == "466"
    assert mali["interaction"] == "30" and mali["civilian_targeting"] == ""
    assert mali["latitude"] == "" and mali["fatalities"] == "0" and mali["tags"] == ""
    assert mali["source"] == "Wire Service"  # no claimant: the outlet


def test_unknown_country_gets_xxx(events: list[StoredEvent]) -> None:
    from dataclasses import replace

    nowhere = replace(events[1], country=None, iso=None)
    assert acled_fields(nowhere)["event_id_cnty"] == f"XXX{nowhere.id}"
    assert acled_fields(nowhere)["region"] is None


def test_geojson(events: list[StoredEvent]) -> None:
    out = io.StringIO()
    result = write_geojson(events, out)
    assert (result.written, result.skipped) == (1, 1)
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    [feature] = collection["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.1021, 32.6189]}
    props = feature["properties"]
    assert set(ACLED_COLUMNS) <= set(props)
    assert props["claimant"] == "Syrian Observatory for Human Rights"
    assert props["stance"] == "reported"
    assert props["evidence"]["start"] == 0 and props["document_ids"] == ["ext-1"]


def test_geojson_empty() -> None:
    out = io.StringIO()
    assert write_geojson([], out).written == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_jsonl(events: list[StoredEvent]) -> None:
    out = io.StringIO()
    assert write_jsonl(events, out).written == 2
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert set(ACLED_COLUMNS) <= set(first)
    assert first["document_ids"] == ["ext-1"]
    assert second["document_ids"] == [events[1].document_id]  # no external id: the document id
    assert first["claimant"] == "Syrian Observatory for Human Rights"
    assert first["stance"] == "reported" and first["hedged"] is True
    assert first["evidence"] == {
        "document_id": events[0].document_id,
        "start": 0,
        "end": events[0].evidence_end,
        "text": events[0].evidence_text,
    }
    assert first["date_start"] is None and first["date_end"] is None
    assert first["interaction"] == 78 and first["fatalities"] == 4 and second["latitude"] is None

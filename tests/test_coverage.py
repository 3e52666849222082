"""The eval's place coverage split: known vs unknown gold places, names kept, ACLED admin-1."""

from __future__ import annotations

import datetime as dt

from warwatch.evaluation import score
from warwatch.evaluation.gold import GoldDocument
from warwatch.records import EventDate, EventRecord, Evidence, Place


def gold(location: str, admin1: str, lat: float, lon: float) -> dict:
    return {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "event_date": "2024-12-06",
        "location": location,
        "admin1": admin1,
        "country": "Syria",
        "latitude": lat,
        "longitude": lon,
    }


def predicted(place: Place) -> EventRecord:
    return EventRecord(
        document_id="d",
        event_type="Battles",
        sub_event_type="Armed clash",
        disorder_type="Political violence",
        evidence=Evidence("d", 0, 5, "clash"),
        place=place,
        date=EventDate(dt.date(2024, 12, 6), 1),
    )


def document(doc_id: str, event: dict) -> GoldDocument:
    return GoldDocument(id=doc_id, text="x" * 50, events=[event])


# the village: unknown to the gazetteer, kept by name at Al-Hasakah city's point (~40 km away)
VILLAGE = Place(
    mention="Sulayman Sari town",
    name="Sulayman Sari",
    admin1="Al Hasakeh",
    admin1_geonames="Al-Hasakah",
    country="Syria",
    latitude=36.50,
    longitude=40.75,
    geo_precision=3,
    geocoded=False,
    located_at="Al Hasakeh",
)
# the town: known, but the prediction spells admin-1 the GeoNames way
TOWN = Place(
    mention="Daraa", name="Daraa", admin1="Daraa", country="Syria", latitude=32.62, longitude=36.10
)


def test_scores_split_by_whether_the_gazetteer_knows_the_gold_place() -> None:
    pairs = [
        (
            document("a", gold("Sulayman Sari", "Al Hasakeh", 36.80, 40.60)),
            [predicted(VILLAGE)],
            [],
            [],
        ),
        (document("b", gold("Daraa", "Dara", 32.62, 36.10)), [predicted(TOWN)], [], []),
    ]
    report = score(pairs, known_place=lambda name, lat, lon: name == "Daraa")
    cov = report.places
    assert (cov.location["unknown"].n, cov.location["unknown"].share) == (1, 1.0)  # name kept
    assert cov.admin1["unknown"].share == 1.0  # 'Al Hasakeh' exactly, as ACLED writes it
    assert cov.within_25km["unknown"].share == 0.0  # the province's point is not the village
    assert (cov.location["known"].share, cov.within_25km["known"].share) == (1.0, 1.0)
    assert cov.admin1["known"].share == 0.0  # 'Daraa' is not ACLED's 'Dara', exact string
    assert (cov.admin1_acled.n, cov.admin1_acled.share) == (2, 0.5)
    assert (cov.kept_by_name, cov.predicted_places) == (1, 2)
    table = report.to_table()
    assert "event places kept by name" in table and "location place unknown" in table


def test_without_a_known_place_callable_only_the_admin1_spelling_is_scored() -> None:
    pairs = [(document("a", gold("Daraa", "Dara", 32.62, 36.10)), [predicted(TOWN)], [], [])]
    cov = score(pairs).places
    assert cov.location == {} and cov.admin1_acled.n == 1

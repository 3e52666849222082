"""The seed report (Times of Israel, 7 December 2024), read from ../shared: every fact a user expects."""

import datetime as dt
import math

import pytest

from warwatch.ingest import iter_documents

pytestmark = pytest.mark.shared

PUBLISHED = dt.date(2024, 12, 7)
# Real coordinates of the towns (GeoNames), to check that places land within 10 km.
TOWNS = {
    "Daraa": (32.6189, 36.1021),
    "Ar Rastan": (34.9265, 36.7324),
    "Tallbisah": (34.8406, 36.7312),
    "Deir ez-Zor": (35.3359, 40.1408),
    "Homs": (34.7268, 36.7234),
    "As-Suwayda": (32.7089, 36.5695),
}


@pytest.fixture(scope="module")
def seed(pipeline, shared_dir):
    (document,) = list(
        iter_documents([shared_dir / "samples" / "seed_article.txt"], published=PUBLISHED)
    )
    return pipeline.extract_one(document)


def km(a, b):
    dy = (a[0] - b[0]) * 111.2
    dx = (a[1] - b[1]) * 111.2 * math.cos(math.radians(a[0]))
    return math.hypot(dx, dy)


def events_at(seed, name):
    return [e for e in seed.events if e.place is not None and e.place.name == name]


def test_url_comes_from_the_trailing_line(seed):
    assert seed.document.url.startswith("https://www.timesofisrael.com/")


def test_daraa_taken_on_friday_per_the_observatory(seed):
    daraa = [
        e for e in events_at(seed, "Daraa") if e.event_type in {"Battles", "Strategic developments"}
    ]
    assert daraa, "no Daraa takeover"
    assert any(
        e.date.date == dt.date(2024, 12, 6) and e.claimant == "Syrian Observatory for Human Rights"
        for e in daraa
    )
    assert all(
        e.sub_event_type
        in {"Non-state actor overtakes territory", "Non-violent transfer of territory"}
        for e in daraa
    )


def test_rastan_and_talbiseh_are_two_events(seed):
    rastan, talbiseh = events_at(seed, "Ar Rastan"), events_at(seed, "Tallbisah")
    assert len(rastan) == 1 and len(talbiseh) == 1
    assert rastan[0].evidence == talbiseh[0].evidence
    assert rastan[0].place.admin1 == "Homs"


def test_sdf_moves_into_deir_ez_zor(seed):
    sdf = [
        e
        for e in events_at(seed, "Deir ez-Zor")
        if e.actor1 and e.actor1.name == "Syrian Democratic Forces"
    ]
    assert sdf and sdf[0].date.date in {dt.date(2024, 12, 6), dt.date(2024, 12, 7)}


def test_iran_evacuation_is_sourced_to_the_new_york_times(seed):
    evacuation = [
        e
        for e in seed.events
        if "evacuat" in e.evidence.text and e.claimant == "The New York Times"
    ]
    assert evacuation and evacuation[0].place.country == "Syria"


def test_crossing_to_jordan_seized(seed):
    assert any(
        "crossing" in e.evidence.text and e.sub_event_type == "Non-state actor overtakes territory"
        for e in seed.events
    )


def test_homs_withdrawal_reported_and_denied(seed):
    homs = events_at(seed, "Homs")
    assert {(e.stance, e.claimant) for e in homs} >= {
        ("reported", "Syrian Observatory for Human Rights"),
        ("denied", "Military Forces of Syria (2000-2024)"),
    }


def test_no_event_for_2011_arrests_or_the_planned_doha_meeting(seed):
    for event in seed.events:
        assert "graffiti" not in event.evidence.text
        assert "Doha" not in event.evidence.text and "meeting" not in event.evidence.text


def test_places_within_10_km_and_dates_as_the_text_says(seed):
    for event in seed.events:
        if (
            event.place is not None
            and event.place.name in TOWNS
            and event.place.feature != "admin1"
        ):
            assert km((event.place.latitude, event.place.longitude), TOWNS[event.place.name]) < 10
        assert event.date.date is None or event.date.date <= PUBLISHED


def test_figures_with_claimants_and_periods(seed):
    figures = {(f.kind, f.value): f for f in seed.figures}
    killed = figures[("killed", 826)]
    assert (
        killed.qualifier == "at least" and killed.claimant == "Syrian Observatory for Human Rights"
    )
    assert killed.period_start == dt.date(2024, 11, 25)
    assert figures[("killed_civilians", 111)].claimant == "Syrian Observatory for Human Rights"
    assert figures[("displaced", 280000)].claimant == "United Nations"
    assert figures[("killed", 305000)].period_start == dt.date(2011, 1, 1)
    assert figures[("killed", 305000)].claimant == "UN Human Rights Office"

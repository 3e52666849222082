"""A part of a city written after it ('Algiers - Rouiba') is kept as that part, at the city."""

from __future__ import annotations

import pytest
from place_cases import event_place

from warwatch.extract.city_parts import as_city_part, part_after
from warwatch.records import Place


def _after(text: str, city: str) -> tuple[str, int] | None:
    return part_after(text, text.index(city) + len(city))


@pytest.mark.parametrize(
    ("text", "city", "part"),
    [
        ("workers demonstrated in Algiers - Rouiba (Rouiba, Alger) to call", "Algiers", "Rouiba"),
        ("in Tehran - District 12 (Tehran) in criticism", "Tehran", "District 12"),
        (
            "clashed in Al Quds - Jabal al Mukabbir (Al Quds, West Bank).",
            "Al Quds",
            "Jabal al Mukabbir",
        ),
        # the sentence's full stop ends the part, the next sentence is not in it
        (
            "forces shelled positions in Donetsk - Voroshilovsky. Civilian homes burned.",
            "Donetsk",
            "Voroshilovsky",
        ),
    ],
)
def test_a_part_written_after_a_city_is_read_up_to_its_end(text: str, city: str, part: str) -> None:
    found = _after(text, city)
    assert found is not None
    assert found[0] == part
    assert text[found[1] - len(part) : found[1]] == part


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Rebels shelled Aleppo - Syria's second city - on Sunday.", "Aleppo"),  # an apposition
        ("Fighting raged in Kyiv - Ukraine said on Monday.", "Kyiv"),  # a country is no part
        ("Rebels shelled Aleppo - The army said five were killed.", "Aleppo"),  # a new clause
        ("they blocked the Cuenca - Zhud - Cochancay highway", "Cuenca"),  # a route
        ("police deployed along the Baghdad - Kut city road", "Baghdad"),  # a road
        ("a drone hit Iran-backed militias", "Iran"),  # a hyphen without spaces
        ("fighting in Aleppo — Syria's army said", "Aleppo"),  # an em dash is punctuation only
    ],
)
def test_a_dash_that_only_punctuates_makes_no_part(text: str, city: str) -> None:
    assert _after(text, city) is None


CITY = Place(
    mention="Algiers",
    name="Algiers",
    feature="city",
    country="Algeria",
    admin1="Alger",
    latitude=36.73,
    longitude=3.09,
    geo_precision=1,
    geocoded=True,
    start=10,
    end=17,
)


def test_the_part_keeps_the_written_name_at_the_citys_point() -> None:
    part = as_city_part(CITY, "Algiers -  Rouiba", 27)
    assert (part.name, part.mention, part.geocoded, part.located_at) == (
        "Algiers - Rouiba",
        "Algiers - Rouiba",
        False,
        "Algiers",
    )
    assert (part.latitude, part.admin1, part.geo_precision, part.start, part.end) == (
        36.73,
        "Alger",
        1,
        10,
        27,
    )
    assert part.feature is None and part.geonameid is None  # what the part is, nobody says


def test_an_event_in_a_part_of_a_city_is_placed_there(pipeline) -> None:
    text = "On 10 January 2022, people protested in Minsk - Tsentralny in support of the strikers."
    place = event_place(pipeline, text)
    assert (place.name, place.country, place.geocoded, place.located_at) == (
        "Minsk - Tsentralny",
        "Belarus",
        False,
        "Minsk",
    )
    assert text[place.start : place.end] == "Minsk - Tsentralny"  # provenance covers the part


def test_a_part_with_its_units_in_brackets_takes_the_units_admin_names(pipeline) -> None:
    place = event_place(
        pipeline,
        "On 1 February 2022, in Rio de Janeiro - West Zone (Rio de Janeiro), a shoot-out "
        "between unknown gunmen took place in the Vila Kennedy neighborhood. Casualties unknown.",
    )
    assert (place.name, place.country, place.admin1) == (
        "Rio de Janeiro - West Zone",
        "Brazil",
        "Rio de Janeiro",
    )


def test_a_city_followed_by_a_dash_and_a_clause_is_the_city(pipeline) -> None:
    place = event_place(
        pipeline, "Rebels shelled Aleppo - The army said five civilians were killed."
    )
    assert (place.name, place.country, place.geocoded) == ("Aleppo", "Syria", True)


def test_a_route_written_with_dashes_is_no_place_of_the_event(pipeline) -> None:
    place = event_place(
        pipeline,
        "On 22 June 2022, in Ducur (Canar), farmers blocked the Cuenca - Zhud - Cochancay "
        "highway as a demonstration against fuel prices.",
    )
    assert (place.name, place.admin1) == ("Ducur", "Canar")

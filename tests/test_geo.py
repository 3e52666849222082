"""Gazetteer and place resolution (warwatch.geo). The gazetteer is built once per session (~15 s)."""

from __future__ import annotations

import math
import pickle

import pytest

from warwatch.geo.gazetteer import Gazetteer
from warwatch.geo.geocode import country_of, resolve_admin1_name, resolve_place, resolve_within
from warwatch.geo.normalize import article_key, name_key
from warwatch.geo.patterns import ruler_patterns, stoplist


@pytest.fixture(scope="session")
def gz() -> Gazetteer:
    """The gazetteer in the default cache dir (tests/conftest.py points WARWATCH_CACHE at the
    project's .cache/warwatch), built once (~15 s) if missing and shared with other tests."""
    gazetteer = Gazetteer.open()
    yield gazetteer
    gazetteer.close()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(a))


# mention, country, admin1, lat, lon (reference coordinates of the town)
SEED = [
    ("Daraa", "Syria", "Daraa", 32.62, 36.10),
    ("Ar-Rastan", "Syria", "Homs", 34.93, 36.73),
    ("Talbiseh", "Syria", "Homs", 34.84, 36.73),
    ("Deir ez-Zor", "Syria", "Deir ez-Zor", 35.34, 40.14),
    ("Deir el-Zour", "Syria", "Deir ez-Zor", 35.34, 40.14),
    ("Dayr az Zawr", "Syria", "Deir ez-Zor", 35.34, 40.14),
    ("Homs", "Syria", "Homs", 34.73, 36.72),
    ("Sweida", "Syria", "Suwayda", 32.71, 36.57),
    ("As-Suwayda", "Syria", "Suwayda", 32.71, 36.57),
    ("Boukamal", "Syria", "Deir ez-Zor", 34.45, 40.92),
    ("Albu Kamal", "Syria", "Deir ez-Zor", 34.45, 40.92),
    ("Abu Kamal", "Syria", "Deir ez-Zor", 34.45, 40.92),
    ("Rastan", "Syria", "Homs", 34.93, 36.73),
    ("Palmyra", "Syria", "Homs", 34.56, 38.28),
    ("Damascus", "Syria", "Damascus", 33.51, 36.29),
    ("Latakia", "Syria", "Latakia", 35.53, 35.79),
    ("Aleppo", "Syria", "Aleppo", 36.20, 37.16),
    ("Hama", "Syria", "Hama", 35.13, 36.76),
    ("Tehran", "Iran", None, 35.69, 51.42),
    ("Doha", "Qatar", None, 25.29, 51.53),
    ("Beirut", "Lebanon", None, 33.89, 35.50),
    ("Kabul", "Afghanistan", None, 34.53, 69.17),
    ("Mogadishu", "Somalia", None, 2.04, 45.34),
    ("Lviv", "Ukraine", None, 49.84, 24.02),
    ("Bakhmut", "Ukraine", "Donetsk", 48.59, 38.00),
    ("Pokrovsk", "Ukraine", "Donetsk", 48.28, 37.18),
    ("Khartoum", "Sudan", "Khartoum", 15.55, 32.53),
    ("Omdurman", "Sudan", "Khartoum", 15.64, 32.48),
    ("Goma", "Democratic Republic of Congo", None, -1.68, 29.23),
    ("Kiev", "Ukraine", None, 50.45, 30.52),
    ("Kharkov", "Ukraine", "Kharkiv", 49.98, 36.25),
    ("Nikolaev", "Ukraine", "Mykolaiv", 46.97, 31.99),
    ("Zaporozhye", "Ukraine", "Zaporizhzhia", 46.96, 35.04),
    ("El Fasher", "Sudan", "North Darfur", 13.63, 25.35),
    ("Al-Fashir", "Sudan", "North Darfur", 13.63, 25.35),
    ("Wad Medani", "Sudan", "Gezira", 14.40, 33.52),
    ("Wad Madani", "Sudan", "Gezira", 14.40, 33.52),
    ("Nyala", "Sudan", "South Darfur", 12.05, 24.88),
    ("El Geneina", "Sudan", "West Darfur", 13.45, 22.45),
]


@pytest.mark.parametrize(("mention", "country", "admin1", "lat", "lon"), SEED)
def test_seed_and_worldwide_places(gz, mention, country, admin1, lat, lon) -> None:
    place = resolve_place(mention, gz)
    assert place.country == country
    assert place.feature == "city" and place.geo_precision == 1
    assert km(place.latitude, place.longitude, lat, lon) < 10
    if admin1:
        assert resolve_admin1_name(place.admin1, country, gazetteer=gz) == resolve_admin1_name(
            admin1, country, gazetteer=gz
        )
    assert place.iso and place.iso2 and place.geonameid


def test_province_vs_city(gz) -> None:
    prov = resolve_place("Daraa province", gz)
    # ACLED spells the governorate 'Dara'; the gazetteer's spelling stays available
    assert (prov.feature, prov.geo_precision, prov.admin1) == ("admin1", 3, "Dara")
    assert (prov.name, prov.admin1_geonames) == ("Dara", "Daraa")
    assert resolve_place("Daraa", gz, hint="governorate").feature == "admin1"
    for mention in ("Daraa city", "Daraa"):
        city = resolve_place(mention, gz)
        assert city.feature == "city" and city.geo_precision == 1
        assert km(city.latitude, city.longitude, 32.62, 36.10) < 10
    oblast = resolve_place("Kharkiv Oblast", gz)
    assert (oblast.feature, oblast.country, oblast.admin1) == ("admin1", "Ukraine", "Kharkiv")
    assert resolve_place("Homs Governorate", gz).feature == "admin1"
    assert resolve_place("Damascus countryside", gz).feature == "admin1"


def test_regions(gz) -> None:
    darfur = resolve_place("Darfur", gz)
    assert darfur.country == "Sudan" and darfur.geo_precision == 3 and darfur.latitude
    gaza = resolve_place("Gaza Strip", gz)
    assert (gaza.feature, gaza.country, gaza.geo_precision) == ("admin1", "Palestine", 3)
    assert resolve_place("West Bank", gz).country == "Palestine"
    assert resolve_place("Gaza", gz).feature == "city"


def test_homonyms(gz) -> None:
    assert resolve_place("Homs", gz).country == "Syria"
    assert resolve_place("Homs", gz, context_countries=["Libya"]).country == "Libya"
    assert resolve_place("Tripoli", gz, context_countries=["Lebanon"]).country == "Lebanon"
    assert resolve_place("Tripoli", gz, context_countries=["LY"]).country == "Libya"
    assert resolve_place("Tripoli", gz, context_countries=["Lebanese"]).country == "Lebanon"
    assert resolve_place("Hama", gz, context_countries=["Syria"]).admin1 == "Hama"
    beirut = resolve_place("Beirut", gz)
    near = resolve_place("Tripoli", gz, nearby=[beirut])
    assert near.country == "Lebanon"


def test_near_and_outskirts(gz) -> None:
    place = resolve_place("outskirts of Homs", gz)
    assert place.name == "Homs" and place.geo_precision == 2
    assert resolve_place("near Daraa", gz).geo_precision == 2
    assert resolve_place("Idlib countryside", gz).geo_precision == 2


def test_countries(gz) -> None:
    for mention, country in [
        ("Syria", "Syria"),
        ("Lebanon", "Lebanon"),
        ("Jordan", "Jordan"),
        ("Russia", "Russia"),
        ("DR Congo", "Democratic Republic of Congo"),
        ("Palestine", "Palestine"),
        ("United States", "United States"),
    ]:
        place = resolve_place(mention, gz)
        assert (place.feature, place.country, place.geo_precision) == ("country", country, 3)
        assert place.admin1 is None and place.latitude is not None
    assert resolve_place("Syria", gz).iso == 760


def test_unknown_place_keeps_text(gz) -> None:
    place = resolve_place("Xyzzyqwerty al-Foo", gz)
    assert place.mention == "Xyzzyqwerty al-Foo"
    assert place.latitude is None and place.longitude is None and place.geo_precision is None
    assert gz.lookup("") == [] and gz.lookup("Homs", "Atlantis") == []


def test_overrides_found(gz) -> None:
    cases = [
        ("Nassib", "crossing", "Syria", "Daraa"),
        ("Jaber crossing", "crossing", "Syria", None),
        ("Zamzam camp", "camp", "Sudan", "North Darfur"),
        ("Robotyne", "city", "Ukraine", None),
        ("Latamneh", "city", "Syria", "Hama"),
        ("Busra al-Harir", "city", "Syria", "Daraa"),
    ]
    for mention, feature, country, admin1 in cases:
        place = resolve_place(mention, gz)
        assert (place.feature, place.country) == (feature, country), mention
        assert place.latitude is not None and place.geo_precision == 1
        if admin1:
            assert place.admin1_geonames == admin1
    assert gz.lookup("Nassib")[0].geonameid is None  # added by overrides.csv, not GeoNames


def test_demonyms_and_country_names() -> None:
    expected = {
        "Syrian": "Syria",
        "Ukrainian": "Ukraine",
        "Sudanese": "Sudan",
        "Israeli": "Israel",
        "Russian": "Russia",
        "Burmese": "Myanmar",
        "Iranian": "Iran",
        "Palestinian": "Palestine",
        "Syrian Arab Republic": "Syria",
        "Russian Federation": "Russia",
        "SY": "Syria",
        "Democratic Republic of the Congo": "Democratic Republic of Congo",
        "Korea, Republic of": "South Korea",
        "Burma": "Myanmar",
    }
    for word, country in expected.items():
        assert country_of(word) == country, word
    assert country_of("Atlantis") is None and country_of("") is None


def test_admin1_lenient(gz) -> None:
    same = [
        ("Al Hasakeh", "Al-Hasakah", "Syria"),
        ("Dara", "Daraa", "Syria"),
        ("Lattakia", "Latakia", "Syria"),
        ("Idleb", "Idlib", "Syria"),
        ("As Sweida", "Suwayda", "Syria"),
        ("Rural Damascus", "Damascus Countryside", "Syria"),
        ("Deir ez Zor", "Deir el-Zour", "Syria"),
        ("Tartous", "Tartus", "Syria"),
        ("Kyiv City", "Kyiv city", "Ukraine"),
        ("Kharkiv", "Kharkiv Oblast", "Ukraine"),
        ("Khyber Pakhtunkhwa", "Khyber-Pakhtunkhwa", "Pakistan"),
        ("North Darfur", "Northern Darfur", "Sudan"),
    ]
    for a, b, country in same:
        ra = resolve_admin1_name(a, country, gazetteer=gz)
        assert ra is not None and ra == resolve_admin1_name(b, country, gazetteer=gz), (a, b)
    assert resolve_admin1_name("Homs", "Syria", gazetteer=gz) != resolve_admin1_name(
        "Hama", "Syria", gazetteer=gz
    )
    assert resolve_admin1_name("Nowhereland", "Syria", gazetteer=gz) is None


def test_normalisation() -> None:
    assert name_key("Dar‘ā") == name_key("Dar'a") == "dara"
    assert article_key(name_key("Ar-Rastan")) == "rastan"
    assert article_key(name_key("Deir ez-Zor")) == article_key(name_key("Deir al Zor"))


def test_lookup_candidates_and_pickle(gz) -> None:
    cands = gz.lookup("Homs", "SY")
    assert {c.feature for c in cands} >= {"city", "admin1"}
    assert all(c.cc == "SY" for c in cands)
    clone = pickle.loads(pickle.dumps(gz))
    assert clone.lookup("Homs", "Syria") == cands


def test_ruler_patterns(gz) -> None:
    patterns = ruler_patterns(gz)
    texts = {p["pattern"]: p for p in patterns}
    assert len(patterns) < 300_000
    for name in (
        "Syria",
        "Daraa",
        "Daraa Province",
        "Daraa governorate",
        "Kharkiv Oblast",
        "Deir el-Zour",
        "Ar-Rastan",
        "Boukamal",
        "Nassib",
        "Zamzam camp",
        "Pokrovsk",
    ):
        assert name in texts, name
    assert texts["Zamzam camp"]["label"] == "LOC" and texts["Syria"]["label"] == "GPE"
    assert all(p["pattern"][:1].isupper() for p in patterns)
    stop = stoplist()
    assert {"mobile", "police", "may", "sham", "monday"} <= stop
    assert not any(name_key(p["pattern"]) in stop for p in patterns)
    assert "Mobile" not in texts and "mobile" not in texts and "Of" not in texts


def test_a_new_build_removes_gazetteers_of_older_versions(gz, tmp_path, monkeypatch) -> None:
    import shutil

    from warwatch.geo import gazetteer as gazetteer_module

    stale = tmp_path / "gazetteer-000000000000.sqlite"
    stale.write_bytes(b"old")
    other = tmp_path / "unrelated.txt"
    other.write_text("keep")
    monkeypatch.setattr(
        gazetteer_module, "build", lambda path, place_files=(): shutil.copyfile(gz.path, path)
    )
    fresh = Gazetteer.open(tmp_path)
    assert fresh.path.exists() and not stale.exists() and other.exists()
    assert fresh.lookup("Daraa")


def test_own_name_beats_a_bigger_places_alternate_name(gz) -> None:
    # "Parma" is also an alternate name of Perm; "Kiev" still means Kyiv, a hundred times larger
    assert resolve_place("Parma", gz).country == "Italy"
    assert resolve_place("Kiev", gz).name == "Kyiv"


def test_town_named_like_its_province(gz) -> None:
    place = resolve_within("Cordoba", ["Cordoba"], gz)
    assert (place.country, place.feature) == ("Argentina", "city")
    # a comma may only separate a list: a known town is not forced into the next name's province
    assert resolve_within("Daraa", ["Homs"], gz, fallback=False) is None
    # in brackets the unit is certain: an unlisted Daraa inside Homs province keeps its name,
    # located at the province
    inside = resolve_within("Daraa", ["Homs"], gz)
    assert (inside.name, inside.feature, inside.located_at) == ("Daraa", None, "Homs")
    assert (inside.geocoded, inside.geo_precision, inside.admin1) == (False, 3, "Homs")


def test_enclosing_units_pick_the_namesake_province(gz) -> None:
    place = resolve_within("Qqxvillage", ["Ludhiana East", "Ludhiana district", "Punjab"], gz)
    # unknown village: its name is kept at the district's point (admin-2, precision 2)
    assert (place.country, place.name, place.geo_precision) == ("India", "Qqxvillage", 2)
    assert (place.geocoded, place.located_at, place.admin2) == (False, "Ludhiana", "Ludhiana")


def test_admin1_display_names_are_the_local_official_forms(gz) -> None:
    assert resolve_place("London", gz).admin1 == "England"
    assert resolve_place("Bunia", gz).admin1 == "Ituri"
    assert resolve_place("Goma", gz).admin1 == "Nord-Kivu"
    assert resolve_place("Beirut", gz).admin1 == "Beirut"


def test_written_units_weigh_admin1_over_a_namesake_county(gz) -> None:
    # 'Houston (Texas)': the Texan city, not the Houston in Texas County, Missouri
    assert resolve_within("Houston", ["Texas"], gz).admin1 == "Texas"
    # a unit spelled like the name counts little: Sindh decides
    assert resolve_within("Hyderabad", ["Hyderabad", "Sindh"], gz).country == "Pakistan"


def test_a_unit_that_names_provinces_of_many_countries_does_not_override_the_name(gz) -> None:
    assert (
        resolve_within("Hamrun", ["Northern"], gz) is None
    )  # the resolver then reads Hamrun alone ('Southern' is ACLED's own admin-1 of Hamrun)
    assert resolve_place("Hamrun", gz).country == "Malta"


def test_a_namesake_close_to_the_written_province_is_taken_with_the_texts_province(gz) -> None:
    place = resolve_within("Jan Kempdorp", ["Phokwane", "Frances Baard", "Northern Cape"], gz)
    assert (place.name, place.feature, place.admin1) == ("Jan Kempdorp", "city", "Northern Cape")
    # a namesake far away is not: an unlisted Havrylivka in Chernihiv oblast keeps its name at
    # the oblast's point
    place = resolve_within("Havrylivka", ["Chernihiv"], gz)
    assert (place.name, place.admin1, place.geo_precision) == ("Havrylivka", "Chernihiv", 3)
    assert (place.geocoded, place.located_at) == (False, "Chernihiv")


def test_bases_mountains_and_rivers_from_the_overrides_file(gz) -> None:
    base = resolve_place("Khmeimim Air Base", gz)
    assert (base.feature, base.admin1, base.geo_precision) == ("base", "Lattakia", 1)
    assert km(base.latitude, base.longitude, 35.40, 35.95) < 5
    assert (
        resolve_place("Mount Hermon", gz).feature,
        resolve_place("Mount Hermon", gz).geo_precision,
    ) == ("mountain", 2)
    river = resolve_place("Euphrates", gz)
    assert (river.feature, river.geo_precision) == ("river", 3)


def test_a_world_city_keeps_its_name_in_a_report_on_another_country(gz) -> None:
    # an Iranian village lists 'Baghdad' among its alternate names; a report on Iran that
    # mentions Baghdad still means the Iraqi capital
    assert resolve_place("Baghdad", gz, context_countries=["Iran"]).country == "Iraq"


def test_a_unit_written_with_its_level_word_encloses_a_place(gz) -> None:
    place = resolve_within("Bhardaha", ["Saptari district"], gz)
    assert place is not None
    assert (place.name, place.country, place.geocoded) == ("Bhardaha", "Nepal", False)
    assert place.located_at == "Saptari"


def test_of_two_units_named_alike_the_one_named_as_written_encloses(gz) -> None:
    # 'Kyiv' names the province and, by an alternate name, Kyiv City: a village is in the province
    place = resolve_within("Rakivka", ["Kyiv"], gz)
    assert place is not None
    assert place.admin1 == "Kyiv"

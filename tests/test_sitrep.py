"""The daily situation report's pieces (issue 15): periods and the offline SVG map."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace

from warwatch.resolve import sitrep, sitrep_map

SVG = "{http://www.w3.org/2000/svg}"


def test_period_holds_days_and_meets_periods():
    p = sitrep.Period(dt.date(2024, 12, 6), dt.date(2024, 12, 7))
    assert p.holds(dt.date(2024, 12, 6)) and p.holds(dt.date(2024, 12, 7))
    assert not p.holds(dt.date(2024, 12, 8)) and not p.holds(None)
    assert sitrep.Period().holds(None)
    assert p.meets("2024-11-26", "2024-12-06") and p.meets(dt.date(2024, 12, 7), None)
    assert not p.meets("2024-11-01", "2024-11-30")
    assert p.meets("2024-11-27", None)  # "since 27 November": still running


def _state(place, level, lon, lat):
    return SimpleNamespace(place=place, level=level, longitude=lon, latitude=lat)


def _incident(lon, lat, fatalities=None):
    return SimpleNamespace(
        latitude=lat, longitude=lon, family="Battles", event_type="Battles",
        sub_event_type="Armed clash", location="Ar Rastan", date=dt.date(2024, 12, 6),
        fatalities_best=fatalities,
    )  # fmt: skip


def _vendor(tmp_path):
    admin1 = tmp_path / "basemap" / "admin1"
    admin1.mkdir(parents=True)
    square = [[[35.0, 32.0], [38.0, 32.0], [38.0, 36.0], [35.0, 36.0], [35.0, 32.0]]]
    far = [[[100.0, 0.0], [101.0, 0.0], [101.0, 1.0], [100.0, 0.0]]]
    (admin1 / "index.json").write_text(json.dumps([
        {"code": "SYR", "country": "Syria", "bbox": [35.0, 32.0, 38.0, 36.0]},
        {"code": "FAR", "country": "Far", "bbox": [100.0, 0.0, 101.0, 1.0]},
    ]))  # fmt: skip
    for code, ring in (("SYR", square), ("FAR", far)):
        feature = {
            "type": "Feature",
            "properties": {},
            "geometry": {"type": "Polygon", "coordinates": ring},
        }
        (admin1 / f"{code}.json").write_text(
            json.dumps({"type": "FeatureCollection", "features": [feature]})
        )
    return tmp_path


def test_map_draws_outlines_incidents_and_each_level(tmp_path):
    states = [
        _state("Hamah", "assessed", 36.75, 35.13),
        _state("Tallbisah", "claimed", 36.73, 34.84),
        _state("Homs", "contested", 36.72, 34.73),
        _state("Ar Rastan", "claimed advance", 36.73, 34.93),
    ]
    svg = sitrep_map.render([_incident(36.73, 34.92, 12)], states, _vendor(tmp_path), "test map")
    root = ET.fromstring(svg)  # well-formed, standalone
    assert root.tag == f"{SVG}svg" and not root.findall(f".//{SVG}script")
    assert len(root.findall(f".//{SVG}path")) == 1  # the far country is left out
    diamonds = {
        r.findtext(f"{SVG}title"): r
        for r in root.findall(f".//{SVG}rect")
        if r.findtext(f"{SVG}title")
    }
    assert diamonds["Hamah: assessed"].get("fill") == "#34495e"
    assert diamonds["Tallbisah: claimed"].get("fill") == "url(#hatch)"
    assert diamonds["Homs: contested"].get("fill") == "#ffffff"
    circles = [c.findtext(f"{SVG}title") for c in root.findall(f".//{SVG}circle")]
    assert "Ar Rastan: claimed advance" in circles
    assert any(t and "Armed clash at Ar Rastan" in t for t in circles)
    names = [t.text for t in root.findall(f".//{SVG}text")]
    assert {"Hamah", "Homs", "Tallbisah"} <= set(names)


def test_map_without_basemap_or_places_is_still_a_map(tmp_path):
    empty = ET.fromstring(sitrep_map.render([], [], tmp_path, "nothing"))
    assert "No located incident" in "".join(empty.itertext())
    lone = ET.fromstring(
        sitrep_map.render([], [_state("Homs", "contested", 36.7, 34.7)], tmp_path, "x")
    )
    assert not lone.findall(f".//{SVG}path") and lone.findall(f".//{SVG}rect")

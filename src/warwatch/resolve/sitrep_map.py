"""The situation report's map: a small SVG drawn offline from the vendored Natural Earth admin-1
outlines (``warwatch/web/vendor/basemap``), with the period's incidents and control states.

Equirectangular projection scaled by the cosine of the middle latitude (true shapes at the
scale of a front line). Control states are drawn as on the dashboard: solid assessed, hatched
claimed, outlined contested, circles for advances.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

WIDTH, HEIGHT, PAD = 900, 600, 0.6  # pixels; degrees of margin around the points
TYPE_COLOURS = {
    "Battles": "#c0392b", "Violence against civilians": "#8e44ad",
    "Explosions/Remote violence": "#e67e22", "Riots": "#d4ac0d", "Protests": "#2e86c1",
    "Strategic developments": "#5d6d7e",
}  # fmt: skip


def _bbox(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons) - PAD, min(lats) - PAD, max(lons) + PAD, max(lats) + PAD


class Projection:
    def __init__(self, bbox: tuple[float, float, float, float]) -> None:
        west, south, east, north = bbox
        self.west, self.north = west, north
        self.kx = math.cos(math.radians((south + north) / 2))
        span_x, span_y = max((east - west) * self.kx, 1e-6), max(north - south, 1e-6)
        self.scale = min((WIDTH - 20) / span_x, (HEIGHT - 60) / span_y)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (10 + (lon - self.west) * self.kx * self.scale, 10 + (self.north - lat) * self.scale)


def _rings(geometry: dict[str, Any]) -> Iterable[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        yield from geometry["coordinates"]
    elif geometry.get("type") == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def _intersects(a: list[float], b: tuple[float, float, float, float]) -> bool:
    return not (a[2] < b[0] or a[0] > b[2] or a[3] < b[1] or a[1] > b[3])


def basemap_paths(
    vendor: Path, bbox: tuple[float, float, float, float], project: Projection
) -> list[str]:
    """SVG path data of the admin-1 units of every country whose box meets the map's box."""
    index_file = vendor / "basemap" / "admin1" / "index.json"
    if not index_file.is_file():
        return []
    paths = []
    for country in json.loads(index_file.read_text(encoding="utf-8")):
        if not _intersects(country["bbox"], bbox):
            continue
        data = json.loads(
            (index_file.parent / f"{country['code']}.json").read_text(encoding="utf-8")
        )
        for feature in data.get("features", []):
            for ring in _rings(feature.get("geometry") or {}):
                xy = [project(lon, lat) for lon, lat in ring]
                paths.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
    return paths


def _control_symbol(state: Any, x: float, y: float) -> str:
    level = state.level
    fill = {"assessed": "#34495e", "assessed advance": "#34495e", "contested": "#ffffff"}.get(
        level, "url(#hatch)"
    )
    stroke_width = 3 if level == "contested" else 1.5
    if "advance" in level:
        shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6"'
    else:
        shape = f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" transform="rotate(45 {x:.1f} {y:.1f})"'
    label = escape(f"{state.place}: {level}")
    return (f'{shape} fill="{fill}" stroke="#34495e" stroke-width="{stroke_width}"><title>{label}'
            f'</title></{"circle" if "advance" in level else "rect"}>'
            f'<text x="{x + 9:.1f}" y="{y + 4:.1f}" font-size="12" fill="#1d2329">{escape(state.place or "")}</text>')  # fmt: skip


def _legend() -> str:
    rows = [
        ("assessed", "#34495e", 1.5),
        ("claimed", "url(#hatch)", 1.5),
        ("contested", "#ffffff", 3),
    ]
    parts = []
    for n, (level, fill, width) in enumerate(rows):
        x, y = 20 + n * 120, HEIGHT - 25
        parts.append(f'<rect x="{x}" y="{y - 6}" width="12" height="12" transform="rotate(45 {x + 6} {y})" '
                     f'fill="{fill}" stroke="#34495e" stroke-width="{width}"/>'
                     f'<text x="{x + 18}" y="{y + 4}" font-size="12">{level}</text>')  # fmt: skip
    parts.append(f'<text x="380" y="{HEIGHT - 21}" font-size="12">circles: incidents by type, '
                 "size by fatalities</text>")  # fmt: skip
    return "".join(parts)


def _incident_dots(incidents: list[Any], project: Projection) -> list[str]:
    dots = []
    for i in incidents:
        if i.latitude is None or i.longitude is None or i.family == "territory":
            continue
        x, y = project(i.longitude, i.latitude)
        r = 4 + 2 * math.log2(1 + (i.fatalities_best or 0))
        colour = TYPE_COLOURS.get(i.event_type, "#7f8c8d")
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" fill-opacity="0.75" '
                    f'stroke="#1d2329" stroke-width="0.8"><title>{escape(f"{i.date} {i.sub_event_type} at {i.location}")}'
                    "</title></circle>")  # fmt: skip
    return dots


def _points(items: Iterable[Any]) -> list[tuple[float, float]]:
    return [
        (x.longitude, x.latitude)
        for x in items
        if x.latitude is not None and x.longitude is not None
    ]


def render(incidents: list[Any], states: list[Any], vendor: Path, title: str) -> str:
    """The map as a standalone SVG document (no script, no external reference)."""
    located = [
        (i.longitude, i.latitude)
        for i in incidents
        if i.latitude is not None and i.longitude is not None
    ]
    located += [
        (s.longitude, s.latitude)
        for s in states
        if s.latitude is not None and s.longitude is not None
    ]
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">'
            '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"/>'
            '<rect width="2" height="4" fill="#34495e"/></pattern></defs>'
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#cfe0ea"/>'
            f'<title>{escape(title)}</title>')  # fmt: skip
    if not located:
        return (
            head
            + '<text x="20" y="40" font-size="14">No located incident or control state in the period.</text></svg>\n'
        )
    bbox = _bbox(located)
    project = Projection(bbox)
    land = "".join(f'<path d="{d}" fill="#eeece6" stroke="#9aa4ad" stroke-width="0.6"/>'
                   for d in basemap_paths(vendor, bbox, project))  # fmt: skip
    dots = _incident_dots(incidents, project)
    symbols = [_control_symbol(s, *project(s.longitude, s.latitude)) for s in states
               if s.latitude is not None and s.longitude is not None]  # fmt: skip
    return head + land + "".join(dots) + "".join(symbols) + _legend() + "</svg>\n"

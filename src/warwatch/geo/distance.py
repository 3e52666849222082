"""Distances on the earth's surface, for the geocoder's proximity scores and the resolver's
'same place' test alike."""

from __future__ import annotations

import math

EARTH_DIAMETER_KM = 12742.0


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance in kilometres between two points in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return EARTH_DIAMETER_KM * math.asin(min(1.0, math.sqrt(a)))

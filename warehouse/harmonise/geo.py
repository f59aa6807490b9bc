"""Great-circle distances."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088

#: Europe's bounding box (incl. Canary Islands, Iceland, Turkey, Urals), lat/lon.
EUROPE_BBOX = (27.0, -32.0, 72.0, 60.0)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = radians(lat1), radians(lat2)
    d_phi, d_lambda = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(d_phi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a))


def path_length_km(points: Sequence[tuple[float, float]]) -> float:
    """Sum of the great-circle legs between consecutive (lat, lon) points."""
    return sum(haversine_km(a[0], a[1], b[0], b[1]) for a, b in pairwise(points))


def in_europe(lat: float, lon: float) -> bool:
    south, west, north, east = EUROPE_BBOX
    return south <= lat <= north and west <= lon <= east

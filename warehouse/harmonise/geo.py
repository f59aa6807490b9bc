"""Great-circle distances, in Python and as a SQL expression (the same haversine formula and
radius, so that the ETL, the read model, the model slot's features and the quality suites agree)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from math import asin, cos, radians, sin, sqrt

from psycopg import sql

#: Mean Earth radius (IUGG).
EARTH_RADIUS_KM = 6371.0088

#: Europe's bounding box (incl. Canary Islands, Iceland, Turkey, Urals), lat/lon.
EUROPE_BBOX = (27.0, -32.0, 72.0, 60.0)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = radians(lat1), radians(lat2)
    d_phi, d_lambda = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(d_phi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a))


def great_circle_km_sql(
    lat1: sql.Composable, lon1: sql.Composable, lat2: sql.Composable, lon2: sql.Composable
) -> sql.Composed:
    """`haversine_km` as a SQL expression of double precision over four SQL expressions (null
    when a coordinate is null)."""
    return sql.SQL(
        "2 * {radius} * asin(sqrt("
        "power(sin(radians({lat2} - {lat1}) / 2), 2)"
        " + cos(radians({lat1})) * cos(radians({lat2}))"
        " * power(sin(radians({lon2} - {lon1}) / 2), 2)))"
    ).format(radius=sql.SQL(repr(EARTH_RADIUS_KM)), lat1=lat1, lon1=lon1, lat2=lat2, lon2=lon2)


def path_length_km(points: Sequence[tuple[float, float]]) -> float:
    """Sum of the great-circle legs between consecutive (lat, lon) points."""
    return sum(haversine_km(a[0], a[1], b[0], b[1]) for a, b in pairwise(points))


def in_europe(lat: float, lon: float) -> bool:
    south, west, north, east = EUROPE_BBOX
    return south <= lat <= north and west <= lon <= east

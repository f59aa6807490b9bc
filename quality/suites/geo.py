"""SQL fragments shared by the suites."""

from __future__ import annotations

from psycopg import sql


def distance_km_sql(a: str, b: str) -> sql.Composed:
    """Great-circle distance in km between two aliased rows with latitude/longitude columns
    (NULL when a coordinate is missing)."""
    return sql.SQL(
        "round((2 * 6371 * asin(sqrt("
        "power(sin(radians({b}.latitude - {a}.latitude) / 2), 2)"
        " + cos(radians({a}.latitude)) * cos(radians({b}.latitude))"
        " * power(sin(radians({b}.longitude - {a}.longitude) / 2), 2))))::numeric, 1)"
    ).format(a=sql.Identifier(a), b=sql.Identifier(b))

"""SQL fragments shared by the suites."""

from __future__ import annotations


def distance_km_sql(a: str, b: str) -> str:
    """Great-circle distance in km between two aliased rows with latitude/longitude columns
    (NULL when a coordinate is missing)."""
    return (
        f"round((2 * 6371 * asin(sqrt("
        f"power(sin(radians({b}.latitude - {a}.latitude) / 2), 2)"
        f" + cos(radians({a}.latitude)) * cos(radians({b}.latitude))"
        f" * power(sin(radians({b}.longitude - {a}.longitude) / 2), 2))))::numeric, 1)"
    )

"""SQL fragments shared by the suites."""

from __future__ import annotations

from psycopg import sql

from warehouse.harmonise.geo import great_circle_km_sql


def distance_km_sql(a: str, b: str) -> sql.Composed:
    """Great-circle distance in km, rounded to 0.1 km, between two aliased rows with
    latitude/longitude columns (NULL when a coordinate is missing): the warehouse's formula."""

    def column(alias: str, name: str) -> sql.Composed:
        return sql.SQL("{}.{}").format(sql.Identifier(alias), sql.Identifier(name))

    distance = great_circle_km_sql(
        column(a, "latitude"), column(a, "longitude"), column(b, "latitude"), column(b, "longitude")
    )
    return sql.SQL("round(({})::numeric, 1)").format(distance)

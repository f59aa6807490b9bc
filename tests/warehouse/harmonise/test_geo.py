"""One great-circle formula: the SQL expression the read model, the features and the quality
suites use gives the ETL's Python distances, on a real PostgreSQL."""

from __future__ import annotations

import math

import psycopg
import pytest
from psycopg import sql

from warehouse.harmonise.geo import (
    EARTH_RADIUS_KM,
    great_circle_km_sql,
    haversine_km,
    path_length_km,
)

#: (lat, lon) of a few stations far apart, close together and on both sides of the meridian.
PARIS_EST = (48.8768, 2.3592)
BERLIN_HBF = (52.5251, 13.3694)
LISBOA_ORIENTE = (38.7679, -9.0989)
HELSINKI = (60.1719, 24.9414)
PARIS_NORD = (48.8809, 2.3553)

PAIRS = [
    (PARIS_EST, BERLIN_HBF),
    (LISBOA_ORIENTE, HELSINKI),
    (PARIS_EST, PARIS_NORD),
    (BERLIN_HBF, BERLIN_HBF),
]


def _sql_km(
    connection: psycopg.Connection, a: tuple[float, float], b: tuple[float, float]
) -> float | None:
    expression = great_circle_km_sql(*(sql.Literal(value) for value in (*a, *b)))
    row = connection.execute(sql.SQL("SELECT {}::float8").format(expression)).fetchone()
    assert row is not None
    return float(row[0]) if row[0] is not None else None


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_the_sql_expression_gives_the_python_distance(empty_db: str, a, b) -> None:
    with psycopg.connect(empty_db) as connection:
        assert _sql_km(connection, a, b) == pytest.approx(haversine_km(*a, *b), abs=1e-9)


def _law_of_cosines_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, point)) for point in (a, b))
    cosine = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(
        lon2 - lon1
    )
    return EARTH_RADIUS_KM * math.acos(min(1.0, cosine))


@pytest.mark.parametrize(("a", "b"), PAIRS[:3])
def test_the_distances_are_great_circle_kilometres(a, b) -> None:
    assert haversine_km(*a, *b) == pytest.approx(_law_of_cosines_km(a, b), rel=1e-6)


def test_a_path_is_the_sum_of_its_legs() -> None:
    assert 870 < haversine_km(*PARIS_EST, *BERLIN_HBF) < 880
    assert path_length_km([PARIS_EST, BERLIN_HBF, PARIS_EST]) == pytest.approx(
        2 * haversine_km(*PARIS_EST, *BERLIN_HBF)
    )


def test_a_missing_coordinate_gives_null(empty_db: str) -> None:
    expression = great_circle_km_sql(
        sql.Literal(None), sql.Literal(2.35), sql.Literal(52.5), sql.Literal(13.4)
    )
    with psycopg.connect(empty_db) as connection:
        row = connection.execute(sql.SQL("SELECT ({})::float8").format(expression)).fetchone()
    assert row == (None,)

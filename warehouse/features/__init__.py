"""Features built at publication from the published rows, in the run's staging schema, so they
are validated by the gate and swapped with the rest (read through `api.*_features` views).

`city_pairs.sql`: the city pairs joined by a direct train (the modal-shift model's input), their
distance by the warehouse's great-circle formula (`great_circle_km_sql`); the place names' search
keys use the same normalisation as station names (`normalise`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from warehouse.harmonise.geo import great_circle_km_sql
from warehouse.harmonise.text import normalise

#: Below this straight-line distance there is no air market to shift travellers from.
CITY_PAIR_MIN_KM = 150

FEATURES_DIR = Path(__file__).parent
_ANALYSED = ("trajets", "calls", "stations", "sources")


def build_features(connection: psycopg.Connection[Any]) -> None:
    """Fill the feature tables of the staging schema the connection's search_path points at."""
    for table in _ANALYSED:  # fresh copies have no statistics: plan the joins on real counts
        connection.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))
    query = (FEATURES_DIR / "city_pairs.sql").read_text(encoding="utf-8")
    a_to_b = great_circle_km_sql(
        *(sql.SQL(f"{alias}.{axis}") for alias in "ab" for axis in ("latitude", "longitude"))
    ).as_string()
    query = query.replace("{min_km}", str(int(CITY_PAIR_MIN_KM)))
    connection.execute(query.replace("{great_circle_km}", a_to_b).encode())
    _fill_place_keys(connection)


def _fill_place_keys(connection: psycopg.Connection[Any]) -> None:
    places = [
        row[0]
        for row in connection.execute(
            "SELECT place_a FROM city_pairs UNION SELECT place_b FROM city_pairs"
        ).fetchall()
    ]
    connection.execute("CREATE TEMPORARY TABLE place_keys (place text PRIMARY KEY, key text)")
    with connection.cursor().copy("COPY place_keys (place, key) FROM STDIN") as copy:
        for place in places:
            copy.write_row((place, normalise(place)))
    connection.execute(
        "UPDATE city_pairs p SET place_a_key = a.key, place_b_key = b.key"
        " FROM place_keys a, place_keys b WHERE a.place = p.place_a AND b.place = p.place_b"
    )
    connection.execute("DROP TABLE place_keys")

"""/destinations and /comparison answer exactly as before their speed-up.

The oracle is their code before it (tests/api/read_model/journeys_oracle.py: the legs statement
on the `api` views with along-route distances computed per request, the grouping in Python), on
the same data. The requests are the realistic heavy ones: the 50 busiest cities of the loaded
mirror (their names as users type them), by day and by night for the busiest, and /comparison
from busy cities to the cities their trains reach most often.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from api.params import TrajetFilters, station_text
from api.schemas import DayNight
from bench.journeys import BUSIEST_SQL, REACHED_SQL
from tests.api.read_model import journeys_oracle as oracle

CITIES = 50
BY_PERIOD = 5
PAIRS_FROM = 12
PAIRS_PER_CITY = 3


@pytest.fixture(scope="module")
def db(loaded_db: str) -> Iterator[oracle.Connection]:
    with oracle.connect(loaded_db) as connection:
        yield connection


@pytest.fixture(scope="module")
def busiest(db: oracle.Connection) -> list[str]:
    return [row["city"] for row in db.execute(BUSIEST_SQL, (CITIES,)).fetchall()]


def _text(value: str) -> Any:
    text = station_text("from", value)
    assert text is not None
    return text


def _ok(http: Any, path: str, params: dict[str, str]) -> dict[str, Any]:
    response = http.get(path, params=params)
    assert response.status_code == 200, (path, params, response.text[:300])
    body: dict[str, Any] = response.json()
    return body


def test_destinations_of_the_busiest_cities_equal_the_previous_answers(http, db, busiest):
    assert len(busiest) >= min(CITIES, 3)
    requests: list[tuple[str, DayNight | None]] = [(city, None) for city in busiest]
    requests += [(city, period) for city in busiest[:BY_PERIOD] for period in DayNight]
    reached = 0
    for city, period in requests:
        params = {"from": city} | ({"day_night": period.value} if period else {})
        expected = oracle.destinations(db, _text(city), TrajetFilters(day_night=period))
        assert _ok(http, "/destinations", params) == expected, params
        reached += len(expected["destinations"])
    assert reached > 2 * len(requests)  # not a comparison of empty answers


def test_comparisons_from_the_busiest_cities_equal_the_previous_answers(http, db, busiest):
    trains = 0
    for city in busiest[:PAIRS_FROM]:
        for (other,) in (
            (row["city"],) for row in db.execute(REACHED_SQL, (city, city, PAIRS_PER_CITY))
        ):
            for period in (None, DayNight.night):
                params = {"from": city, "to": other}
                params |= {"day_night": period.value} if period else {}
                expected = oracle.comparison(
                    db, _text(city), _text(other), TrajetFilters(day_night=period)
                )
                assert _ok(http, "/comparison", params) == expected, params
                trains += len(expected["trains"])
    assert trains > PAIRS_FROM * PAIRS_PER_CITY

"""Statements composed once per shape are the statements the composers build for each request.

api.queries.shapes keeps the rendered text of a shape (conditions, sort, grouping, editions) and
reuses it for every request of that shape; these tests check, over every condition, sort and
grouping, that the reused text is byte for byte what psycopg renders for that very request on a
real connection, and that the parameters are that request's own.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from api.params import FilterQuery, parse_sort
from api.queries import stats, trajets
from api.queries.shapes import Statements
from api.schemas import GroupBy
from tests.support.database import ADMIN_URL

#: One value per filter, and some that change the text (selectors, several ids, a window across
#: midnight).
FILTERS: tuple[dict[str, Any], ...] = (
    {},
    {"q": "wien"},
    {"origin": "paris", "destination": "lyon"},
    {"country": "FR,DE", "day_night": "night"},
    {"country": "AT", "operator": "obb"},
    {"operator": "sncf,db", "brand": "TGV INOUI"},
    {"min_duration": 60, "max_duration": 300, "min_distance": 100.5, "max_distance": 900},
    {"departure_after": "22:00", "departure_before": "02:00"},
    {"departure_after": "06:00", "departure_before": "09:00"},
    {"departure_after": "06:00"},
    {"service_from": "2025-07-01", "service_until": "2025-08-31"},
    {"source": "all"},
    {"source": "historical", "day_night": "day"},
    {"source": "sncf-tgv-2025"},
    {"source": "sncf-tgv-2025,obb-2025", "q": "berlin"},
)
SORTS = ("departure", "-weekly_departures,departure", "destination,-distance", "-co2_saving")


@pytest.fixture(scope="module")
def connection() -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(ADMIN_URL) as connection:
        yield connection


def test_page_statements_equal_the_composed_ones(connection):
    for values, sort_text in itertools.product(FILTERS, SORTS):
        filters, sort = FilterQuery(**values).filters(), parse_sort(sort_text)
        for _ in (1, 2):  # composed, then reused
            text, params = trajets.page_statement(filters, sort)
            statement, expected = trajets.page_sql(filters, sort)
            assert text == statement.as_bytes(connection), (values, sort_text)
            assert params == expected


def test_volumes_statements_equal_the_composed_ones(connection):
    for values, group_by in itertools.product(FILTERS, GroupBy):
        filters = FilterQuery(**values).filters()
        for _ in (1, 2):
            text, params = stats.volumes_statement(group_by, filters)
            statement, expected = stats.volumes_sql(group_by, filters)
            assert text == statement.as_bytes(connection), (values, group_by)
            assert params == expected


def test_shapes_that_differ_have_their_own_text():
    texts = {
        trajets.page_statement(FilterQuery(**values).filters(), parse_sort(sort))[0]
        for values, sort in itertools.product(FILTERS, SORTS)
    }
    assert len(texts) == len(FILTERS) * len(SORTS)


def test_statements_are_composed_once_and_bounded():
    statements = Statements(max_shapes=2)
    calls: list[str] = []

    def compose(name: str) -> Any:
        def build() -> psycopg.sql.Composed:
            calls.append(name)
            return psycopg.sql.SQL("SELECT {}").format(psycopg.sql.Identifier(name))

        return build

    assert statements.text("a", compose("a")) == b'SELECT "a"'
    assert statements.text("a", compose("a")) == b'SELECT "a"'
    assert calls == ["a"]
    statements.text("b", compose("b"))
    statements.text("c", compose("c"))  # the oldest shape ("a") goes
    assert len(statements) == 2
    statements.text("a", compose("a"))
    assert calls == ["a", "b", "c", "a"]

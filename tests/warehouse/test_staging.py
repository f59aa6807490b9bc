"""Staging copies take their column lists from the tables themselves: every column is filled from
the record's attribute or key of the same name (or a computed value), and a column no record
can fill stops the load with its name."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
import pytest

from warehouse.staging import StagingError, copy_records, table_columns


@dataclass
class Operator:
    operator_id: str
    name: str
    country: str


@pytest.fixture
def connection(empty_db):
    with psycopg.connect(empty_db) as connection:
        connection.execute("CREATE SCHEMA s")
        connection.execute(
            "CREATE TABLE s.operators (operator_id text, name text, country text, source_id text)"
        )
        yield connection


def test_columns_come_from_the_table(connection):
    assert table_columns(connection, "s", "operators") == (
        "operator_id",
        "name",
        "country",
        "source_id",
    )


def test_records_fill_every_column_by_name(connection):
    copy_records(
        connection,
        "s",
        "operators",
        [Operator("obb", "ÖBB", "AT")],
        {"source_id": lambda _record: "ontd@2026"},
    )
    copy_records(
        connection,
        "s",
        "operators",
        [{"operator_id": "sncf", "name": "SNCF", "country": "FR", "source_id": "x@1"}],
    )
    rows = connection.execute("SELECT * FROM s.operators ORDER BY operator_id").fetchall()
    assert rows == [("obb", "ÖBB", "AT", "ontd@2026"), ("sncf", "SNCF", "FR", "x@1")]


def test_a_column_no_record_fills_is_named(connection):
    with pytest.raises(StagingError, match=r"core\.operators\.source_id: Operator has no"):
        copy_records(connection, "s", "operators", [Operator("obb", "ÖBB", "AT")])
    assert connection.execute("SELECT count(*) FROM s.operators").fetchone() == (0,)


def test_no_record_copies_nothing(connection):
    copy_records(connection, "s", "operators", [])
    assert connection.execute("SELECT count(*) FROM s.operators").fetchone() == (0,)

"""The runner's contract beyond the suites: an expectation that cannot be evaluated fails
(never passes silently), and values from PostgreSQL are stored as JSON."""

from __future__ import annotations

import datetime as dt
import decimal
import json

from quality.checks import Check, Severity, Suite, Target
from quality.expectations import ExpectNoUnexpectedRows
from quality.gx import ExpectColumnValuesToBeInSet
from quality.results import json_safe
from quality.runner import validate
from quality.suites.operators import OPERATORS
from tests.support.database import sqlalchemy_url

BROKEN = Suite(
    "broken",
    (
        Check(
            "query_error",
            Severity.warning,
            OPERATORS,
            ExpectNoUnexpectedRows,
            {"unexpected_rows_query": "SELECT no_such_column FROM {batch}"},
            "Requête fautive.",
        ),
        Check(
            "missing_column",
            Severity.critical,
            OPERATORS,
            ExpectColumnValuesToBeInSet,
            {"column": "no_such_column", "value_set": ["x"]},
            "Colonne absente.",
        ),
    ),
)


def test_an_expectation_that_cannot_be_evaluated_fails_with_its_error(published_db):
    report = validate(sqlalchemy_url(published_db), Target.published(), suites=[BROKEN])
    errors = {o.expectation: o for o in report.outcomes}
    assert set(errors) == {"query_error", "missing_column"}
    assert all(not o.success and o.error for o in report.outcomes)
    assert "no_such_column" in (errors["query_error"].error or "")
    assert report.critical_failures == 1 and not report.success
    assert "could not be evaluated" in errors["missing_column"].reason()


def test_postgres_values_become_json():
    row = {
        "n": decimal.Decimal("12.50"),
        "i": decimal.Decimal("3"),
        "d": dt.date(2025, 12, 9),
        "t": dt.time(23, 5),
        "age": dt.timedelta(hours=2),
        "nan": float("nan"),
        "list": ("FR", "DE"),
    }
    safe = json_safe(row)
    assert safe == {
        "n": 12.5,
        "i": 3,
        "d": "2025-12-09",
        "t": "23:05:00",
        "age": 7200.0,
        "nan": None,
        "list": ["FR", "DE"],
    }
    assert json.loads(json.dumps(safe)) == safe

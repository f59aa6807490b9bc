"""The ETL's publishing gate (entry point `obrail.gates` -> `quality = quality.gate:staging_gate`).

`obrail etl` builds its gates once, when the run starts: each registered factory gets the ETL's
own database settings and returns the gate. The ETL then calls the gate with its connection
(search_path = the staging schema) after filling staging and before the swap. Every suite runs on
the staging tables through GE's postgres datasource (a separate connection to the same database,
opened with those settings and the ETL session's options: its lock and statement timeouts);
results are stored (target `staging`) and pushed; the critical failures are returned as reasons,
which blocks the swap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import psycopg

from obrail.settings import DatabaseSettings
from quality.checks import Severity, Target
from quality.service import run_validation
from quality.settings import QualitySettings

Gate = Callable[[psycopg.Connection[Any], int], list[str]]


def staging_gate(database: DatabaseSettings) -> Gate:
    """The quality gate of one ETL run: the quality service's settings (samples, thresholds,
    Pushgateway) read once, here, for the database the ETL was given."""
    settings = QualitySettings(
        database_url=database.database_url, database_password=database.database_password
    )
    database_url = settings.require_sqlalchemy_url()

    def validate_staging(connection: psycopg.Connection[Any], etl_run_id: int) -> list[str]:
        target = Target.staging(etl_run_id, schema=_current_schema(connection))
        report = run_validation(session_url(database_url, connection), target, settings)
        return [outcome.reason() for outcome in report.failures(Severity.critical)]

    return validate_staging


def session_url(database_url: str, connection: psycopg.Connection[Any]) -> str:
    """`database_url` with the session options of `connection` (the ETL's lock and statement
    timeouts then bound the gate's sessions too). Only the options are taken from the live
    connection: the database, role and password come from the settings."""
    options = connection.info.options
    if not options:
        return database_url
    # Percent-encoded (%20, not '+'): SQLAlchemy, Great Expectations and libpq all decode it.
    return (
        database_url + ("&" if "?" in database_url else "?") + "options=" + quote(options, safe="")
    )


def _current_schema(connection: psycopg.Connection[Any]) -> str:
    row = connection.execute("SELECT current_schema()").fetchone()
    if not row or not row[0]:
        raise RuntimeError("the gate's connection has no schema on its search_path")
    return str(row[0])

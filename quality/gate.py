"""The ETL's publishing gate (entry point `obrail.gates` -> `quality = quality.gate:validate_staging`).

The ETL calls it with its own connection (search_path = the staging schema) after filling
staging and before the swap. Every suite runs on the staging tables through GE's postgres
datasource (a separate connection to the same database); results are stored (target
`staging`) and pushed; the critical failures are returned as reasons, which blocks the swap.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import psycopg
from sqlalchemy.engine import URL

from quality.checks import Severity, Target
from quality.service import run_validation
from quality.settings import QualitySettings


def validate_staging(connection: psycopg.Connection[Any], etl_run_id: int) -> list[str]:
    settings = QualitySettings()
    target = Target.staging(etl_run_id, schema=_current_schema(connection))
    report = run_validation(database_url_of(connection), target, settings)
    return [outcome.reason() for outcome in report.failures(Severity.critical)]


def database_url_of(connection: psycopg.Connection[Any]) -> str:
    """A SQLAlchemy URL reaching the same database as `connection`, with the same role and the
    same session options (the ETL's lock and statement timeouts bound the gate's sessions too)."""
    info = connection.info
    host = info.host
    on_socket = host.startswith("/")
    url = URL.create(
        "postgresql+psycopg",
        username=info.user,
        password=info.password or None,
        host=None if on_socket else host,
        port=info.port,
        database=info.dbname,
        query={"host": host} if on_socket else {},
    ).render_as_string(hide_password=False)
    if info.options:
        # Percent-encoded (%20, not '+'): SQLAlchemy, Great Expectations and libpq all decode it.
        url += ("&" if "?" in url else "?") + "options=" + quote(info.options, safe="")
    return url


def _current_schema(connection: psycopg.Connection[Any]) -> str:
    row = connection.execute("SELECT current_schema()").fetchone()
    if not row or not row[0]:
        raise RuntimeError("the gate's connection has no schema on its search_path")
    return str(row[0])

"""Stores a run's results in the warehouse (core.quality_runs / core.quality_results, read by
the API through api.quality_runs, api.quality_results and api.quality_latest)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from obrail.settings import libpq_url
from quality.checks import TargetName
from quality.results import RunReport


def save_run(database_url: str, report: RunReport) -> int:
    """Insert the run and one row per expectation in one transaction; returns the run id."""
    finished_at = report.started_at + dt.timedelta(seconds=report.duration_s)
    with psycopg.connect(libpq_url(database_url)) as connection:
        etl_run_id, data_version = _provenance(connection, report)
        row = connection.execute(
            "INSERT INTO core.quality_runs (started_at, finished_at, target, etl_run_id,"
            " data_version, success, critical_failures, warning_failures, duration_s)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING run_id",
            (
                report.started_at,
                finished_at,
                report.target.name.value,
                etl_run_id,
                data_version,
                report.success,
                report.critical_failures,
                report.warning_failures,
                round(report.duration_s, 3),
            ),
        ).fetchone()
        assert row is not None
        run_id = int(row[0])
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO core.quality_results (run_id, suite, expectation, expectation_type,"
                " severity, success, element_count, unexpected_count, unexpected_percent,"
                " observed_value, description, sample)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        run_id,
                        o.suite,
                        o.expectation,
                        o.expectation_type,
                        o.severity.value,
                        o.success,
                        o.element_count,
                        o.unexpected_count,
                        o.unexpected_percent,
                        o.observed_value,
                        o.description,
                        Jsonb(o.sample),
                    )
                    for o in report.outcomes
                ],
            )
    return run_id


def _provenance(
    connection: psycopg.Connection[Any], report: RunReport
) -> tuple[int | None, str | None]:
    """The ETL run and data version validated: the published ones, or the staged run's."""
    if report.target.name is TargetName.staging:
        return report.target.etl_run_id, None
    row = connection.execute("SELECT run_id, data_version FROM core.publication").fetchone()
    return (int(row[0]), str(row[1])) if row else (None, None)

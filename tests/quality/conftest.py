"""Fixtures of the quality tests: the suites' results on the published mirror, and a private
warehouse whose `staging` schema can be broken at will.

A Great Expectations run over the whole mirror costs seconds of CPU: each of the two baseline
runs is the run of an entry point under test (`obrail quality` on a copy of the published data,
the ETL's gate on the intact staging copy), recorded once per session; the tests then check both
what the entry point stored or pushed and the report it computed."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from obrail.settings import DatabaseSettings
from quality import service
from quality.commands import run_quality
from quality.gate import staging_gate
from quality.results import RunReport
from quality.runner import RunOptions
from quality.settings import QualitySettings
from tests.quality.pushgateway import running_pushgateway, scrape
from tests.support.database import loaded_template, temporary_database
from warehouse.tables import PUBLISHED_TABLES

#: Large samples in tests, so that an injected row is always among the examples.
TEST_OPTIONS = RunOptions(sample_size=200)


@pytest.fixture(scope="session")
def warehouse_template(data_dir) -> Iterator[str]:
    """A private copy of the loaded template, taken once: every quality test sees the same
    data even when the warehouse code changes during the session (the shared template is then
    rebuilt and the old one dropped)."""
    with temporary_database("obrail_qtemplate", template=loaded_template(data_dir)) as url:
        yield url.rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def published_db(warehouse_template: str) -> Iterator[str]:
    """The whole mirror as published. Read-only for tests."""
    with temporary_database("obrail_qpublished", template=warehouse_template) as url:
        yield url


@pytest.fixture
def clone_db(warehouse_template: str) -> Iterator[str]:
    """A private, writable copy of the published warehouse."""
    with temporary_database("obrail_qclone", template=warehouse_template) as url:
        yield url


@contextmanager
def recorded_reports() -> Iterator[list[RunReport]]:
    """Every report the quality service computes inside the block (`quality.service.validate`
    wrapped, its results passed on unchanged)."""
    reports: list[RunReport] = []
    real = service.validate  # type: ignore[attr-defined]  # the name run_validation calls

    def recording(*args: Any, **kwargs: Any) -> RunReport:
        report = real(*args, **kwargs)
        reports.append(report)
        return report

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(service, "validate", recording)
        yield reports


def only_report(reports: list[RunReport], target: str) -> RunReport:
    assert [r.target.name.value for r in reports] == [target], reports
    return reports[0]


@dataclass(frozen=True)
class QualityCommandRun:
    """`obrail quality` (run_quality) once on a private copy of the published mirror."""

    database_url: str
    exit_code: int
    output: str
    report: RunReport


def command_settings(url: str) -> QualitySettings:
    return QualitySettings(
        database_url=url, pushgateway_url=None, quality_sample_size=TEST_OPTIONS.sample_size
    )


@pytest.fixture(scope="session")
def quality_command_run(warehouse_template: str) -> Iterator[QualityCommandRun]:
    with temporary_database("obrail_qrun", template=warehouse_template) as url:
        output = io.StringIO()
        with recorded_reports() as reports, redirect_stdout(output):
            exit_code = run_quality(settings=command_settings(url))
        yield QualityCommandRun(
            url, exit_code, output.getvalue(), only_report(reports, "published")
        )


@pytest.fixture(scope="session")
def published_report(quality_command_run: QualityCommandRun) -> RunReport:
    """Every suite on the whole mirror as published, as `obrail quality` computed it (samples
    of TEST_OPTIONS' size)."""
    return quality_command_run.report


@pytest.fixture(scope="session")
def staging_db(warehouse_template: str) -> Iterator[str]:
    """A private copy of the loaded warehouse with a `staging` schema holding copies of the
    published tables without any constraint (the ETL's staging has no keys; these have no
    NOT NULL or CHECK either, so that every rule can be broken). Tests that break it restore it.
    The copies are unlogged (no write-ahead log for a test's scratch tables) and analysed with
    the same small samples as the injected faults' copies (`analyze_for_planning`)."""
    with temporary_database("obrail_qstaging", template=warehouse_template) as url:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("CREATE SCHEMA staging")
            for table in PUBLISHED_TABLES:
                connection.execute(
                    f"CREATE UNLOGGED TABLE staging.{table} AS SELECT * FROM core.{table}"
                )
            analyze_for_planning(connection, [f"staging.{table}" for table in PUBLISHED_TABLES])
        yield url


#: ANALYZE samples 300 times this many rows per table: 3,000 rows are plenty for the planner's
#: row counts and distinct values in these tests, at a tenth of the default's cost (the default
#: samples every trajet and 30,000 calls, per copy). Statistics steer plans, never results.
ANALYZE_STATISTICS_TARGET = 10


def analyze_for_planning(connection: psycopg.Connection, tables: Iterable[str]) -> None:
    """Planner statistics for test copies of warehouse tables (`schema.table` names): without
    them the planner guesses, and the joins of the cross-source assets take seconds instead of
    milliseconds."""
    connection.execute(f"SET default_statistics_target = {ANALYZE_STATISTICS_TARGET}")
    try:
        for table in tables:
            connection.execute(f"ANALYZE {table}")
    finally:
        connection.execute("RESET default_statistics_target")


@pytest.fixture(scope="session")
def published_run_id(published_db: str) -> int:
    with psycopg.connect(published_db) as connection:
        row = connection.execute("SELECT run_id FROM core.publication").fetchone()
    assert row is not None
    return int(row[0])


Samples = dict[str, list[tuple[dict[str, str], float]]]


@dataclass(frozen=True)
class GateRun:
    """The ETL's quality gate once on the intact staging copy, pushing to a real Pushgateway."""

    reasons: list[str]
    stored: tuple[Any, ...]  # the quality run it stored (core.quality_runs)
    pushed: Samples
    report: RunReport


def run_gate(database_url: str, connection: psycopg.Connection, run_id: int) -> list[str]:
    """The gate as `obrail etl` builds it for a run on `database_url`, called on `connection`."""
    gate: Callable[[psycopg.Connection, int], list[str]] = staging_gate(
        DatabaseSettings(database_url=database_url)
    )
    return gate(connection, run_id)


@pytest.fixture(scope="session")
def intact_gate_run(staging_db: str, published_run_id: int, tmp_path_factory) -> GateRun:
    with (
        running_pushgateway(tmp_path_factory.mktemp("gate-pushgateway")) as pushgateway,
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setenv("OBRAIL_PUSHGATEWAY_URL", pushgateway)
        with recorded_reports() as reports, psycopg.connect(staging_db) as connection:
            connection.execute("SET search_path TO staging, public")
            reasons = run_gate(staging_db, connection, published_run_id)
        pushed = scrape(pushgateway)
    return GateRun(reasons, last_quality_run(staging_db), pushed, only_report(reports, "staging"))


def last_quality_run(url: str) -> tuple[Any, ...]:
    """The last quality run stored in `url`: run, target, ETL run, success, failure counts."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT run_id, target, etl_run_id, success, critical_failures, warning_failures"
            " FROM core.quality_runs ORDER BY run_id DESC LIMIT 1"
        ).fetchone()
    assert row is not None, "no quality run is stored"
    return tuple(row)


@pytest.fixture(scope="session")
def staging_report(intact_gate_run: GateRun) -> RunReport:
    """Every suite on the intact staging copy, as the gate computed it: the baseline injected
    breakages are compared to."""
    return intact_gate_run.report

"""GET /quality/latest reads the last validation of the published data."""

from __future__ import annotations

import httpx
import psycopg

from tests.api.conftest import api_role_url, api_settings
from tests.api.server import running_api


def test_no_quality_run_yet(http, sql):
    assert sql("SELECT count(*) FROM api.quality_runs")[0][0] == 0
    assert http.get("/quality/latest").json() == {"run": None, "suites": []}


def test_right_after_the_load_the_gate_results_of_the_published_data_are_shown(clone_loaded_db):
    """No `obrail quality` yet: the ETL's gate validated these very data before publishing; a
    gate run of data that were not published (a refused load) is never shown."""
    with psycopg.connect(clone_loaded_db, autocommit=True) as connection:
        published_run, version = connection.execute(
            "SELECT run_id, data_version FROM core.publication"
        ).fetchone() or (None, None)
        gate = record_run(
            connection,
            [("freshness", "current_timetables_valid_today", "warning", False, 2)],
            target="staging",
            etl_run_id=published_run,
        )
        record_run(connection, [("trajets", "ids_unique", "critical", False, 9)], target="staging")
    with running_api(api_settings(api_role_url(clone_loaded_db))) as base:
        payload = httpx.get(f"{base}/quality/latest").json()
    assert payload["run"]["run_id"] == gate
    assert payload["run"]["target"] == "staging"
    assert payload["run"]["data_version"] == version
    [suite] = payload["suites"]
    [failure] = suite["expectations"]
    assert (suite["suite"], failure["expectation"], failure["severity"]) == (
        "freshness",
        "current_timetables_valid_today",
        "warning",
    )
    assert failure["success"] is False and failure["unexpected_count"] == 2


def record_run(
    connection: psycopg.Connection,
    results: list[tuple[str, str, str, bool, int]],
    target: str = "published",
    etl_run_id: int | None = None,
) -> int:
    row = connection.execute(
        "INSERT INTO core.quality_runs (started_at, finished_at, target, etl_run_id, success, "
        "critical_failures, warning_failures, duration_s) "
        "VALUES (clock_timestamp(), clock_timestamp(), %s, %s, %s, %s, %s, 1.5) RETURNING run_id",
        (
            target,
            etl_run_id,
            all(r[3] for r in results),
            sum(1 for r in results if not r[3] and r[2] == "critical"),
            sum(1 for r in results if not r[3] and r[2] == "warning"),
        ),
    ).fetchone()
    assert row is not None
    run_id = int(row[0])
    for suite, expectation, severity, success, unexpected in results:
        connection.execute(
            "INSERT INTO core.quality_results (run_id, suite, expectation, expectation_type, "
            "severity, success, unexpected_count, description, sample) "
            "VALUES (%s, %s, %s, 'expect_x', %s, %s, %s, %s, '[\"a\"]')",
            (run_id, suite, expectation, severity, success, unexpected, f"{expectation} holds"),
        )
    return run_id


def test_latest_run_and_each_expectation_latest_result(clone_loaded_db):
    with psycopg.connect(clone_loaded_db, autocommit=True) as connection:
        record_run(connection, [("trajets", "ids_unique", "critical", False, 3)])
        latest = record_run(
            connection,
            [
                ("trajets", "ids_unique", "critical", True, 0),
                ("trajets", "durations_positive", "warning", False, 2),
                ("stations", "coordinates", "critical", True, 0),
            ],
        )
    with running_api(api_settings(api_role_url(clone_loaded_db))) as base:
        payload = httpx.get(f"{base}/quality/latest").json()
    assert payload["run"]["run_id"] == latest
    assert payload["run"]["warning_failures"] == 1
    suites = {s["suite"]: s for s in payload["suites"]}
    assert suites["stations"]["success"] is True
    assert suites["trajets"]["success"] is False
    results = {e["expectation"]: e for e in suites["trajets"]["expectations"]}
    assert results["ids_unique"]["success"] is True  # the newer run wins
    assert results["durations_positive"]["unexpected_count"] == 2
    assert results["durations_positive"]["sample"] == ["a"]

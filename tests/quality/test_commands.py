"""`obrail quality`: validates the published data, stores the results where the API reads them,
exit codes, the schedule, and the console command itself."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from quality.commands import EXIT_CRITICAL_FAILURES, EXIT_ERROR, EXIT_OK, run_quality
from quality.settings import QualitySettings
from tests.support.network import free_port

#: Each test runs `obrail quality` (Great Expectations), often in a new process: seconds apiece,
#: not in the fast loop. Behaviour that does not depend on the real data (exit codes, the console
#: command) runs on the synthetic mirror's warehouse.
pytestmark = pytest.mark.slow

OBRAIL = Path(sys.executable).parent / "obrail"


def settings_for(url: str, **overrides) -> QualitySettings:
    return QualitySettings(database_url=url, pushgateway_url=None, **overrides)


def test_a_run_stores_every_result_where_the_api_reads_them(quality_command_run):
    """`obrail quality` on the published mirror (run once per session: its report is the
    published_report the suites' tests check against independent SQL)."""
    report = quality_command_run.report
    assert quality_command_run.exit_code == EXIT_OK
    with psycopg.connect(quality_command_run.database_url) as connection:
        run = connection.execute(
            "SELECT q.target, q.success, q.critical_failures, q.warning_failures,"
            " q.data_version = p.data_version, q.etl_run_id = p.run_id, q.finished_at > q.started_at"
            " FROM api.quality_runs q CROSS JOIN api.publication p"
        ).fetchall()
        latest = {
            row[0]: row[1:]
            for row in connection.execute(
                "SELECT expectation, suite, severity, success, unexpected_count, description,"
                " jsonb_array_length(sample) FROM api.quality_latest"
            )
        }
    assert run == [("published", True, 0, report.warning_failures, True, True, True)]
    assert set(latest) == {o.expectation for o in report.outcomes}
    for o in report.outcomes:
        suite, severity, success, unexpected, description, sample_size = latest[o.expectation]
        assert (suite, severity, success, unexpected, description) == (
            o.suite,
            o.severity.value,
            o.success,
            o.unexpected_count,
            o.description,
        )
        assert sample_size == len(o.sample)
    assert quality_command_run.output.startswith("Quality run on published data: passed")


def test_a_critical_failure_exits_1_and_is_named(clone_synthetic_db, capsys):
    with psycopg.connect(clone_synthetic_db) as connection:
        connection.execute(
            "UPDATE core.stations SET time_zone = 'Mars/Olympus'"
            " WHERE station_id = (SELECT min(station_id) FROM core.stations)"
        )
    assert run_quality(settings=settings_for(clone_synthetic_db)) == EXIT_CRITICAL_FAILURES
    out = capsys.readouterr().out
    assert "FAILED" in out and "stations.station_time_zone_valid [critical]" in out


def test_an_unreachable_database_exits_2():
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/nowhere"
    assert run_quality(settings=settings_for(url)) == EXIT_ERROR


def test_every_n_seconds_runs_until_stopped(monkeypatch):
    """The schedule alone (each run is the real one tested above): runs again every N seconds,
    survives a failing run, and returns 0 when asked to stop. N is a quarter of a second here
    (the command line asks for at least 10): the same loop, without seconds of waiting."""
    from quality import commands

    every_s = 0.25

    stop = threading.Event()
    runs: list[float] = []

    def fake_run_once(settings: QualitySettings) -> int:
        runs.append(time.monotonic())
        if len(runs) == 3:
            stop.set()
        return EXIT_ERROR if len(runs) == 1 else EXIT_OK

    monkeypatch.setattr(commands, "run_once", fake_run_once)
    outcome: list[int] = []
    settings = settings_for("postgresql://postgres@127.0.0.1/unused")
    worker = threading.Thread(target=lambda: outcome.append(run_quality(every_s, settings, stop)))
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive() and outcome == [EXIT_OK]
    assert len(runs) == 3
    assert all(later - earlier >= 0.9 * every_s for earlier, later in itertools.pairwise(runs))


def test_the_console_command_runs_a_validation(clone_synthetic_db):
    env = {**os.environ, "OBRAIL_DATABASE_URL": clone_synthetic_db, "OBRAIL_LOG_LEVEL": "INFO"}
    env.pop("OBRAIL_PUSHGATEWAY_URL", None)
    result = subprocess.run(
        [str(OBRAIL), "quality"], env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == EXIT_OK, result.stderr
    assert result.stdout.startswith("Quality run on published data: passed")
    # At the default level, Great Expectations' own INFO chatter (hundreds of lines) is silenced.
    assert '"logger": "great_expectations' not in result.stderr
    assert len(result.stderr.splitlines()) < 10, result.stderr[-2000:]
    with psycopg.connect(clone_synthetic_db) as connection:
        assert connection.execute("SELECT count(*) FROM api.quality_runs").fetchone() == (1,)


@pytest.mark.parametrize("every", ["5", "abc"])
def test_the_console_command_refuses_a_bad_schedule(every):
    result = subprocess.run(
        [str(OBRAIL), "quality", "--every", every], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and "--every" in result.stderr

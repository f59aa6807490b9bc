"""`obrail etl --every N`: the schedule follows the last successful run stored in the warehouse."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest

from warehouse.schedule import run_every, seconds_until_due


def last_success_ago(url: str, seconds: int) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            "UPDATE core.etl_runs SET finished_at = now() - make_interval(secs => %s)"
            " WHERE status = 'succeeded'",
            (seconds,),
        )


def test_a_warehouse_never_loaded_is_due_now(migrated_db):
    assert seconds_until_due(migrated_db, 3600) == 0.0


def test_the_next_run_is_one_period_after_the_last_success(clone_loaded_db):
    last_success_ago(clone_loaded_db, 1000)
    assert seconds_until_due(clone_loaded_db, 3600) == pytest.approx(2600, abs=30)
    last_success_ago(clone_loaded_db, 5000)
    assert seconds_until_due(clone_loaded_db, 3600) == pytest.approx(-1400, abs=30)


def test_fresh_data_is_not_reloaded_and_stale_data_is(clone_loaded_db):
    stop = threading.Event()
    runs: list[int] = []

    def fake_etl() -> int:
        runs.append(1)
        last_success_ago(clone_loaded_db, 0)  # what a successful run leaves in core.etl_runs
        return 0

    last_success_ago(clone_loaded_db, 30)
    waiter = threading.Thread(target=run_every, args=(3600, clone_loaded_db, fake_etl, stop))
    waiter.start()
    waiter.join(timeout=0.5)
    stop.set()
    waiter.join(timeout=5)
    assert not waiter.is_alive() and runs == []

    stop.clear()
    last_success_ago(clone_loaded_db, 4000)
    waiter = threading.Thread(target=run_every, args=(3600, clone_loaded_db, fake_etl, stop))
    waiter.start()
    waiter.join(timeout=1.0)
    stop.set()
    waiter.join(timeout=5)
    assert not waiter.is_alive() and runs == [1]


def test_a_failed_run_waits_before_retrying(migrated_db):
    stop = threading.Event()
    attempts: list[int] = []

    def failing_etl() -> int:
        attempts.append(1)
        return 1

    waiter = threading.Thread(
        target=run_every, args=(3600, migrated_db, failing_etl, stop), kwargs={"retry_s": 0.3}
    )
    waiter.start()
    waiter.join(timeout=1.0)
    stop.set()
    waiter.join(timeout=5)
    # ~1 s at one attempt per 0.3 s: a handful, not a tight loop of hundreds.
    assert 2 <= len(attempts) <= 5


def test_the_console_scheduler_waits_on_fresh_data_and_stops_on_sigterm(clone_loaded_db):
    """`obrail etl --every N`, the compose scheduler's command, run natively."""
    last_success_ago(clone_loaded_db, 0)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OBRAIL_")}
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("obrail")), "etl", "--every", "3600"],
        env={**environment, "OBRAIL_DATABASE_URL": clone_loaded_db, "OBRAIL_LOG_LEVEL": "INFO"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(120, process.kill)  # a hung scheduler fails the test, not the run
    watchdog.start()
    try:
        assert process.stderr is not None
        seen = ""
        while "data is fresh" not in seen:  # the scheduler is up, its signal handlers set
            line = process.stderr.readline()
            assert line, f"the scheduler stopped: {seen}"
            seen += line
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    with psycopg.connect(clone_loaded_db) as connection:
        runs = connection.execute("SELECT count(*) FROM core.etl_runs").fetchone()
    assert runs == (1,), "no load while the data is fresh"

"""`obrail etl --every N`: the schedule follows the last successful run stored in the warehouse."""

from __future__ import annotations

import threading

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

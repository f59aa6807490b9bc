"""One load at a time (issue 16, item 1 and 4): a second load says which run is running and
changes nothing; every session of a load and of its gate is bounded; runs that died are marked
failed by the next load, and their staging schemas dropped.
Run on the synthetic mirror: the behaviour does not depend on the real data."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import create_engine, text

from obrail.settings import sqlalchemy_url
from quality.gate import session_url
from tests.conftest import warehouse_settings
from tests.support.database import fetch_one, loaded_template, temporary_database
from warehouse.etl import run_etl
from warehouse.lock import STAGING_PREFIX
from warehouse.sources.errors import SourceUnavailable

ROOT = Path(__file__).resolve().parents[2]


def _published(url: str) -> tuple[Any, ...]:
    with psycopg.connect(url) as connection:
        return fetch_one(
            connection.execute(
                "SELECT (SELECT data_version FROM core.publication), (SELECT count(*) FROM core.trajets),"
                " (SELECT count(*) FROM core.calls)"
            )
        )


def _staging_schemas(url: str) -> list[str]:
    with psycopg.connect(url) as connection:
        return [
            name
            for (name,) in connection.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'staging%' ORDER BY 1"
            ).fetchall()
        ]


def _obrail(
    *args: str, url: str, synthetic_dir: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "OBRAIL_DATABASE_URL": url,
        "OBRAIL_DATA_DIR": str(synthetic_dir),
        "OBRAIL_LOG_LEVEL": "WARNING",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "obrail.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


@dataclass
class Contention:
    """What was seen while a first load was held inside its publishing gate."""

    running_run_id: int = 0
    published_before: tuple[Any, ...] = ()
    published_during: tuple[Any, ...] = ()
    staging_during: list[str] = field(default_factory=list)
    gate_settings: dict[str, str] = field(default_factory=dict)
    gate_engine_settings: dict[str, str] = field(default_factory=dict)
    second: subprocess.CompletedProcess[str] | None = None
    second_duration_s: float = 0.0
    first_error: BaseException | None = None
    statuses: list[tuple[int, str]] = field(default_factory=list)
    staging_after: list[str] = field(default_factory=list)


SETTINGS = ("lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout")


@pytest.fixture(scope="module")
def contention(synthetic_dir) -> Iterator[Contention]:
    """A first load stopped in its gate; meanwhile a second `obrail etl` is started."""
    seen = Contention()
    in_gate, release = threading.Event(), threading.Event()

    def gate(connection: psycopg.Connection[Any], run_id: int) -> list[str]:
        seen.running_run_id = run_id
        for name in SETTINGS:
            seen.gate_settings[name] = str(fetch_one(connection.execute(f"SHOW {name}"))[0])
        engine = create_engine(session_url(sqlalchemy_url(url), connection))
        try:
            with engine.connect() as other:
                for name in SETTINGS:
                    seen.gate_engine_settings[name] = str(
                        other.execute(text(f"SHOW {name}")).scalar()
                    )
        finally:
            engine.dispose()
        in_gate.set()
        release.wait(120)
        return []

    with temporary_database("obrail_lock", template=loaded_template(synthetic_dir)) as url:
        seen.published_before = _published(url)

        def first() -> None:
            try:
                run_etl(warehouse_settings(url, synthetic_dir), gates=[gate])
            except BaseException as error:
                seen.first_error = error
                in_gate.set()

        thread = threading.Thread(target=first)
        thread.start()
        try:
            assert in_gate.wait(300), "the first load never reached its gate"
            seen.staging_during = _staging_schemas(url)
            started = time.monotonic()
            seen.second = _obrail(
                "etl", url=url, synthetic_dir=synthetic_dir, OBRAIL_ETL_LOCK_WAIT_S="2"
            )
            seen.second_duration_s = time.monotonic() - started
            seen.published_during = _published(url)
        finally:
            release.set()
            thread.join(300)
        with psycopg.connect(url) as connection:
            seen.statuses = [
                (int(run_id), str(status))
                for run_id, status in connection.execute(
                    "SELECT run_id, status FROM core.etl_runs ORDER BY run_id"
                ).fetchall()
            ]
        seen.staging_after = _staging_schemas(url)
        yield seen


def test_a_second_load_names_the_running_run_and_exits_3(contention):
    assert contention.first_error is None
    second = contention.second
    assert second is not None
    assert second.returncode == 3, second.stderr
    message = second.stderr
    assert f"another load is running (run {contention.running_run_id}, started at " in message
    assert "Traceback" not in message
    # It waited OBRAIL_ETL_LOCK_WAIT_S (2 s), not until the first load let go: the first load
    # holds the lock until this command returns (or 120 s). The upper bound leaves room for the
    # interpreter's start on a loaded 2-core machine (seen: 44 s at load 15).
    assert 2 <= contention.second_duration_s < 100


def test_the_second_load_changed_nothing_and_recorded_no_run(contention):
    assert contention.published_during == contention.published_before
    run_ids = [run_id for run_id, _ in contention.statuses]
    assert run_ids[-1] == contention.running_run_id  # no run row from the refused load
    assert contention.statuses[-1] == (contention.running_run_id, "succeeded")


def test_each_run_stages_in_its_own_schema_dropped_at_the_end(contention):
    assert contention.staging_during == [f"{STAGING_PREFIX}{contention.running_run_id}"]
    assert contention.staging_after == []


def test_every_session_of_the_load_and_of_its_gate_is_bounded(contention):
    for settings in (contention.gate_settings, contention.gate_engine_settings):
        assert settings == {
            "lock_timeout": "30s",
            "statement_timeout": "15min",
            "idle_in_transaction_session_timeout": "15min",
        }


@pytest.mark.timeout(120)
def test_a_lock_held_elsewhere_fails_the_load_instead_of_hanging(clone_synthetic_db, synthetic_dir):
    before = _published(clone_synthetic_db)
    with psycopg.connect(clone_synthetic_db) as blocker:
        blocker.execute("LOCK TABLE core.etl_runs IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        with pytest.raises(psycopg.errors.LockNotAvailable):
            run_etl(
                warehouse_settings(clone_synthetic_db, synthetic_dir, etl_lock_timeout_s=1),
                gates=[],
            )
        elapsed = time.monotonic() - started
        blocker.rollback()
    assert elapsed < 10
    assert _published(clone_synthetic_db) == before


def test_a_run_that_died_is_marked_failed_and_its_staging_dropped(clone_synthetic_db, tmp_path):
    with psycopg.connect(clone_synthetic_db, autocommit=True) as connection:
        (dead,) = fetch_one(
            connection.execute(
                "INSERT INTO core.etl_runs (status, code_version, started_at)"
                " VALUES ('running', 'killed', now() - interval '1 hour') RETURNING run_id"
            )
        )
        connection.execute(f"CREATE SCHEMA {STAGING_PREFIX}{dead}")
        connection.execute(f"CREATE TABLE {STAGING_PREFIX}{dead}.trajets (x int)")
        connection.execute("CREATE SCHEMA staging")  # left by a release before per-run staging
    # The next load (here one that then fails: no sources) cleans up before anything else.
    with pytest.raises(SourceUnavailable):
        run_etl(warehouse_settings(clone_synthetic_db, tmp_path), gates=[])
    with psycopg.connect(clone_synthetic_db) as connection:
        status, finished, error = fetch_one(
            connection.execute(
                "SELECT status, finished_at, error FROM core.etl_runs WHERE run_id = %s", (dead,)
            )
        )
    assert status == "failed" and finished is not None and error.startswith("interrupted")
    assert _staging_schemas(clone_synthetic_db) == []

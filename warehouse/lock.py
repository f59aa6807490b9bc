"""One load at a time: the load lock, bounded database sessions, and the runs that died.

`obrail etl` holds a PostgreSQL session-level advisory lock (`LOAD_LOCK_KEY`, scoped to the
database) from before it reads the sources until it has published or failed. A second load
started meanwhile (a manual run next to `obrail etl --every`, two CronJob pods) does not touch
anything: it waits at most `etl_lock_wait_s` seconds, then stops with `LoadInProgress`, which
names the running run and since when.

The lock lives as long as the session that took it: a run killed in any way (SIGKILL, a lost
node) loses it when PostgreSQL closes that session. So a run still marked 'running' while the lock
is free has died; the next load, holding the lock, marks it failed and drops its staging schema.

Every session of the ETL (and of its quality gate, which inherits the options) carries lock and
statement timeouts and the server checks that its client is still there: nothing waits forever.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg import sql

log = logging.getLogger(__name__)

#: Advisory lock key of the load (any constant: advisory locks are scoped to one database).
LOAD_LOCK_KEY = 0x0B5A11_E71
#: Prefix of the per-run staging schemas (`staging_run_<run id>`).
STAGING_PREFIX = "staging_run_"
#: The staging schema of the releases before per-run staging.
LEGACY_STAGING = "staging"
#: `obrail etl` exit code when another load holds the lock (nothing was changed).
EXIT_LOAD_IN_PROGRESS = 3
#: How often a waiting load tries the lock again.
POLL_S = 1.0


@dataclass(frozen=True)
class SessionLimits:
    """Bounds of every database session of a load."""

    lock_timeout_s: float = 30.0
    statement_timeout_s: float = 900.0
    client_check_s: float = 5.0

    def options(self) -> str:
        """libpq `options`: the server applies these settings to the session from its start."""
        settings = {
            "lock_timeout": f"{round(self.lock_timeout_s * 1000)}ms",
            "statement_timeout": f"{round(self.statement_timeout_s * 1000)}ms",
            # A transaction left idle (a client stuck or gone) cannot hold its locks for long.
            "idle_in_transaction_session_timeout": f"{round(self.statement_timeout_s * 1000)}ms",
            # A backend busy on a query notices a vanished client (killed process) within this.
            "client_connection_check_interval": f"{round(self.client_check_s * 1000)}ms",
        }
        return " ".join(f"-c {name}={value}" for name, value in settings.items())


DEFAULT_LIMITS = SessionLimits()


def connect(
    url: str, limits: SessionLimits, *, autocommit: bool = False
) -> psycopg.Connection[Any]:
    """A session of the load: bounded by `limits`, named in pg_stat_activity."""
    return psycopg.connect(
        url,
        autocommit=autocommit,
        options=limits.options(),
        application_name="obrail-etl",
        connect_timeout=10,
    )


class LoadInProgress(RuntimeError):
    """Another load holds the lock."""

    def __init__(self, run_id: int | None, started_at: datetime | None, waited_s: float) -> None:
        running = (
            f"run {run_id}, started at {started_at.isoformat(timespec='seconds')}"
            if run_id is not None and started_at is not None
            else "a run that has not recorded itself yet"
        )
        super().__init__(
            f"another load is running ({running}); waited {waited_s:.0f} s. Try again when it "
            "has finished (GET /etl/runs), or raise OBRAIL_ETL_LOCK_WAIT_S to wait longer."
        )
        self.run_id = run_id
        self.started_at = started_at


@dataclass(frozen=True)
class Reaped:
    """What a new load cleaned up after the runs that died."""

    failed_runs: tuple[int, ...]
    dropped_schemas: tuple[str, ...]


def staging_schema(run_id: int) -> str:
    return f"{STAGING_PREFIX}{int(run_id)}"


@contextmanager
def load_lock(url: str, limits: SessionLimits, wait_s: float = 0.0) -> Iterator[Reaped]:
    """Hold the load lock for the duration of the block (raises LoadInProgress after `wait_s`)."""
    connection = connect(url, limits, autocommit=True)
    try:
        started = time.monotonic()
        while not _try_lock(connection):
            waited = time.monotonic() - started
            if waited >= wait_s:
                run_id, since = _running_run(connection)
                raise LoadInProgress(run_id, since, waited)
            time.sleep(min(POLL_S, max(0.0, wait_s - waited)))
        try:
            yield reap_dead_runs(connection)
        finally:
            if not connection.closed:
                connection.execute("SELECT pg_advisory_unlock(%s)", (LOAD_LOCK_KEY,))
    finally:
        connection.close()


def _try_lock(connection: psycopg.Connection[Any]) -> bool:
    row = connection.execute("SELECT pg_try_advisory_lock(%s)", (LOAD_LOCK_KEY,)).fetchone()
    return bool(row and row[0])


def _running_run(connection: psycopg.Connection[Any]) -> tuple[int | None, datetime | None]:
    row = connection.execute(
        "SELECT run_id, started_at FROM core.etl_runs WHERE status = 'running'"
        " ORDER BY run_id DESC LIMIT 1"
    ).fetchone()
    return (int(row[0]), row[1]) if row else (None, None)


def reap_dead_runs(connection: psycopg.Connection[Any]) -> Reaped:
    """With the lock held: every run still 'running' has died (it would hold the lock);
    mark it failed and drop the staging schemas left behind."""
    failed = connection.execute(
        "UPDATE core.etl_runs SET status = 'failed', finished_at = now(),"
        " error = 'interrupted: the process ended without finishing the run"
        " (killed, or its database session was lost); found by the next load'"
        " WHERE status = 'running' RETURNING run_id"
    ).fetchall()
    schemas = [
        str(name)
        for (name,) in connection.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = %s OR nspname LIKE %s"
            " ORDER BY nspname",
            (LEGACY_STAGING, STAGING_PREFIX.replace("_", r"\_") + "%"),
        ).fetchall()
    ]
    for schema in schemas:
        connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
    reaped = Reaped(tuple(int(run_id) for (run_id,) in failed), tuple(schemas))
    if reaped.failed_runs or reaped.dropped_schemas:
        log.warning(
            "etl: cleaned up after runs that died",
            extra={"failed_runs": list(reaped.failed_runs), "dropped_schemas": schemas},
        )
    return reaped

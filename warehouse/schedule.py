"""`obrail etl --every N`: keep the published data at most N seconds old (docker compose's
`scheduler` service).

The schedule is anchored on the last successful run recorded in the warehouse, not on the
process: a restarted scheduler, or one started right after the initial one-shot load, does not
reload data that is still fresh. A failed run is retried after `retry_s`, not in a tight loop; so is a run that found another
load holding the load lock (a manual `obrail etl`, exit 3).
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
from collections.abc import Callable
from types import FrameType
from typing import Protocol

import psycopg

from obrail.logs import configure_logging
from obrail.settings import libpq_url
from warehouse.lock import EXIT_LOAD_IN_PROGRESS
from warehouse.settings import WarehouseSettings

log = logging.getLogger(__name__)

#: Longest wait after a failed run (or an unreachable database) before trying again.
RETRY_S = 900.0


def run_etl_every(every_s: int) -> int:
    """`obrail etl --every N`: the ETL of `warehouse.commands`, on the warehouse's schedule."""
    from warehouse.commands import run_etl

    settings = WarehouseSettings()
    configure_logging("warehouse", settings.log_level)
    stop = stop_on_signals()
    try:
        return run_every(every_s, settings.require_database_url(), run_etl, stop)
    finally:
        stop.close()


def seconds_until_due(database_url: str, every_s: float) -> float:
    """Seconds before the last successful ETL run becomes `every_s` old (<= 0: due now)."""
    with psycopg.connect(libpq_url(database_url)) as connection:
        row = connection.execute(
            "SELECT extract(epoch FROM now() - max(finished_at))"
            " FROM core.etl_runs WHERE status = 'succeeded'"
        ).fetchone()
    age = row[0] if row else None
    return 0.0 if age is None else every_s - float(age)


def run_every(
    every_s: float,
    database_url: str,
    run: Callable[[], int],
    stop: Stop,
    retry_s: float = RETRY_S,
) -> int:
    """Run `run` whenever the data is due, until `stop` is set; returns 0 (stopped cleanly)."""
    retry_s = min(retry_s, every_s)
    while not stop.is_set():
        try:
            due_in = seconds_until_due(database_url, every_s)
        except psycopg.Error as error:
            log.error("etl schedule: warehouse unreachable", extra={"error": str(error)})
            stop.wait(retry_s)
            continue
        if due_in > 0:
            log.info("etl schedule: data is fresh", extra={"next_run_in_s": round(due_in)})
            stop.wait(due_in)
            continue
        code = run()
        if code == EXIT_LOAD_IN_PROGRESS:
            log.warning("etl schedule: another load is running", extra={"retry_in_s": retry_s})
            stop.wait(retry_s)
        elif code != 0:
            log.error("etl schedule: run failed", extra={"retry_in_s": retry_s})
            stop.wait(retry_s)
    return 0


class Stop(Protocol):
    """What ends `run_every`: a `threading.Event`, or the `SignalStop` of the console command."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


class SignalStop:
    """A stop that a signal handler may set. A `threading.Event` may not: the handler runs in the
    main thread, between two bytecodes, possibly inside `Event.wait` while that thread holds the
    event's lock, and `Event.set` takes the same lock: the scheduler then hangs until killed
    (seen in a test run, reproduced by tests/warehouse/test_schedule.py). Setting this one takes
    no lock: it writes a byte to a pipe, which `wait` watches."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)
        self._set = False

    def set(self) -> None:
        self._set = True
        with contextlib.suppress(BlockingIOError):  # the pipe is full of wake-ups: one is enough
            os.write(self._write, b"x")

    def is_set(self) -> bool:
        return self._set

    def wait(self, timeout: float | None = None) -> bool:
        """Until set or `timeout` seconds have passed; whether it is set."""
        if not self._set:
            select.select([self._read], [], [], None if timeout is None else max(timeout, 0.0))
        return self._set

    def close(self) -> None:
        os.close(self._read)
        os.close(self._write)


def stop_on_signals() -> SignalStop:
    """A stop set by SIGTERM (docker stop) or SIGINT: the scheduler ends between two runs."""
    stop = SignalStop()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    return stop

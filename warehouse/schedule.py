"""`obrail etl --every N`: keep the published data at most N seconds old (docker compose's
`scheduler` service).

The schedule is anchored on the last successful run recorded in the warehouse, not on the
process: a restarted scheduler, or one started right after the initial one-shot load, does not
reload data that is still fresh. A failed run is retried after `retry_s`, not in a tight loop; so is a run that found another
load holding the load lock (a manual `obrail etl`, exit 3).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import psycopg

from obrail.logs import configure_logging
from obrail.settings import libpq_url
from obrail.signals import Stop, stopped_by_signals
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
    with stopped_by_signals() as stop:
        return run_every(every_s, settings.require_database_url(), run_etl, stop)


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

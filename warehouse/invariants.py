"""What the warehouse itself refuses to publish, whatever gates are installed.

* Referential holes staging cannot refuse (its tables have no foreign keys, for fast copies) and
  the published tables would not catch: a trajet without calls (no constraint says a trajet has
  calls), and an empty network (publishing it would empty the published data). The calls'
  references to trajets and stations are not checked here: the quality gate checks them
  (`call_trajet_known`, `call_station_known`, critical) and without a gate the foreign keys of
  `core` refuse them at the swap, which then rolls back.
* A volume drop against the published run (a truncated feed must not be published as a smaller
  network).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

log = logging.getLogger(__name__)


def integrity_problems(connection: psycopg.Connection[Any], schema: str) -> list[str]:
    """Trajets without calls, and an empty network, in the run's staging schema."""
    staging = sql.Identifier(schema)
    problems = []
    row = connection.execute(
        sql.SQL(
            "SELECT count(*) FROM {s}.trajets t"
            " WHERE NOT EXISTS (SELECT 1 FROM {s}.calls c WHERE c.trajet_id = t.trajet_id)"
        ).format(s=staging)
    ).fetchone()
    if row and row[0]:
        problems.append(f"{int(row[0])} trajets without calls")
    row = connection.execute(sql.SQL("SELECT count(*) FROM {}.trajets").format(staging)).fetchone()
    if not row or not row[0]:
        problems.append("no trajet to publish")
    return problems


@dataclass(frozen=True)
class VolumeGuard:
    """A source whose loaded rows (trips) or calls fall by more than `max_drop` against the
    published run is refused: a truncated feed must not be published as a smaller network.
    `accept_drop` (`obrail etl --accept-volume-drop`) lets one run publish a legitimate drop."""

    max_drop: float = 0.25
    accept_drop: bool = False


#: Refuse a drop of more than a quarter, unless accepted.
DEFAULT_VOLUME_GUARD = VolumeGuard()


def volume_drops(connection: psycopg.Connection[Any], run_id: int, guard: VolumeGuard) -> list[str]:
    """Per source, this run's loaded rows and calls against the published run's."""
    rows = connection.execute(
        "SELECT c.source_id, p.run_id, p.rows_loaded, c.rows_loaded, p.calls_loaded, c.calls_loaded"
        " FROM core.etl_run_sources c JOIN core.etl_run_sources p ON p.source_id = c.source_id"
        " AND p.run_id = (SELECT run_id FROM core.publication)"
        " WHERE c.run_id = %s ORDER BY c.source_id",
        (run_id,),
    ).fetchall()
    drops = []
    for source_id, published_run, rows_before, rows_now, calls_before, calls_now in rows:
        for what, before, now in (
            ("rows", rows_before, rows_now),
            ("calls", calls_before, calls_now),
        ):
            if before and now < before * (1 - guard.max_drop):
                drops.append(
                    f"volume drop: {source_id} loaded {now} {what} against {before} in the "
                    f"published run {published_run} (-{100 * (before - now) / before:.0f} %, more "
                    f"than the {100 * guard.max_drop:.0f} % allowed by OBRAIL_ETL_MAX_VOLUME_DROP)"
                )
    if drops and guard.accept_drop:
        log.warning("etl: volume drop accepted (--accept-volume-drop)", extra={"drops": drops})
        return []
    if drops:
        drops.append("if the drop is legitimate, publish it with `obrail etl --accept-volume-drop`")
    return drops

"""Publishing: staging schema -> gates -> swap into `core` in one transaction.

The caller holds the load lock (warehouse.lock) and recorded the run (warehouse.runs). Then
* the harmonised rows are copied into the run's own staging schema (warehouse.staging);
* the warehouse's own invariants (warehouse.invariants) and the gates registered by other
  packages (the quality suites, through the `obrail.gates` entry point) validate staging;
* one transaction replaces the content of every published table with staging's, rebuilds the
  read model from it (warehouse.read_model), sets core.publication with the data version
  (warehouse.fingerprint) and marks the run 'succeeded'. Readers see the old data and read
  model or the new, never a mix.
Any failure before that commit leaves the published data untouched (the caller marks the run
'failed'). Every session is bounded (lock and statement timeouts, `SessionLimits`); the staging
schema is dropped when the run ends, or by the next load if the process died.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from warehouse import read_model
from warehouse.fingerprint import content_version
from warehouse.invariants import (
    DEFAULT_VOLUME_GUARD,
    VolumeGuard,
    integrity_problems,
    volume_drops,
)
from warehouse.lock import DEFAULT_LIMITS, SessionLimits, connect, staging_schema
from warehouse.pipeline import Harmonised
from warehouse.staging import drop_staging, fill_staging
from warehouse.tables import PUBLISHED_TABLES

log = logging.getLogger(__name__)

GateCheck = Callable[[psycopg.Connection[Any], int], list[str]]
"""A gate: given a connection (search_path = the run's staging schema) and the run id, the
reasons to refuse. The connection carries the load's session limits (`connection.info.options`):
a gate opening its own sessions passes them on."""


#: Memory of each sort or hash of the publishing session: the read model's documents and the
#: city pairs are built in memory instead of temporary files (the server's default is 4 MB).
PUBLISH_WORK_MEM = "64MB"

#: The publishing session compresses the long values it writes (the read model's documents:
#: about 100 MB of JSON) with lz4 where the server has it: a few times cheaper than the default
#: pglz. Only the storage changes: every value reads back the same.
FAST_COMPRESSION = sql.SQL(
    "SELECT set_config('default_toast_compression', 'lz4', false) FROM pg_settings"
    " WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
)


class GateRefused(RuntimeError):
    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("publication refused by the quality gate: " + "; ".join(reasons))
        self.reasons = list(reasons)


@dataclass(frozen=True)
class PublishResult:
    run_id: int
    data_version: str


def publish(
    url: str,
    run_id: int,
    harmonised: Harmonised,
    gates: Iterable[GateCheck] = (),
    limits: SessionLimits = DEFAULT_LIMITS,
    volume_guard: VolumeGuard = DEFAULT_VOLUME_GUARD,
) -> PublishResult:
    schema = staging_schema(run_id)
    with connect(url, limits) as connection:
        connection.execute(sql.SQL("SET work_mem = {}").format(sql.Literal(PUBLISH_WORK_MEM)))
        connection.execute(FAST_COMPRESSION)
        try:
            fill_staging(connection, schema, harmonised)
            connection.commit()
            reasons = integrity_problems(connection, schema)
            reasons += volume_drops(connection, run_id, volume_guard)
            connection.commit()
            connection.execute(
                sql.SQL("SET search_path TO {}, public").format(sql.Identifier(schema))
            )
            for gate in gates:
                reasons += gate(connection, run_id)
            connection.execute("RESET search_path")
            connection.commit()
            if reasons:
                raise GateRefused(reasons)
            version = content_version(connection, schema)
            _swap(connection, schema, run_id, version)
            connection.commit()
        finally:
            drop_staging(connection, schema)
    with connect(url, limits, autocommit=True) as connection:
        for table in PUBLISHED_TABLES:
            connection.execute(sql.SQL("ANALYZE core.{}").format(sql.Identifier(table)))
        read_model.analyze(connection)
    return PublishResult(run_id, version)


def _swap(connection: psycopg.Connection[Any], schema: str, run_id: int, version: str) -> None:
    """Replace every published table's content and the read model built from it in this one
    transaction (readers keep reading the old rows until it commits)."""
    for table in reversed(PUBLISHED_TABLES):
        connection.execute(sql.SQL("DELETE FROM core.{}").format(sql.Identifier(table)))
    for table in PUBLISHED_TABLES:
        connection.execute(
            sql.SQL("INSERT INTO core.{t} SELECT * FROM {s}.{t}").format(
                s=sql.Identifier(schema), t=sql.Identifier(table)
            )
        )
    started = time.perf_counter()
    read_model.rebuild(connection)
    log.info(
        "etl: read model rebuilt",
        extra={"run_id": run_id, "duration_s": round(time.perf_counter() - started, 3)},
    )
    connection.execute(
        "INSERT INTO core.publication (singleton, data_version, published_at, run_id) VALUES (true, %s, now(), %s)"
        " ON CONFLICT (singleton) DO UPDATE SET data_version = excluded.data_version,"
        " published_at = excluded.published_at, run_id = excluded.run_id",
        (version, run_id),
    )
    connection.execute(
        "UPDATE core.etl_runs SET status = 'succeeded', finished_at = now(), data_version = %s WHERE run_id = %s",
        (version, run_id),
    )

"""ETL run metrics pushed to a Prometheus Pushgateway (job `obrail-etl`).

The Pushgateway keeps the last push of a job, so every value is a gauge describing the last run;
the time of the last success comes from the warehouse, so a failed run does not erase it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from prometheus_client import CollectorRegistry, Gauge, push_to_gateway

from warehouse.lock import DEFAULT_LIMITS, SessionLimits, connect
from warehouse.pipeline import SourceReport

log = logging.getLogger(__name__)

JOB = "obrail-etl"


def last_success_timestamp(url: str, limits: SessionLimits = DEFAULT_LIMITS) -> float | None:
    with connect(url, limits) as connection:
        row = connection.execute(
            "SELECT extract(epoch FROM max(finished_at)) FROM core.etl_runs WHERE status = 'succeeded'"
        ).fetchone()
    return float(row[0]) if row and row[0] is not None else None


def published_trajets(url: str, limits: SessionLimits = DEFAULT_LIMITS) -> dict[str, int]:
    with connect(url, limits) as connection:
        rows: list[Any] = connection.execute(
            "SELECT source_id, count(*) FROM core.trajets GROUP BY source_id"
        ).fetchall()
    return {source_id: int(count) for source_id, count in rows}


def build_registry(
    *,
    success: bool,
    duration_s: float,
    reports: Sequence[SourceReport],
    last_success: float | None,
    trajets: dict[str, int],
    now: float | None = None,
) -> CollectorRegistry:
    registry = CollectorRegistry()
    Gauge(
        "obrail_etl_last_run_timestamp_seconds",
        "End of the last ETL run (Unix time).",
        registry=registry,
    ).set(now if now is not None else time.time())
    Gauge(
        "obrail_etl_last_run_success",
        "1 when the last ETL run published, 0 when it failed.",
        registry=registry,
    ).set(1 if success else 0)
    Gauge("obrail_etl_duration_seconds", "Duration of the last ETL run.", registry=registry).set(
        duration_s
    )
    if last_success is not None:
        Gauge(
            "obrail_etl_last_success_timestamp_seconds",
            "End of the last successful ETL run.",
            registry=registry,
        ).set(last_success)
    rows = Gauge(
        "obrail_etl_rows",
        "Rows of the last run per source: read, loaded, rejected.",
        ["source_id", "kind"],
        registry=registry,
    )
    for report in reports:
        rows.labels(report.source_id, "read").set(report.rows_read)
        rows.labels(report.source_id, "loaded").set(report.rows_loaded)
        rows.labels(report.source_id, "rejected").set(report.rows_rejected)
    published = Gauge(
        "obrail_etl_published_trajets",
        "Services (one train, all its days) published per source.",
        ["source_id"],
        registry=registry,
    )
    for source_id, count in trajets.items():
        published.labels(source_id).set(count)
    return registry


def push(gateway: str, registry: CollectorRegistry) -> None:
    """Push; a monitoring outage must not fail the load, so errors are logged, not raised."""
    try:
        push_to_gateway(gateway, job=JOB, registry=registry, timeout=10)
    except OSError as error:
        log.warning(
            "could not push ETL metrics", extra={"pushgateway": gateway, "error": str(error)}
        )

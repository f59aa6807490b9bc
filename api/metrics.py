"""Prometheus metrics of the API (names agreed in the contract; docs/api/metriques.md lists them).

Each app has its own registry (tests build several apps in one process). Request metrics are
updated by the observability middleware; pool and data gauges are read at scrape time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from api.predictions.metrics import PredictionMetrics

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class DataSnapshot:
    """The last data figures read from the warehouse (refreshed when /metrics is scraped)."""

    def __init__(self) -> None:
        self.values: Mapping[str, Any] | None = None
        self.data_version: str | None = None
        self.read_at = 0.0


class _ScrapeTimeCollector(Collector):
    def __init__(self, pool_stats: Callable[[], dict[str, int]], data: DataSnapshot) -> None:
        self._pool_stats = pool_stats
        self._data = data

    def collect(self) -> Iterator[Metric]:
        pool = GaugeMetricFamily(
            "obrail_db_pool_connections", "Database connections of the API pool.", labels=["state"]
        )
        for state, value in self._pool_stats().items():
            pool.add_metric([state], value)
        yield pool
        yield from self._data_metrics()

    def _data_metrics(self) -> Iterator[Metric]:
        values = self._data.values
        if values is None:
            return
        trajets = GaugeMetricFamily(
            "obrail_data_trajets",
            "Services (one train, all its days) of the current editions counted in statistics.",
            labels=["source_id", "day_night"],
        )
        implausible = GaugeMetricFamily(
            "obrail_data_trajets_implausible",
            "Services of the current editions flagged implausible (published, not counted).",
            labels=["source_id", "day_night"],
        )
        for row in values["trajets"]:
            trajets.add_metric([row["source_id"], row["day_night"]], row["trajets"])
            implausible.add_metric([row["source_id"], row["day_night"]], row["implausible"])
        yield trajets
        yield implausible
        expired = GaugeMetricFamily(
            "obrail_source_expired",
            "1 when a current timetable edition has expired today, else 0.",
            labels=["source_id"],
        )
        for row in values["expired"]:
            expired.add_metric([row["source_id"]], row["expired"])
        yield expired
        valid = GaugeMetricFamily(
            "obrail_source_valid_until_timestamp_seconds",
            "End of validity of the current timetable sources (start of the day after the last "
            "valid day, UTC).",
            labels=["source_id"],
        )
        for row in values["valid_until"]:
            valid.add_metric([row["source_id"]], float(row["valid_until"]))
        yield valid
        last_success = values["last_etl_success"]
        if last_success is not None:
            yield GaugeMetricFamily(
                "obrail_data_last_etl_success_timestamp_seconds",
                "End of the last successful ETL run.",
                value=float(last_success),
            )
            yield GaugeMetricFamily(
                "obrail_data_age_seconds",
                "Seconds since the last successful ETL run.",
                value=max(0.0, time.time() - float(last_success)),
            )


class ApiMetrics:
    def __init__(self, version: str) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "obrail_http_requests",
            "HTTP requests answered, by route template, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.duration = Histogram(
            "obrail_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and method.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "obrail_http_requests_in_flight", "Requests being answered.", registry=self.registry
        )
        self.rate_limited = Counter(
            "obrail_http_rate_limited",
            "Requests refused with 429, by route template.",
            ["route"],
            registry=self.registry,
        )
        self.db_errors = Counter(
            "obrail_db_errors",
            "Database errors: unavailable (connection), timeout (statement), query (other).",
            ["kind"],
            registry=self.registry,
        )
        for kind in ("unavailable", "timeout", "query"):
            self.db_errors.labels(kind)
        Gauge(
            "obrail_build_info", "Version of the API.", ["version"], registry=self.registry
        ).labels(version).set(1)
        self.data = DataSnapshot()
        self.predictions = PredictionMetrics(self.registry)

    def count_db_error(self, kind: str) -> None:
        self.db_errors.labels(kind).inc()

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.duration.labels(route, method).observe(seconds)

    def watch_pool(self, pool_stats: Callable[[], dict[str, int]]) -> None:
        self.registry.register(_ScrapeTimeCollector(pool_stats, self.data))

    def render(self) -> bytes:
        return generate_latest(self.registry)

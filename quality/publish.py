"""Pushes a run's results to the Prometheus Pushgateway (job obrail-quality, grouping label
target=published|staging). Gauges only: the Pushgateway keeps the last push of each group."""

from __future__ import annotations

import logging

from prometheus_client import CollectorRegistry, Gauge, push_to_gateway

from quality.results import ExpectationOutcome, RunReport

log = logging.getLogger(__name__)

JOB = "obrail-quality"


def registry_for(report: RunReport) -> CollectorRegistry:
    """The metrics of CONTRACT.md for one run."""
    registry = CollectorRegistry()
    labels = ("suite", "expectation", "severity")
    success = Gauge(
        "obrail_quality_expectation_success",
        "1 when the expectation is met in the last run, else 0.",
        labels,
        registry=registry,
    )
    unexpected = Gauge(
        "obrail_quality_expectation_unexpected",
        "Rows breaking the expectation in the last run (table-level: 1 when not met).",
        labels,
        registry=registry,
    )
    for outcome in report.outcomes:
        key = (outcome.suite, outcome.expectation, outcome.severity.value)
        success.labels(*key).set(1 if outcome.success else 0)
        unexpected.labels(*key).set(unexpected_value(outcome))
    suite_success = Gauge(
        "obrail_quality_suite_success",
        "1 when every expectation of the suite is met in the last run, else 0.",
        ("suite",),
        registry=registry,
    )
    for suite, outcomes in report.suites().items():
        suite_success.labels(suite).set(1 if all(o.success for o in outcomes) else 0)
    Gauge(
        "obrail_quality_critical_failures",
        "Critical expectations not met in the last run (> 0 blocks publication in the ETL gate).",
        registry=registry,
    ).set(report.critical_failures)
    Gauge(
        "obrail_quality_warning_failures",
        "Warning expectations not met in the last run.",
        registry=registry,
    ).set(report.warning_failures)
    Gauge(
        "obrail_quality_run_duration_seconds",
        "Duration of the last validation run.",
        registry=registry,
    ).set(report.duration_s)
    Gauge(
        "obrail_quality_last_run_timestamp_seconds",
        "Start of the last validation run (Unix time).",
        registry=registry,
    ).set(report.started_at.timestamp())
    return registry


def unexpected_value(outcome: ExpectationOutcome) -> float:
    if outcome.unexpected_count is not None:
        return float(outcome.unexpected_count)
    return 0.0 if outcome.success else 1.0


def push(report: RunReport, gateway_url: str, timeout_s: float) -> bool:
    """Push the run's gauges; a failure is logged and reported as False, never raised."""
    try:
        push_to_gateway(
            gateway_url,
            job=JOB,
            registry=registry_for(report),
            grouping_key={"target": report.target.name.value},
            timeout=timeout_s,
        )
    except OSError as error:
        log.warning(
            "could not push quality metrics",
            extra={"pushgateway_url": gateway_url, "error": str(error)},
        )
        return False
    return True

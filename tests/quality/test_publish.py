"""Quality metrics arrive in a real Pushgateway with the agreed names, labels and values."""

from __future__ import annotations

import pytest

from quality.publish import JOB, push
from tests.quality.pushgateway import running_pushgateway, scrape, value
from tests.support.network import free_port


@pytest.fixture
def pushgateway(tmp_path):
    with running_pushgateway(tmp_path) as url:
        yield url


def test_published_run_metrics_arrive_with_labels_and_values(pushgateway, published_report):
    assert push(published_report, pushgateway, timeout_s=5) is True
    samples = scrape(pushgateway)
    group = {"job": JOB, "target": "published"}
    for o in published_report.outcomes:
        labels = {
            **group,
            "suite": o.suite,
            "expectation": o.expectation,
            "severity": o.severity.value,
        }
        assert value(samples, "obrail_quality_expectation_success", **labels) == (
            1.0 if o.success else 0.0
        )
        expected_unexpected = o.unexpected_count if o.unexpected_count is not None else 0
        assert value(samples, "obrail_quality_expectation_unexpected", **labels) == float(
            expected_unexpected
        )
    for suite, outcomes in published_report.suites().items():
        assert value(samples, "obrail_quality_suite_success", **group, suite=suite) == float(
            all(o.success for o in outcomes)
        )
    assert value(samples, "obrail_quality_critical_failures", **group) == float(
        published_report.critical_failures
    )
    assert value(samples, "obrail_quality_warning_failures", **group) == float(
        published_report.warning_failures
    )
    assert value(samples, "obrail_quality_run_duration_seconds", **group) == pytest.approx(
        published_report.duration_s
    )
    assert value(samples, "obrail_quality_last_run_timestamp_seconds", **group) == pytest.approx(
        published_report.started_at.timestamp()
    )
    assert len(samples["obrail_quality_expectation_success"]) == len(published_report.outcomes)


def test_an_unreachable_pushgateway_is_reported_not_raised(published_report):
    assert push(published_report, f"http://127.0.0.1:{free_port()}", timeout_s=2) is False

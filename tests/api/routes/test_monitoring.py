"""GET /monitoring/alerts against a real Alertmanager, and GET /metrics (agreed metric names)."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.api.conftest import api_settings, scalar
from tests.api.server import running_api
from tests.support.network import free_port
from tests.support.waiting import wait_until

ALERTMANAGER_CONFIG = "route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n"


@contextmanager
def alertmanager(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
    if binary is None:
        pytest.fail("prometheus-alertmanager is not installed (scripts/system-deps.sh)")
    (tmp_path / "alertmanager.yml").write_text(ALERTMANAGER_CONFIG)
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            f"--config.file={tmp_path / 'alertmanager.yml'}",
            f"--storage.path={tmp_path}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        if process.poll() is not None:
            pytest.fail("Alertmanager stopped while starting")
        return httpx.get(f"{url}/-/ready", timeout=1).status_code == 200

    try:
        wait_until(ready, 20, "Alertmanager to be ready", interval_s=0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def post_alert(url: str, name: str, severity: str) -> None:
    alert = {
        "labels": {"alertname": name, "severity": severity, "service": "api"},
        "annotations": {
            "summary": f"{name} summary",
            "description": f"{name} description",
            "runbook_url": f"https://example.org/runbooks/{name}",
        },
        "startsAt": datetime.now(UTC).isoformat(),
    }
    httpx.post(f"{url}/api/v2/alerts", json=[alert], timeout=5).raise_for_status()


def test_alerts_come_from_alertmanager(api_url, tmp_path):
    with alertmanager(tmp_path) as am_url:
        post_alert(am_url, "ObrailDataStale", "warning")
        post_alert(am_url, "ObrailApiDown", "critical")
        post_alert(am_url, "ObrailWatchdog", "none")  # always firing by design: not an incident
        with running_api(api_settings(api_url, alertmanager_url=am_url)) as base:

            def both_listed() -> dict[str, Any] | None:
                payload: dict[str, Any] = httpx.get(f"{base}/monitoring/alerts").json()
                return payload if len(payload["alerts"]) == 2 else None

            payload = wait_until(both_listed, 10, "the API to list both incidents")
    assert payload["available"] is True
    assert [a["name"] for a in payload["alerts"]] == ["ObrailApiDown", "ObrailDataStale"]
    critical = payload["alerts"][0]
    assert critical["severity"] == "critical"
    assert critical["summary"] == "ObrailApiDown summary"
    assert critical["runbook_url"] == "https://example.org/runbooks/ObrailApiDown"
    assert critical["starts_at"]


def test_alerts_unavailable_when_alertmanager_is_unset_or_down(http, api_url):
    assert http.get("/monitoring/alerts").json() == {"available": False, "alerts": []}
    closed = f"http://127.0.0.1:{free_port()}"
    with running_api(api_settings(api_url, alertmanager_url=closed)) as base:
        response = httpx.get(f"{base}/monitoring/alerts")
    assert response.status_code == 200
    assert response.json() == {"available": False, "alerts": []}


def scrape(http) -> dict[str, list[Any]]:
    families = text_string_to_metric_families(http.get("/metrics").text)
    return {family.name: family.samples for family in families}


def test_metrics_expose_the_agreed_names(http, sql):
    http.get("/trajets/0000000000000000")
    http.get("/trajets", params={"day_night": "night"})
    metrics = scrape(http)
    requests = {
        (s.labels["route"], s.labels["status"]): s.value
        for s in metrics["obrail_http_requests"]
        if s.name == "obrail_http_requests_total"
    }
    assert requests[("/trajets/{trajet_id}", "404")] >= 1
    assert requests[("/trajets", "200")] >= 1
    durations = {s.labels.get("route") for s in metrics["obrail_http_request_duration_seconds"]}
    assert "/trajets" in durations
    assert "obrail_http_requests_in_flight" in metrics
    assert {s.labels["state"] for s in metrics["obrail_db_pool_connections"]} == {
        "in_use",
        "idle",
        "max",
    }
    assert {s.labels["kind"] for s in metrics["obrail_db_errors"]} >= {"unavailable", "timeout"}
    trajets = {
        (s.labels["source_id"], s.labels["day_night"]): s.value
        for s in metrics["obrail_data_trajets"]
    }
    assert trajets == {
        (source, day_night): float(n)
        for source, day_night, n in sql(
            "SELECT source_id, day_night, count(*) FILTER (WHERE counted_in_stats)"
            " FROM api.trajets WHERE is_current GROUP BY 1, 2"
        )
    }
    implausible = {
        (s.labels["source_id"], s.labels["day_night"]): s.value
        for s in metrics["obrail_data_trajets_implausible"]
    }
    assert implausible[("ontd@2026-06-30", "night")] == scalar(
        sql,
        "SELECT count(*) FROM api.trajets WHERE source_id = 'ontd@2026-06-30' AND NOT is_plausible",
    )
    expired = {s.labels["source_id"]: s.value for s in metrics["obrail_source_expired"]}
    assert expired == {
        source_id: float(is_expired)
        for source_id, is_expired in sql(
            "SELECT source_id, (validity_status = 'expired')::int FROM api.sources"
            " WHERE kind = 'timetable' AND is_current"
        )
    }
    valid = {s.labels["source_id"] for s in metrics["obrail_source_valid_until_timestamp_seconds"]}
    assert valid == {
        row[0]
        for row in sql(
            "SELECT source_id FROM api.sources WHERE kind = 'timetable' AND is_current "
            "AND valid_until IS NOT NULL"
        )
    }
    last_success = scalar(
        sql,
        "SELECT extract(epoch FROM max(finished_at)) FROM api.etl_runs WHERE status = 'succeeded'",
    )
    [sample] = metrics["obrail_data_last_etl_success_timestamp_seconds"]
    assert sample.value == pytest.approx(float(last_success))
    [age] = metrics["obrail_data_age_seconds"]
    assert age.value == pytest.approx(time.time() - float(last_success), abs=60)
    [build] = metrics["obrail_build_info"]
    assert build.value == 1 and build.labels["version"]


def test_rate_limited_requests_are_counted_by_route(api_url):
    with running_api(api_settings(api_url, rate_limit_per_minute=1, rate_limit_burst=1)) as base:
        statuses = [httpx.get(f"{base}/sources").status_code for _ in range(3)]
        text = httpx.get(f"{base}/metrics").text
    assert statuses == [200, 429, 429]
    samples = {
        s.labels["route"]: s.value
        for family in text_string_to_metric_families(text)
        if family.name == "obrail_http_rate_limited"
        for s in family.samples
        if s.name == "obrail_http_rate_limited_total"
    }
    assert samples == {"/sources": 2.0}

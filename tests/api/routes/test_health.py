"""/health, /health/live and /health/ready, with the database there, empty, or unreachable."""

from __future__ import annotations

import httpx

from tests.api.conftest import api_role_url, api_settings, scalar
from tests.api.server import running_api
from tests.support.network import free_port


def test_health_reports_database_and_data(http, sql):
    response = http.get("/health")
    assert response.status_code == 200
    health = response.json()
    assert health["status"] == "ok"
    assert health["database"]["reachable"] is True
    assert 0 < health["database"]["latency_ms"] < 5000
    assert health["data"]["version"] == scalar(sql, "SELECT data_version FROM api.publication")
    last_success = scalar(
        sql, "SELECT max(finished_at) FROM api.etl_runs WHERE status = 'succeeded'"
    )
    assert health["data"]["last_etl_success_at"] == last_success.isoformat()
    assert response.headers["cache-control"] == "no-store"


def test_live_and_ready(http):
    assert http.get("/health/live").json() == {"status": "ok"}
    assert http.get("/health/ready").json() == {"status": "ok"}


def test_not_ready_before_any_publication(migrated_db):
    with running_api(api_settings(api_role_url(migrated_db))) as base:
        ready = httpx.get(f"{base}/health/ready")
        health = httpx.get(f"{base}/health").json()
        trajets = httpx.get(f"{base}/trajets").json()
    assert ready.status_code == 503
    assert ready.json()["code"] == "no_data_published"
    assert health["status"] == "ok" and health["data"]["version"] is None
    assert trajets["total"] == 0 and trajets["data_version"] is None


def test_unreachable_database_answers_503_without_stack_trace():
    url = f"postgresql://obrail_api@127.0.0.1:{free_port()}/obrail"
    with running_api(api_settings(url, db_timeout_s=0.5)) as base:
        health = httpx.get(f"{base}/health")
        ready = httpx.get(f"{base}/health/ready")
        data = httpx.get(f"{base}/trajets", params={"day_night": "night"})
        live = httpx.get(f"{base}/health/live")
        invalid = httpx.get(f"{base}/trajets", params={"q": "x" * 101})
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable"
    assert health.json()["database"] == {"reachable": False, "latency_ms": None}
    for response in (ready, data):
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "database_unavailable"
        assert "retry" in response.json()["detail"]
        assert "Traceback" not in response.text and "psycopg" not in response.text
        assert response.headers["retry-after"]
    assert live.status_code == 200
    assert invalid.status_code == 422, "validation happens before any database access"

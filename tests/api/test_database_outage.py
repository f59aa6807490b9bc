"""The database goes away behind the running API, then comes back: 503, then recovery.

A TCP proxy sits between the API and the shared PostgreSQL; the test cuts and restores the
proxy (the shared server is never stopped). The same app must recover without a restart.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from tests.api.conftest import api_role_url, api_settings
from tests.api.proxy import tcp_proxy
from tests.api.server import running_api
from tests.support.database import ADMIN_URL
from tests.support.waiting import wait_until

RECOVERY_TIMEOUT_S = 30.0


def _eventually(check: Callable[[], bool], timeout_s: float) -> float:
    """Seconds until `check` holds (fails after `timeout_s`)."""
    started = time.monotonic()
    wait_until(check, timeout_s, check.__doc__ or "the API's answer to change", not_yet=())
    return time.monotonic() - started


def test_api_answers_503_when_the_database_goes_away_and_recovers(loaded_db):
    direct = api_role_url(loaded_db)
    host_port = ADMIN_URL.split("@", 1)[1].split("/", 1)[0]
    host, port = host_port.split(":") if ":" in host_port else (host_port, "5432")
    with tcp_proxy(host, int(port)) as proxy:
        via_proxy = direct.replace(host_port, f"127.0.0.1:{proxy.port}")
        settings = api_settings(
            via_proxy, db_timeout_s=1.0, db_reconnect_timeout_s=1.0, data_version_check_s=0.0
        )
        with running_api(settings) as base, httpx.Client(base_url=base, timeout=10) as client:
            assert client.get("/health").status_code == 200
            assert client.get("/trajets", params={"day_night": "night"}).status_code == 200

            proxy.cut()
            health = client.get("/health")
            assert health.status_code == 503 and health.json()["status"] == "unavailable"
            for path in ("/trajets?day_night=night", "/trajets?day_night=day", "/stats/summary"):
                response = client.get(path)
                assert response.status_code == 503, path
                assert response.json()["code"] == "database_unavailable"
            assert client.get("/health/live").status_code == 200

            proxy.restore()
            _eventually(lambda: client.get("/health").status_code == 200, RECOVERY_TIMEOUT_S)
            _eventually(
                lambda: client.get("/trajets", params={"day_night": "day"}).status_code == 200,
                RECOVERY_TIMEOUT_S,
            )
            errors = client.get("/metrics").text
    assert 'obrail_db_errors_total{kind="unavailable"}' in errors
    assert 'obrail_db_errors_total{kind="unavailable"} 0.0' not in errors

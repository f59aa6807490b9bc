"""Request ids, one JSON access-log line per request without the raw client address."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

from api.logs import ACCESS_FIELDS, AccessLogFormatter, access_record
from api.middleware.observability import client_network, request_id_from
from obrail.logs import JsonFormatter
from tests.api.conftest import api_settings
from tests.api.server import running_api


def test_request_id_is_propagated_or_created(http):
    given = http.get("/health/live", headers={"X-Request-ID": "portal-1234"})
    assert given.headers["x-request-id"] == "portal-1234"
    created = http.get("/health/live", headers={"X-Request-ID": "bad id with spaces"})
    assert created.headers["x-request-id"] != "bad id with spaces"
    assert len(created.headers["x-request-id"]) == 32


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter("api"))
        self.lines: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def access_lines():
    handler = _Lines()
    logger = logging.getLogger("obrail.api.access")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)


def test_one_json_line_per_request_without_client_address(api_url, access_lines):
    with running_api(api_settings(api_url, access_log=True)) as base:
        httpx.get(f"{base}/trajets/0000000000000000", headers={"X-Request-ID": "req-42"})
        httpx.get(f"{base}/trajets", params={"q": "Wien"})
    [missing, search] = [line for line in access_lines if line["message"] == "request"]
    assert set(missing) == {"time", "level", "service", "logger", "message", *ACCESS_FIELDS}
    assert missing["request_id"] == "req-42"
    assert missing["route"] == "/trajets/{trajet_id}"
    assert missing["path"] == "/trajets/0000000000000000"
    assert missing["status"] == 404 and missing["method"] == "GET"
    assert missing["duration_ms"] > 0
    assert missing["service"] == "api"
    assert search["params"] == ["q"]
    assert "Wien" not in json.dumps(search), "free-text values are not logged"
    assert search["client_net"] == "127.0.0.0/24"
    assert "127.0.0.1" not in json.dumps(access_lines)


def test_fast_access_formatter_writes_the_common_line():
    fields = {name: f"value-{name}" for name in ACCESS_FIELDS}
    record = access_record(fields)
    fast = json.loads(AccessLogFormatter("api").format(record))
    common = json.loads(JsonFormatter("api").format(record))
    assert fast == common
    assert list(fast)[:5] == ["time", "level", "service", "logger", "message"]


def test_client_network_truncates_addresses():
    assert client_network({"client": ("203.0.113.77", 5000)}) == "203.0.113.0/24"
    assert client_network({"client": ("2001:db8:1234:5678::1", 5000)}) == "2001:db8:1234::/48"
    assert client_network({}) is None


def test_request_id_rules():
    assert request_id_from(b"abc-123") == "abc-123"
    assert request_id_from(b"x" * 129) != "x" * 129
    assert len(request_id_from(None)) == 32

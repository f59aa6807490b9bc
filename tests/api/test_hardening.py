"""What the HTTP server and the outer middlewares answer on their own (issue 16, items 6 and 7):
relative redirects, bounded request heads, problem+json with security headers on the server's own
400/431, wrong API keys rate limited per client, and a readiness probe that asks the database."""

from __future__ import annotations

import contextlib
import select
import socket
import time

import httpx
import pytest

from api.middleware.security import BASE_HEADERS
from tests.api.conftest import api_role_url, api_settings
from tests.api.proxy import tcp_proxy
from tests.api.server import running_api
from tests.support.database import ADMIN_URL
from tests.support.waiting import wait_until

SECURITY_HEADERS = {name.decode(): value.decode() for name, value in BASE_HEADERS}


def _raw(base: str, request: bytes, timeout_s: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes (stopping as soon as the server answers), read the answer until the
    server closes: (status, headers, body)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout_s) as sock:
        for start in range(0, len(request), 65536):
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered (and will close): stop sending
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                sock.sendall(request[start : start + 65536])
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split(" ")[1]), headers, body


def _assert_security_headers(headers: dict[str, str]) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, name
    assert headers["content-security-policy"].startswith("default-src 'none'")


@pytest.fixture(scope="module")
def strict_keys(api_url):
    settings = api_settings(api_url, invalid_key_rate_limit_per_minute=3)
    with running_api(settings) as base:
        yield base


def test_the_trailing_slash_redirect_never_echoes_the_host_header(api_base):
    response = httpx.get(
        f"{api_base}/trajets/?day_night=night",
        headers={"Host": "evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 307
    assert response.headers["location"] == "/trajets?day_night=night"
    followed = httpx.get(f"{api_base}/trajets/?day_night=night", follow_redirects=True)
    assert followed.status_code == 200 and followed.url.path == "/trajets"


def test_a_path_that_only_looks_like_a_route_is_not_redirected(api_base):
    response = httpx.get(f"{api_base}//evil.example/", follow_redirects=False)
    assert response.status_code == 404
    assert "location" not in response.headers


def test_an_oversized_request_head_gets_431_problem_json_with_security_headers(api_base):
    request = (
        b"GET /health/live HTTP/1.1\r\nHost: api\r\nX-Padding: "
        + b"a" * (8 * 1024 * 1024)
        + b"\r\n\r\n"
    )
    started = time.monotonic()
    status, headers, body = _raw(api_base, request)
    assert status == 431
    assert headers["content-type"] == "application/problem+json"
    assert b'"code":"header_too_large"' in body
    assert headers["connection"] == "close"
    _assert_security_headers(headers)
    assert time.monotonic() - started < 5


def test_a_head_just_under_the_limit_is_served(api_base):
    response = httpx.get(f"{api_base}/health/live", headers={"X-Padding": "a" * 12_000})
    assert response.status_code == 200


def test_a_malformed_request_gets_the_apis_400_with_security_headers(api_base):
    status, headers, body = _raw(api_base, b"GET /health/live HTTP/1.1\r\nHost api\r\n\r\n")
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    assert b'"code":"bad_request"' in body
    _assert_security_headers(headers)


def test_wrong_api_keys_are_rate_limited_per_client(strict_keys):
    statuses = [
        httpx.get(f"{strict_keys}/sources", headers={"X-API-Key": f"guess-{n}"}).status_code
        for n in range(6)
    ]
    assert statuses == [401, 401, 401, 429, 429, 429]
    refused = httpx.get(f"{strict_keys}/sources", headers={"X-API-Key": "guess-7"})
    assert refused.json()["code"] == "rate_limited" and int(refused.headers["retry-after"]) >= 1
    # Public reads without a key are still served: only the guessing is slowed down.
    assert httpx.get(f"{strict_keys}/sources").status_code == 200


def test_readiness_asks_the_database_every_time(loaded_db):
    direct = api_role_url(loaded_db)
    host_port = ADMIN_URL.split("@", 1)[1].split("/", 1)[0]
    host, port = host_port.split(":") if ":" in host_port else (host_port, "5432")
    with tcp_proxy(host, int(port)) as proxy:
        via_proxy = direct.replace(host_port, f"127.0.0.1:{proxy.port}")
        # A long data-version cache: readiness must not rely on it.
        settings = api_settings(via_proxy, data_version_check_s=300.0, ready_timeout_s=1.0)
        with running_api(settings) as base, httpx.Client(base_url=base, timeout=10) as client:
            assert client.get("/health/ready").status_code == 200
            proxy.cut()
            started = time.monotonic()
            response = client.get("/health/ready")
            elapsed = time.monotonic() - started
            assert response.status_code == 503
            assert response.json()["code"] == "database_unavailable"
            assert elapsed < 3.0
            proxy.restore()
            wait_until(
                lambda: client.get("/health/ready").status_code == 200,
                30,
                "readiness to come back",
                not_yet=(),
            )

"""Security headers on every answer; CORS only for the allowed origins."""

from __future__ import annotations

import httpx

from tests.api.conftest import api_settings
from tests.api.server import running_api


def test_security_headers_on_data_errors_and_docs(http):
    for path in ("/trajets", "/nope", "/health/live"):
        headers = http.get(path).headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["x-frame-options"] == "DENY", path
        assert headers["content-security-policy"].startswith("default-src 'none'"), path
        assert headers["referrer-policy"] == "no-referrer", path
        assert "strict-transport-security" not in headers, path
    for path in ("/docs", "/redoc"):
        docs = http.get(path)
        csp = docs.headers["content-security-policy"]
        assert "http" not in csp, csp  # no other origin: the assets are the API's own
        assert "cdn.jsdelivr.net" not in docs.text and "fonts.googleapis" not in docs.text
        for asset in (a for a in ("swagger-ui-bundle.js", "redoc.standalone.js") if a in docs.text):
            served = http.get(f"/docs/assets/{asset}")
            assert served.status_code == 200, asset
            assert "javascript" in served.headers["content-type"], asset


def test_cors_allow_list_and_hsts(api_url):
    settings = api_settings(
        api_url, cors_origins="https://portal.example, http://localhost:8501", hsts=True
    )
    with running_api(settings) as base:
        allowed = httpx.get(f"{base}/sources", headers={"Origin": "https://portal.example"})
        other = httpx.get(f"{base}/sources", headers={"Origin": "https://evil.example"})
        preflight = httpx.options(
            f"{base}/trajets",
            headers={
                "Origin": "http://localhost:8501",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "X-API-Key",
            },
        )
    assert allowed.headers["access-control-allow-origin"] == "https://portal.example"
    assert "etag" in allowed.headers["access-control-expose-headers"].lower()
    assert "access-control-allow-origin" not in other.headers
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:8501"
    assert allowed.headers["strict-transport-security"].startswith("max-age=")

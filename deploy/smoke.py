#!/usr/bin/env python3
"""Smoke tests of a deployed ObRail stack, from outside, as a user and the monitoring see it.

    python3 deploy/smoke.py --api http://127.0.0.1:8000 --portal http://127.0.0.1:8501 \
        [--prometheus URL] [--alertmanager URL] [--grafana URL] [--metabase URL] [--timeout 600]

Retries every check until all pass or the timeout ends (services start in order, the first ETL
takes minutes). Exit 0: all passed; 1: some failed (each failure printed). Standard library
only: it runs on the deployment host without the project installed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Check = Callable[[], None]


class SmokeFailure(Exception):
    """A check saw something a healthy deployment does not show."""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def get(url: str, timeout_s: float = 10.0) -> Response:
    request = urllib.request.Request(url, headers={"User-Agent": "obrail-smoke/1"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as answer:  # noqa: S310
            return Response(answer.status, answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.read())
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise SmokeFailure(f"GET {url}: {error}") from None


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def ok_json(url: str) -> Any:
    response = get(url)
    expect(response.status == 200, f"GET {url}: HTTP {response.status}")
    try:
        return response.json()
    except ValueError:
        raise SmokeFailure(f"GET {url}: not JSON") from None


def api_checks(api: str) -> dict[str, Check]:
    def ready() -> None:
        response = get(f"{api}/health/ready")
        expect(response.status == 200, f"API not ready (HTTP {response.status})")

    def health() -> None:
        body = ok_json(f"{api}/health")
        expect(body.get("status") == "ok", f"API health is {body.get('status')!r}")
        expect(bool(body.get("database", {}).get("reachable")), "API cannot reach the warehouse")
        expect(bool(body.get("data", {}).get("version")), "no data published yet")

    def data() -> None:
        summary = ok_json(f"{api}/stats/summary")
        expect(int(summary.get("trajets") or 0) > 0, "no trajet published")
        page = ok_json(f"{api}/trajets?page_size=1")
        expect(len(page.get("items", [])) == 1 and page.get("total", 0) > 0, "empty /trajets")
        detail = ok_json(f"{api}/trajets/{page['items'][0]['id']}")
        expect(bool(detail.get("calls")), "a trajet without its calls")

    def metrics() -> None:
        response = get(f"{api}/metrics")
        expect(response.status == 200, f"/metrics: HTTP {response.status}")
        expect(b"obrail_http_requests_total" in response.body, "/metrics lacks the request counter")

    return {"api ready": ready, "api health": health, "api data": data, "api metrics": metrics}


def portal_checks(portal: str) -> dict[str, Check]:
    def home() -> None:
        response = get(f"{portal}/")
        expect(
            response.status == 200 and b"<html" in response.body,
            f"portal home: HTTP {response.status}",
        )

    def health() -> None:
        response = get(f"{portal}/_stcore/health")
        expect(response.status == 200, f"portal health: HTTP {response.status}")

    return {"portal home": home, "portal health": health}


def http_ok(name: str, url: str) -> dict[str, Check]:
    def check() -> None:
        response = get(url)
        expect(response.status == 200, f"{name}: HTTP {response.status} at {url}")

    return {name: check}


def checks_from(arguments: argparse.Namespace) -> dict[str, Check]:
    checks = {
        **api_checks(arguments.api.rstrip("/")),
        **portal_checks(arguments.portal.rstrip("/")),
    }
    optional = {
        "prometheus": "/-/ready",
        "alertmanager": "/-/ready",
        "grafana": "/api/health",
        "metabase": "/api/health",
    }
    for name, path in optional.items():
        base = getattr(arguments, name)
        if base:
            checks |= http_ok(name, base.rstrip("/") + path)
    return checks


def run(checks: dict[str, Check], timeout_s: float, interval_s: float = 5.0) -> dict[str, str]:
    """Failures (check -> reason) of the last round; empty when all passed before the deadline."""
    # Kept by hand, not tenacity: this script uses the standard library only (see above).
    deadline = time.monotonic() + timeout_s
    while True:
        failures: dict[str, str] = {}
        for name, check in checks.items():
            try:
                check()
            except SmokeFailure as error:
                failures[name] = str(error)
        if not failures or time.monotonic() + interval_s > deadline:
            return failures
        time.sleep(interval_s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", required=True, help="Base URL of the API")
    parser.add_argument("--portal", required=True, help="Base URL of the portal")
    for name in ("prometheus", "alertmanager", "grafana", "metabase"):
        parser.add_argument(f"--{name}", help=f"Base URL of {name.capitalize()} (optional)")
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="Seconds to wait for all checks"
    )
    parser.add_argument("--interval", type=float, default=5.0, help="Seconds between two rounds")
    arguments = parser.parse_args(argv)
    checks = checks_from(arguments)
    failures = run(checks, arguments.timeout, arguments.interval)
    for name in checks:
        status = f"FAILED: {failures[name]}" if name in failures else "ok"
        print(f"smoke {name}: {status}", file=sys.stderr)  # noqa: T201
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

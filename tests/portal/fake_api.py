"""A tiny real HTTP server that plays the API for the portal's tests (the HTTP boundary is the
only thing faked). It answers from a table of payloads and records every request. Like the
API, a successful answer of a cacheable path (an operation with a 304 response in the API's
OpenAPI document) carries `Cache-Control: public, max-age=<max_age_s>` and an ETag of its body,
and a request whose If-None-Match names that ETag gets 304; anything else is `no-store`."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.portal.contract import cacheable, violations


def problem(status: int, code: str, title: str, detail: str, path: str) -> dict[str, Any]:
    """An RFC 9457 problem as the API writes it."""
    return {
        "type": f"https://obrail.eu/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        "instance": path,
        "request_id": "fake-request",
    }


#: Query parameters that select a different answer (the others only filter).
SELECTING_PARAMS = ("group_by", "metric", "limit")


@dataclass(frozen=True)
class Answer:
    """A payload answered with another status than 200 (e.g. a problem+json)."""

    status: int
    body: Any


@dataclass
class FakeApi:
    payloads: dict[str, Any]
    delay_s: float = 0.0
    status_override: int | None = None
    max_age_s: int = 60
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    revalidated: list[str] = field(default_factory=list)
    """Paths answered 304 (the client's cached answer still valid)."""
    contract_violations: list[str] = field(default_factory=list)
    """Answers the API could not have sent (checked against its OpenAPI document)."""
    url: str = ""

    def reset(self, payloads: dict[str, Any]) -> FakeApi:
        self.payloads = payloads
        self.delay_s = 0.0
        self.status_override = None
        self.max_age_s = 60
        self.requests.clear()
        self.revalidated.clear()
        self.contract_violations.clear()
        return self

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, Any]:
        self.requests.append((path, query))
        if self.status_override is not None:
            return self.status_override, {
                "title": "Service unavailable",
                "status": self.status_override,
            }
        selecting = "&".join(f"{k}={query[k]}" for k in SELECTING_PARAMS if k in query)
        key = f"{path}?{selecting}" if selecting else path
        if path == "/trajets" and path in self.payloads:
            # Like the API, answer the page that was asked for.
            return 200, {**self.payloads[path], "page": int(query.get("page", "1"))}
        found = self.payloads.get(key, self.payloads.get(path))
        if isinstance(found, Answer):
            return found.status, found.body
        if found is not None:
            return 200, found
        return 404, problem(404, "not_found", "Not Found", f"{path} does not exist", path)

    def last(self, path: str) -> dict[str, str]:
        return next(query for p, query in reversed(self.requests) if p == path)


def _handler(api: FakeApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query))
            if api.delay_s:
                time.sleep(api.delay_s)
            status, payload = api.answer(parts.path, query)
            if query.get("format") == "csv" and status == 200:
                csv = "id,origin,destination\n" + "".join(
                    f"{t['id']},{t['origin']['name']},{t['destination']['name']}\n"
                    for t in api.payloads.get("/trajets", {}).get("items", [])
                )
                self._send(status, csv.encode(), "text/csv")
                return
            if api.status_override is None:  # an outage is simulated, not an answer
                api.contract_violations += violations(parts.path, status, payload)
            kind = "application/json" if status < 400 else "application/problem+json"
            body = json.dumps(payload).encode()
            etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
            if status != 200 or not cacheable(parts.path):
                self._send(status, body, kind)
                return
            if self.headers.get("If-None-Match") == etag:
                api.revalidated.append(parts.path)
                self._send(304, b"", kind, etag)
                return
            self._send(status, body, kind, etag)

        def _send(self, status: int, body: bytes, kind: str, etag: str | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if etag is not None:
                    self.send_header("ETag", etag)
                    self.send_header("Cache-Control", f"public, max-age={api.max_age_s}")
                else:
                    self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the portal gave up waiting (timeout tests)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serve(api: FakeApi) -> Iterator[FakeApi]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()

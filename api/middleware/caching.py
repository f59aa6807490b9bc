"""ETag, 304 and the in-process response cache, all keyed by the published data version.

A data response depends only on its URL, its representation (JSON or CSV), the data version and
the day (the validity status of a timetable edition is computed on the day of the request): the
ETag is `"<api version>.<data version>.<UTC day>.<representation>"`, cached bodies are dropped
when the data version changes and never served on another day. The routes say which they are
(`api.routing.declare(cacheable=True, csv=...)`); the data version an answer was computed from
comes from the route's snapshot as a value (`api.snapshot`). Other routes (health, ETL runs,
quality, alerts, metrics) are sent with `Cache-Control: no-store`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.cache import CachedResponse, CacheKey, DataVersionTracker, ResponseCache
from api.errors import ApiProblem
from api.middleware.asgi import Headers, add_headers, send_bytes, wrap_start
from api.negotiation import etag_matches, representation, utc_day
from api.routing import Behaviour
from api.scope import header, query_pairs, request_state
from api.snapshot import answered_version

_DROPPED = frozenset({b"content-length", b"x-request-id"})


def cache_key(scope: Scope, fmt: str, day: str) -> CacheKey:
    """Representation, day, path and the parameters in canonical (sorted) order."""
    return (fmt, day, scope["path"], tuple(sorted(query_pairs(scope))))


@dataclass
class _Captured:
    status: int = 500
    headers: Headers | None = None
    body: bytes = b""


async def capture(app: ASGIApp, scope: Scope, receive: Receive) -> _Captured:
    """Run the app and keep its whole response instead of sending it."""
    captured = _Captured()
    chunks: list[bytes] = []

    async def collect(message: Message) -> None:
        if message["type"] == "http.response.start":
            captured.status = message["status"]
            captured.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", ())]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, collect)
    captured.body = b"".join(chunks)
    return captured


class CachingMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        behaviour: Callable[[str | None], Behaviour],
        tracker: DataVersionTracker,
        cache: ResponseCache,
        api_version: str,
        max_age_s: int,
    ) -> None:
        self.app = app
        self.behaviour = behaviour
        self.tracker = tracker
        self.cache = cache
        self.api_version = api_version
        self.cache_control = f"public, max-age={max_age_s}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = request_state(scope)
        route = str(state.get("route"))
        behaviour = self.behaviour(state.get("route"))
        if scope["method"] not in ("GET", "HEAD") or not behaviour.cacheable:
            await self.app(scope, receive, wrap_start(send, _no_store))
            return
        try:
            version = await self.tracker.current()
        except ApiProblem:
            # No data version to key on (database lost): no cache. The route answers: its query
            # model is validated first (bad input stays a 422), then its own database access
            # reports the outage (503).
            await self.app(scope, receive, wrap_start(send, _no_store))
            return
        fmt = representation(scope, behaviour.csv)
        day = utc_day()
        key = cache_key(scope, fmt, day)
        entry = self.cache.get(key) if version is not None else None
        state["cache"] = "hit" if entry is not None else "miss"
        if entry is None:
            entry = await self._compute(scope, receive, route, key)
        await self._send(scope, send, entry, fmt, behaviour, day)

    async def _compute(
        self, scope: Scope, receive: Receive, route: str, key: CacheKey
    ) -> CachedResponse:
        # HEAD is answered from the GET response (same headers, no body), so both can be cached.
        app_scope = scope if scope["method"] == "GET" else {**scope, "method": "GET"}
        captured = await capture(self.app, app_scope, receive)
        headers = [(k, v) for k, v in captured.headers or () if k not in _DROPPED]
        response_version = answered_version(app_scope)
        entry = CachedResponse(
            captured.status, tuple(headers), captured.body, route, response_version
        )
        if response_version is not None:
            self.tracker.observe(response_version)
        if captured.status == 200 and response_version is not None and self.cache.max_bytes > 0:
            self.cache.put(key, entry)
        return entry

    async def _send(
        self,
        scope: Scope,
        send: Send,
        entry: CachedResponse,
        fmt: str,
        behaviour: Behaviour,
        day: str,
    ) -> None:
        headers = list(entry.headers)
        version = entry.data_version
        with_body = scope["method"] != "HEAD"
        if entry.status != 200 or version is None:
            headers.append((b"cache-control", b"no-store"))
            await send_bytes(send, entry.status, headers, entry.body, with_body=with_body)
            return
        etag = f'"{self.api_version}.{version}.{day}.{fmt}"'
        validators = [(b"etag", etag.encode()), (b"cache-control", self.cache_control)]
        if behaviour.csv:
            validators.append((b"vary", b"Accept"))
        if etag_matches(header(scope, b"if-none-match"), etag):
            request_state(scope)["cache"] = "revalidated"
            await send({"type": "http.response.start", "status": 304, "headers": validators})
            await send({"type": "http.response.body", "body": b""})
            return
        await send_bytes(send, 200, headers + validators, entry.body, with_body=with_body)


def _no_store(message: Message) -> None:
    if not any(k == b"cache-control" for k, _ in message.get("headers", ())):
        add_headers(message, ((b"cache-control", b"no-store"),))

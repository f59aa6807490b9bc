"""Per-client rate limit (token bucket, in memory) and optional partner API keys.

Clients are told apart by their address, or by their API key when they send a valid one in
`X-API-Key` (settings hold SHA-256 digests only). A key raises the quota; an unknown key is
refused with 401 rather than silently served as public. Health and metrics are never limited.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import ApiProblem, ErrorCode
from api.metrics import ApiMetrics
from api.middleware.asgi import header, request_state, send_problem
from api.settings import ApiSettings

EXEMPT_PATHS = frozenset({"/health", "/health/live", "/health/ready", "/metrics"})
MAX_TRACKED_CLIENTS = 100_000


@dataclass(frozen=True)
class Quota:
    per_minute: int
    burst: int

    @property
    def per_second(self) -> float:
        return self.per_minute / 60.0


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    def __init__(self) -> None:
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, client: str, quota: Quota, now: float | None = None) -> float:
        """Consume one token: 0.0 when allowed, else the seconds to wait for the next token."""
        now = time.monotonic() if now is None else now
        bucket = self._buckets.get(client)
        if bucket is None:
            bucket = _Bucket(tokens=float(quota.burst), updated=now)
            self._buckets[client] = bucket
            if len(self._buckets) > MAX_TRACKED_CLIENTS:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(client)
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(float(quota.burst), bucket.tokens + elapsed * quota.per_second)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / quota.per_second


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, settings: ApiSettings, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics
        self.keys = settings.api_keys
        self.public = Quota(settings.rate_limit_per_minute, settings.rate_limit_burst)
        scale = settings.api_key_rate_limit_per_minute / settings.rate_limit_per_minute
        self.partner = Quota(
            settings.api_key_rate_limit_per_minute, max(1, round(settings.rate_limit_burst * scale))
        )
        self.buckets = TokenBuckets()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        state = request_state(scope)
        presented = header(scope, b"x-api-key")
        if presented is not None:
            name = self.keys.get(hashlib.sha256(presented).hexdigest())
            if name is None:
                await send_problem(
                    scope,
                    send,
                    ApiProblem(
                        ErrorCode.invalid_api_key,
                        "The X-API-Key header does not hold a known key; public reads need no key.",
                    ),
                )
                return
            state["api_key"] = name
            client, quota = "key:" + name, self.partner
        else:
            client_address = scope.get("client")
            client, quota = "ip:" + (client_address[0] if client_address else "?"), self.public
        wait = self.buckets.take(client, quota)
        if wait > 0:
            self.metrics.rate_limited.labels(state.get("route", "unmatched")).inc()
            retry_after = str(max(1, math.ceil(wait)))
            await send_problem(
                scope,
                send,
                ApiProblem(
                    ErrorCode.rate_limited,
                    f"Rate limit of {quota.per_minute} requests per minute exceeded; retry in "
                    f"{retry_after} s (partners can ask for an API key with a higher quota).",
                    headers={"Retry-After": retry_after},
                ),
            )
            return
        await self.app(scope, receive, send)

"""Per-client rate limit (token bucket, in memory) and optional partner API keys.

Clients are told apart by `client_key`: their API key's name when they send a valid one in
`X-API-Key` (settings hold SHA-256 digests only), else their address. A key raises the quota; an
unknown key is refused with 401 rather than silently served as public, and each client may
present only a few wrong keys per minute (`invalid_key_rate_limit_per_minute`): beyond, 429.
Health and metrics are never limited.

The buckets live in the process: behind a load balancer each replica counts on its own (see
docs/livraison/kubernetes.md).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import ApiProblem, ErrorCode
from api.metrics import ApiMetrics
from api.middleware.asgi import send_problem
from api.routing import Behaviour
from api.scope import header, request_state
from api.settings import ApiSettings

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
    full_at: float


class TokenBuckets:
    """Token buckets per client key, in memory. A bucket that has been idle long enough to be
    full again is forgotten (at the next request): it would behave exactly like a new one, so
    nothing about the client, its address included, is kept longer than its quota needs
    (RGPD register, docs/rgpd.md)."""

    def __init__(self) -> None:
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def __contains__(self, client: object) -> bool:
        return client in self._buckets

    def take(self, client: str, quota: Quota, now: float | None = None) -> float:
        """Consume one token: 0.0 when allowed, else the seconds to wait for the next token."""
        now = time.monotonic() if now is None else now
        self._forget_full(now)
        bucket = self._buckets.get(client)
        if bucket is None:
            bucket = _Bucket(tokens=float(quota.burst), updated=now, full_at=now)
            self._buckets[client] = bucket
            if len(self._buckets) > MAX_TRACKED_CLIENTS:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(client)
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(float(quota.burst), bucket.tokens + elapsed * quota.per_second)
            bucket.updated = now
        allowed = bucket.tokens >= 1.0
        if allowed:
            bucket.tokens -= 1.0
        bucket.full_at = now + (quota.burst - bucket.tokens) / quota.per_second
        return 0.0 if allowed else (1.0 - bucket.tokens) / quota.per_second

    def _forget_full(self, now: float) -> None:
        """Drop, least recently used first, the buckets that are full again by `now`."""
        while self._buckets:
            client, oldest = next(iter(self._buckets.items()))
            if oldest.full_at > now:
                return
            del self._buckets[client]


def client_address(scope: Scope) -> str:
    """The client's IP address as the server sees it (the proxy's X-Forwarded-For when the
    proxy is trusted: OBRAIL_FORWARDED_ALLOW_IPS)."""
    client = scope.get("client")
    return str(client[0]) if client else "?"


def client_key(scope: Scope, api_key_name: str | None) -> str:
    """The key the rate limiter counts a request under: the partner's key name, else the
    client's address (kept in memory only, in the token buckets)."""
    if api_key_name is not None:
        return "key:" + api_key_name
    return "ip:" + client_address(scope)


class RateLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        settings: ApiSettings,
        metrics: ApiMetrics,
        behaviour: Callable[[str | None], Behaviour],
    ) -> None:
        self.app = app
        self.behaviour = behaviour
        self.metrics = metrics
        self.keys = settings.api_keys
        self.public = Quota(settings.rate_limit_per_minute, settings.rate_limit_burst)
        scale = settings.api_key_rate_limit_per_minute / settings.rate_limit_per_minute
        self.partner = Quota(
            settings.api_key_rate_limit_per_minute, max(1, round(settings.rate_limit_burst * scale))
        )
        self.invalid_keys = Quota(
            settings.invalid_key_rate_limit_per_minute, settings.invalid_key_rate_limit_per_minute
        )
        self.buckets = TokenBuckets()
        self.failed_keys = TokenBuckets()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = request_state(scope)
        if not self.behaviour(state.get("route")).rate_limited:
            await self.app(scope, receive, send)
            return
        presented = header(scope, b"x-api-key")
        name = None
        if presented is not None:
            name = self.keys.get(hashlib.sha256(presented).hexdigest())
            if name is None:
                await self._refuse_key(scope, send, state)
                return
            state["api_key"] = name
        quota = self.public if name is None else self.partner
        wait = self.buckets.take(client_key(scope, name), quota)
        if wait > 0:
            await self._limited(scope, send, state, quota, wait)
            return
        await self.app(scope, receive, send)

    async def _refuse_key(self, scope: Scope, send: Send, state: dict[str, object]) -> None:
        """401 for a wrong key; 429 once the client has tried too many wrong keys."""
        wait = self.failed_keys.take(client_key(scope, None), self.invalid_keys)
        if wait > 0:
            await self._limited(scope, send, state, self.invalid_keys, wait, "wrong API keys")
            return
        await send_problem(
            scope,
            send,
            ApiProblem(
                ErrorCode.invalid_api_key,
                "The X-API-Key header does not hold a known key; public reads need no key.",
            ),
        )

    async def _limited(
        self,
        scope: Scope,
        send: Send,
        state: dict[str, object],
        quota: Quota,
        wait: float,
        what: str = "requests",
    ) -> None:
        self.metrics.rate_limited.labels(str(state.get("route", "unmatched"))).inc()
        retry_after = str(max(1, math.ceil(wait)))
        await send_problem(
            scope,
            send,
            ApiProblem(
                ErrorCode.rate_limited,
                f"Rate limit of {quota.per_minute} {what} per minute exceeded; retry in "
                f"{retry_after} s (partners can ask for an API key with a higher quota).",
                headers={"Retry-After": retry_after},
            ),
        )

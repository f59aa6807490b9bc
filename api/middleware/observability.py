"""Outermost middleware: request id, route template, metrics and one JSON access-log line.

No raw client address is logged (RGPD): only its network (IPv4 /24, IPv6 /48).
"""

from __future__ import annotations

import ipaddress
import logging
import re
import time
import uuid
from collections.abc import Callable
from functools import lru_cache

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ApiProblem, ErrorCode
from api.logs import ACCESS_LOGGER, access_record
from api.metrics import ApiMetrics
from api.middleware.asgi import send_problem
from api.scope import header, request_state

logger = logging.getLogger(ACCESS_LOGGER)
error_logger = logging.getLogger("obrail.api")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
UNMATCHED_ROUTE = "unmatched"


def request_id_from(value: bytes | None) -> str:
    """The client's X-Request-ID when it is safe to echo and log, else a new one."""
    if value:
        text = value.decode("latin-1")
        if _REQUEST_ID.match(text):
            return text
    return uuid.uuid4().hex


@lru_cache(maxsize=4096)
def _network(host: str) -> str | None:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def client_network(scope: Scope) -> str | None:
    """'203.0.113.7' -> '203.0.113.0/24'; IPv6 -> its /48. Never the full address."""
    client = scope.get("client")
    return _network(client[0]) if client else None


def parameter_names(scope: Scope) -> list[str]:
    """Names of the query parameters (their values may be free text: not logged)."""
    names: list[str] = []
    for pair in scope.get("query_string", b"").split(b"&"):
        name = pair.split(b"=", 1)[0].decode("latin-1")[:40]
        if name and name not in names:
            names.append(name)
    return names[:20]


class ObservabilityMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: ApiMetrics,
        resolve_route: Callable[[str], str | None],
        access_log: bool,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.resolve_route = resolve_route
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = request_state(scope)
        request_id = request_id_from(header(scope, b"x-request-id"))
        route = self.resolve_route(scope["path"]) or UNMATCHED_ROUTE
        state.update(request_id=request_id, route=route)
        response: dict[str, int] = {"status": 500, "bytes": 0, "started": 0}
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                response["status"] = message["status"]
                response["started"] = 1
                message["headers"] = [
                    *message.get("headers", ()),
                    (b"x-request-id", request_id.encode()),
                ]
            elif message["type"] == "http.response.body":
                response["bytes"] += len(message.get("body", b""))
            await send(message)

        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            error_logger.exception("unhandled error", extra={"request_id": request_id})
            if not response["started"]:
                await send_problem(
                    scope,
                    send_with_id,
                    ApiProblem(ErrorCode.internal_error, "An unexpected error occurred."),
                )
        finally:
            self.metrics.in_flight.dec()
            elapsed = time.perf_counter() - started
            self.metrics.observe(route, scope["method"], response["status"], elapsed)
            if self.access_log:
                self._log(scope, state, response, elapsed)

    def _log(
        self, scope: Scope, state: dict[str, object], response: dict[str, int], elapsed: float
    ) -> None:
        if not logger.isEnabledFor(logging.INFO):
            return
        fields: dict[str, object] = {
            "request_id": state["request_id"],
            "method": scope["method"],
            "route": state["route"],
            "path": scope["path"][:200],
            "params": parameter_names(scope),
            "status": response["status"],
            "duration_ms": round(elapsed * 1000, 3),
            "bytes": response["bytes"],
            "cache": state.get("cache"),
            "client_net": client_network(scope),
            "api_key": state.get("api_key"),
        }
        logger.handle(access_record(fields))

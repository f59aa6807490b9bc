"""Request guard: rejects what must never reach a handler or SQL, before any work is done.

NUL bytes anywhere in the path or the query (PostgreSQL refuses them in text), over-long query
strings and values (the route's declared max_length), repeated parameters and parameters the route
does not declare. It runs before the cache and the database are looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import ApiProblem, ErrorCode, Rule, invalid_parameter
from api.middleware.asgi import send_problem
from api.scope import query_pairs, request_state

MAX_QUERY_BYTES = 2048


def _printable(name: str) -> str:
    return name.replace("\x00", "\\0")[:40]


#: The query parameters of a route: name -> declared max_length (None: no length limit).
Declared = Mapping[str, int | None]


def check_query(scope: Scope, allowed: Declared | None) -> None:
    if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
        raise ApiProblem(
            ErrorCode.uri_too_long, f"The query string exceeds {MAX_QUERY_BYTES} bytes."
        )
    seen: set[str] = set()
    for name, value in query_pairs(scope):
        if "\x00" in name or "\x00" in value:
            raise invalid_parameter(
                _printable(name), Rule.no_nul_bytes, "must not contain NUL bytes"
            )
        if allowed is not None and name not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise invalid_parameter(
                _printable(name),
                Rule.unknown_parameter,
                f"is not a parameter of this path ({known})",
            )
        limit = allowed.get(name) if allowed is not None else None
        if limit is not None and len(value) > limit:
            raise invalid_parameter(name, Rule.max_length, f"must be at most {limit} characters")
        if name in seen:
            raise invalid_parameter(name, Rule.single_value, "must be given once")
        seen.add(name)


class GuardMiddleware:
    def __init__(
        self, app: ASGIApp, *, allowed_parameters: Callable[[str], Declared | None]
    ) -> None:
        self.app = app
        self.allowed_parameters = allowed_parameters

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            if "\x00" in scope["path"]:
                raise invalid_parameter("path", Rule.no_nul_bytes, "must not contain NUL bytes")
            route = request_state(scope).get("route")
            check_query(scope, self.allowed_parameters(str(route)))
        except ApiProblem as problem:
            await send_problem(scope, send, problem)
            return
        await self.app(scope, receive, send)

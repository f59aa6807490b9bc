"""Request guard: rejects what must never reach a handler or SQL, before any work is done.

NUL bytes anywhere in the path or the query (PostgreSQL refuses them in text), over-long query
strings and repeated parameters: rules of every route. It runs before the cache and the database
are looked at. What each route accepts (which parameters, their types, bounds and lengths) is its
query model's (api.params.QueryModel, unknown parameters forbidden), validated by FastAPI.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import ApiProblem, ErrorCode, Rule, invalid_parameter
from api.middleware.asgi import send_problem
from api.scope import query_pairs

MAX_QUERY_BYTES = 2048


def _printable(name: str) -> str:
    return name.replace("\x00", "\\0")[:40]


def check_query(scope: Scope) -> None:
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
        if name in seen:
            raise invalid_parameter(name, Rule.single_value, "must be given once")
        seen.add(name)


class GuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            if "\x00" in scope["path"]:
                raise invalid_parameter("path", Rule.no_nul_bytes, "must not contain NUL bytes")
            check_query(scope)
        except ApiProblem as problem:
            await send_problem(scope, send, problem)
            return
        await self.app(scope, receive, send)

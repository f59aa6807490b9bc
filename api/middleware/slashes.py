"""`/trajets/` -> 307 to `/trajets`, with a relative Location.

Starlette's own trailing-slash redirect builds an absolute URL from the request's Host header, so
`Host: evil.example` came back as `location: http://evil.example/trajets`. This one answers with
the path only (and the query string): the client stays on the host it asked.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from starlette.types import ASGIApp, Receive, Scope, Send

from api.middleware.asgi import send_bytes

#: Characters kept as they are in the Location path (RFC 3986 pchar and "/").
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


class TrailingSlashMiddleware:
    def __init__(self, app: ASGIApp, *, resolve_route: Callable[[str], str | None]) -> None:
        self.app = app
        self.resolve_route = resolve_route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            location = self.location(scope)
            if location is not None:
                await send_bytes(
                    send,
                    307,
                    [(b"location", location.encode("ascii"))],
                    b"",
                    with_body=scope.get("method") != "HEAD",
                )
                return
        await self.app(scope, receive, send)

    def location(self, scope: Scope) -> str | None:
        """The relative URL to redirect to, or None when the path is served as it is."""
        path: str = scope["path"]
        if len(path) < 2 or not path.endswith("/") or self.resolve_route(path) is not None:
            return None
        target = path.rstrip("/")
        if not target or target.startswith("//") or self.resolve_route(target) is None:
            return None
        query = scope.get("query_string", b"").decode("latin-1")
        return quote(target, safe=_PATH_SAFE) + (f"?{query}" if query else "")

"""Security headers on every response (the API serves JSON and CSV, never active content)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.middleware.asgi import add_headers, wrap_start
from api.routing import Behaviour
from api.scope import request_state

BASE_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-site"),
    (b"permissions-policy", b"camera=(), geolocation=(), microphone=()"),
)
API_CSP = b"default-src 'none'; frame-ancestors 'none'"
#: Swagger UI and ReDoc pages load their scripts and styles from the API itself (/docs/assets):
#: nothing from another origin. Their small inline start-up script and inline styles remain.
DOCS_CSP = (
    b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    b"frame-ancestors 'none'"
)
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class SecurityHeadersMiddleware:
    def __init__(
        self, app: ASGIApp, *, hsts: bool, behaviour: Callable[[str | None], Behaviour]
    ) -> None:
        self.app = app
        self.behaviour = behaviour
        self.headers = BASE_HEADERS + ((HSTS,) if hsts else ())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = self.behaviour(request_state(scope).get("route")).docs
        csp = DOCS_CSP if docs else API_CSP

        def edit(message: Message) -> None:
            add_headers(message, (*self.headers, (b"content-security-policy", csp)))

        await self.app(scope, receive, wrap_start(send, edit))

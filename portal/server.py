"""The portal's web server: Streamlit's ASGI app (`st.App`) with the portal's configuration and
a small middleware that serves each HTML page in the language the URL asks for.

Streamlit serves the same `index.html` (with `<html lang="en">`) for every page. Screen readers
pick their voice from that attribute, so `HtmlLanguageMiddleware` rewrites the answer before it
leaves the server: `lang`, the initial `<title>` and the `<noscript>` text follow `?lang=`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal.i18n import Language, parse_language

APP_SCRIPT: Final = Path(__file__).with_name("app.py")

#: Streamlit options for every portal process (theme colours chosen for WCAG AA contrast).
STREAMLIT_OPTIONS: Final[Mapping[str, Any]] = {
    "server.headless": True,
    "server.fileWatcherType": "none",
    "server.runOnSave": False,
    "browser.gatherUsageStats": False,
    "client.toolbarMode": "minimal",
    "client.showErrorDetails": "none",
    "theme.base": "light",
    "theme.primaryColor": "#1F3A8F",
    "theme.textColor": "#111827",
    "theme.linkColor": "#1F3A8F",
    "theme.backgroundColor": "#FFFFFF",
    "theme.secondaryBackgroundColor": "#F1F3F6",
}

#: Paths that never answer HTML pages (assets, websocket, health, media).
_ASSET_PREFIXES: Final = (
    "/_stcore/",
    "/static/",
    "/media/",
    "/component/",
    "/favicon",
    "/manifest",
)
_HTML_LANG = re.compile(rb'<html lang="[^"]*"')
_TITLE = re.compile(rb"<title>.*?</title>", re.DOTALL)
_NOSCRIPT = re.compile(rb"<noscript>.*?</noscript>", re.DOTALL)
_DROPPED_REQUEST_HEADERS: Final = {b"accept-encoding", b"if-none-match", b"if-modified-since"}
_STALE_RESPONSE_HEADERS: Final = {b"content-length", b"etag", b"last-modified"}

PAGE_SHELL_TEXT: Final[Mapping[Language, tuple[str, str]]] = {
    "fr": ("Observatoire ObRail", "Ce portail a besoin de JavaScript pour s'afficher."),
    "en": ("ObRail Observatory", "This portal needs JavaScript to be displayed."),
}


def localise_page(html: bytes, language: Language) -> bytes:
    """The HTML shell with `lang`, title and no-JavaScript message in `language`."""
    title, noscript = PAGE_SHELL_TEXT[language]
    html = _HTML_LANG.sub(f'<html lang="{language}"'.encode(), html, count=1)
    html = _TITLE.sub(f"<title>{title}</title>".encode(), html, count=1)
    return _NOSCRIPT.sub(f"<noscript><p>{noscript}</p></noscript>".encode(), html, count=1)


def _requested_language(scope: Scope) -> Language:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return parse_language((query.get("lang") or [None])[0])


def _is_page_request(scope: Scope) -> bool:
    return (
        scope["type"] == "http"
        and scope.get("method") == "GET"
        and not str(scope.get("path", "")).startswith(_ASSET_PREFIXES)
    )


class HtmlLanguageMiddleware:
    """Pure ASGI middleware: HTML answers to page requests are served in the URL's language."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _is_page_request(scope):
            await self.app(scope, receive, send)
            return
        language = _requested_language(scope)
        # Ask for an uncompressed, unconditional answer, so there is always a body to rewrite.
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in _DROPPED_REQUEST_HEADERS]
        start: Message | None = None
        body = bytearray()

        async def send_localised(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    start = message
                    return
            elif message["type"] == "http.response.body" and start is not None:
                body.extend(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = localise_page(bytes(body), language)
                kept = [
                    (k, v)
                    for k, v in start.get("headers", [])
                    if k.lower() not in _STALE_RESPONSE_HEADERS
                ]
                kept.append((b"content-length", str(len(page)).encode()))
                kept.append((b"content-language", language.encode()))
                await send({**start, "headers": kept})
                await send({"type": "http.response.body", "body": page, "more_body": False})
                return
            await send(message)

        await self.app({**scope, "headers": headers}, receive, send_localised)


def build_app(script: Path = APP_SCRIPT) -> Any:
    """Streamlit's ASGI application for the portal, wrapped by the language middleware."""
    from streamlit import App

    return App(str(script), middleware=[Middleware(HtmlLanguageMiddleware)])

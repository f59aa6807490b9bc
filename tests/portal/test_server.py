"""The HTML shell is served in the URL's language (`<html lang>`, title, noscript)."""

from __future__ import annotations

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from portal.server import HtmlLanguageMiddleware, localise_page

SHELL = (
    b'<!DOCTYPE html>\n<html lang="en">\n<head><title>Streamlit</title></head>'
    b"<body><noscript><p>You need to enable JavaScript.</p></noscript><div id=root></div></body></html>"
)


async def page(request: Request) -> Response:
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(
            gzip.compress(SHELL), media_type="text/html", headers={"content-encoding": "gzip"}
        )
    return HTMLResponse(SHELL, headers={"etag": '"abc"'})


async def health(request: Request) -> Response:
    return JSONResponse({"lang": "untouched"})


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


class AsgiClient:
    """Drives an ASGI app in-process, the way uvicorn would, one GET at a time."""

    def __init__(self, app) -> None:
        self.app = app

    def get(self, url: str) -> Answer:
        # In a thread of its own: another test may hold an event loop in this one (Playwright).
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, self._get(url)).result()

    async def _get(self, url: str) -> Answer:
        path, _, query = url.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "server": ("portal", 80),
            "client": ("127.0.0.1", 1234),
            "headers": [
                (b"host", b"portal"),
                (b"accept-encoding", b"gzip"),
                (b"if-none-match", b'"abc"'),
            ],
        }
        messages: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            messages.append(message)

        await self.app(scope, receive, send)
        start = messages[0]
        headers = {k.decode(): v.decode() for k, v in start["headers"]}
        body = b"".join(m.get("body", b"") for m in messages[1:])
        return Answer(start["status"], headers, body)


@pytest.fixture
def client() -> AsgiClient:
    app = Starlette(
        routes=[Route("/_stcore/health", health), Route("/{path:path}", page)],
        middleware=[Middleware(HtmlLanguageMiddleware)],
    )
    return AsgiClient(app)


@pytest.mark.parametrize(
    ("url", "lang", "title"),
    [
        ("/", "fr", "Observatoire ObRail"),
        ("/trajets?lang=en", "en", "ObRail Observatory"),
        ("/carte?lang=de", "fr", "Observatoire ObRail"),
    ],
)
def test_pages_are_served_in_the_asked_language(client, url: str, lang: str, title: str) -> None:
    response = client.get(url)
    assert response.status == 200
    assert f'<html lang="{lang}">' in response.text
    assert f"<title>{title}</title>" in response.text
    assert response.headers["content-language"] == lang
    assert "etag" not in response.headers
    assert "content-encoding" not in response.headers  # the middleware asked for plain HTML
    assert int(response.headers["content-length"]) == len(response.body)


def test_assets_and_endpoints_pass_through(client) -> None:
    response = client.get("/_stcore/health?lang=en")
    assert response.text == '{"lang":"untouched"}'


def test_localise_page_replaces_noscript() -> None:
    html = localise_page(SHELL, "fr").decode()
    assert "JavaScript pour s'afficher" in html and "You need" not in html

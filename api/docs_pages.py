"""Interactive API docs (/docs: Swagger UI, /redoc: ReDoc) served from local assets.

The scripts and styles come from the `fastapi-offline` package (Swagger UI and ReDoc bundled,
MIT / Apache-2.0), mounted under /docs/assets: the pages work without internet and under the
API's own content security policy (no CDN, no web font).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from api.params import NoParams
from api.routing import declare

ASSETS_URL: Final = "/docs/assets"
ASSETS_DIR: Final = Path(fastapi_offline.__file__).parent / "static"
DOCS_URL: Final = "/docs"
REDOC_URL: Final = "/redoc"
OAUTH2_REDIRECT_URL: Final = "/docs/oauth2-redirect"
#: ReDoc's sidebar shows its maker's logo from their CDN: replaced by an empty local image.
_REDOC_REMOTE_LOGO: Final = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
_EMPTY_SVG: Final = b"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"


@cache
def redoc_script() -> bytes:
    """ReDoc's bundle with its one remote image replaced (nothing loads from another origin)."""
    return (ASSETS_DIR / "redoc.standalone.js").read_bytes().replace(_REDOC_REMOTE_LOGO, _EMPTY_SVG)


def install_docs(app: FastAPI) -> None:
    """Add /docs, /redoc and their assets to `app` (built with docs_url=None, redoc_url=None)."""

    async def redoc_bundle(_: NoParams) -> Response:
        return Response(redoc_script(), media_type="text/javascript")

    # Before the mount, so that this route answers for the bundle.
    app.add_api_route(
        f"{ASSETS_URL}/redoc.standalone.js", redoc_bundle, include_in_schema=False, methods=["GET"]
    )
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    async def swagger_ui(request: Request, _: NoParams) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} – Swagger UI",
            oauth2_redirect_url=OAUTH2_REDIRECT_URL,
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
        )

    async def oauth2_redirect(_: NoParams) -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    async def redoc(request: Request, _: NoParams) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} – ReDoc",
            redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )

    app.add_api_route(
        DOCS_URL, declare(docs=True)(swagger_ui), include_in_schema=False, methods=["GET"]
    )
    app.add_api_route(
        OAUTH2_REDIRECT_URL,
        declare(docs=True)(oauth2_redirect),
        include_in_schema=False,
        methods=["GET"],
    )
    app.add_api_route(
        REDOC_URL, declare(docs=True)(redoc), include_in_schema=False, methods=["GET"]
    )

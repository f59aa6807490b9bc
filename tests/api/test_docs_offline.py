"""/docs and /redoc render in a real browser with every request to another origin blocked,
under the API's own content security policy (no CDN, no web font)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Route

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("path", "rendered"),
    [("/docs", ".swagger-ui .opblock"), ("/redoc", "[data-section-id] h2")],
)
def test_api_docs_render_without_internet(api_base: str, browser: Browser, path, rendered):
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    violations: list[str] = []

    def block_other_origins(route: Route) -> None:
        if route.request.url.startswith(api_base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", block_other_origins)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(api_base + path)
    page.locator(rendered).first.wait_for(timeout=30_000)
    assert page.locator(rendered).count() > 5
    context.close()
    assert outside == []
    assert violations == []

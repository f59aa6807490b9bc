"""Driving the portal in Debian's Chromium: waiting for Streamlit to finish, scanning with axe."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
APP = '[data-testid="stApp"]'
#: axe-core rule tags for WCAG 2.1 levels A and AA.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_AXE = Axe()


def wait_for_portal(page: Page, timeout_ms: float = 30_000) -> None:
    """Connected, the script run finished (after the widgets' debounce), and every element
    drawn (Streamlit shows skeletons while an element's code is loading)."""
    page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]', timeout=timeout_ms)
    page.wait_for_timeout(200)
    page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0",
        timeout=timeout_ms,
    )


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_portal(page)


def accessibility_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core violations of WCAG 2.1 A/AA on the page as it is now."""
    results = _AXE.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in v["nodes"][:5]
        )
        for v in violations
    )

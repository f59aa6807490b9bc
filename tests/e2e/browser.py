"""Driving the portal in Debian's Chromium: waiting for Streamlit to finish, scanning with axe."""

from __future__ import annotations

import re
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from portal.i18n import en, fr

#: Debian's Chromium headless shell (package chromium-headless-shell): the same Chromium build as
#: the browser (same package version, checked by a test), without the desktop browser's layers;
#: what Playwright itself runs for headless tests. About a quarter less CPU than the full browser
#: on the E2E tests (docs/tests-et-couverture.md).
CHROMIUM = "/usr/bin/chromium-headless-shell"
#: Debian's full Chromium, the browser a visitor opens: one user task runs in it too.
FULL_CHROMIUM = "/usr/bin/chromium"
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
MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebarNav"]'
#: axe-core rule tags for WCAG 2.1 levels A and AA.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Runs axe with its options (the argument) and returns its violations alone: the passes,
#: incomplete and inapplicable rules are neither serialised nor sent back.
_AXE_VIOLATIONS = "options => axe.run(document, options).then(results => results.violations)"


#: Counts, in the page, every change of the app's script state (`initial`, `running`,
#: `notRunning`...): installed before the page's own scripts by `watch_script_runs`.
_WATCH_SCRIPT_RUNS = """
if (window.__obrailStateChanges === undefined) {
  window.__obrailStateChanges = 0;
  window.__obrailStateChangesSeen = 0;
  let last = null;
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute("data-test-script-state");
    if (state !== last) { last = state; window.__obrailStateChanges += 1; }
  }).observe(document, {subtree: true, attributes: true, childList: true,
                        attributeFilter: ["data-test-script-state"]});
}
"""
#: How long an action may take to start a rerun (widgets debounce their changes).
RERUN_START_MS = 200
_STARTED_SINCE_LAST_WAIT = (
    "() => window.__obrailStateChanges === undefined"
    " || window.__obrailStateChanges > window.__obrailStateChangesSeen"
)


def watch_script_runs(page: Page) -> None:
    """Let `wait_for_portal` see reruns start instead of sleeping (every later navigation)."""
    page.add_init_script(_WATCH_SCRIPT_RUNS)


def _wait_for_a_rerun_to_start(page: Page) -> None:
    """Until the script state changed since the last wait (a run started: at once in the
    usual case), for at most RERUN_START_MS as before (an action that starts no run).
    Without the watcher (a page not opened by `open_page`) or while the page is being
    replaced by another, the plain RERUN_START_MS sleep."""
    try:
        if page.evaluate("window.__obrailStateChanges !== undefined"):
            page.wait_for_function(_STARTED_SINCE_LAST_WAIT, timeout=RERUN_START_MS, polling=20)
            return
    except PlaywrightTimeoutError:
        return  # no rerun: the page is as the action left it
    except PlaywrightError:
        pass  # a navigation replaced the document while it was read
    page.wait_for_timeout(RERUN_START_MS)


def wait_for_portal(page: Page, timeout_ms: float = 30_000) -> None:
    """Connected, the script run finished (after the widgets' debounce), and every element
    drawn (Streamlit shows skeletons while an element's code is loading)."""
    page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]', timeout=timeout_ms)
    _wait_for_a_rerun_to_start(page)
    page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0",
        timeout=timeout_ms,
    )
    page.evaluate(
        "() => { if (window.__obrailStateChanges !== undefined)"
        " window.__obrailStateChangesSeen = window.__obrailStateChanges; }"
    )


def open_page(page: Page, url: str) -> None:
    watch_script_runs(page)
    page.goto(url)
    wait_for_portal(page)


def address_of_page(url_path: str) -> re.Pattern[str]:
    """Any URL of the portal's page `url_path` (with or without a query string)."""
    return re.compile(rf"^[^?#]*/{re.escape(url_path)}/?(?:[?#].*)?$")


def follow_link(page: Page, link: Locator, address: str | re.Pattern[str]) -> None:
    """Click `link` and wait until the page it leads to is drawn: first the page's address
    (`address`, a glob or a pattern), then `wait_for_portal`.

    A page link of Streamlit's menu changes nothing in the browser when clicked: it asks the
    server for a run of the other page, and the address changes when that run has started.
    On a busy machine the run may start later than RERUN_START_MS after the click; waiting
    for the script state alone would then return on the previous page, still drawn and
    finished. The address is the click's own outcome."""
    link.click()
    page.wait_for_url(address)
    wait_for_portal(page)


def record_other_origins(page: Page, origin: str) -> list[str]:
    """The URLs the page requests from anywhere but `origin` (and data:/blob:), from now on."""
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((origin, "data:", "blob:"))
            else None
        ),
    )
    return outside


def accessibility_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core violations of WCAG 2.1 A/AA on the page as it is now."""
    if not page.evaluate("window.axe !== undefined"):
        # axe-core (the copy axe-playwright-python ships, about 500 kB of script), sent to
        # and evaluated by a document that has none yet: once per document, not per scan
        page.evaluate(AXE_SCRIPT)
    violations: list[dict[str, Any]] = page.evaluate(
        _AXE_VIOLATIONS,
        {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
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


def assert_titled_and_accessible(page: Page, title_key: str, language: str) -> None:
    """The page as it is now: in `language` (`<html lang>`), titled with its name
    (`title_key`), one h1, no exception shown, and no WCAG 2.1 A/AA violation found by axe."""
    messages = fr.MESSAGES if language == "fr" else en.MESSAGES
    assert page.evaluate("document.documentElement.lang") == language
    assert page.title() == messages["layout.page_title"].format(page=messages[title_key])
    expect(page.locator(f"{MAIN} h1")).to_have_count(1)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert_accessible(page)


def assert_accessible(page: Page) -> None:
    """No WCAG 2.1 A/AA violation found by axe on the page as it is now."""
    violations = accessibility_violations(page)
    assert not violations, describe(violations)

"""End to end: stop the monitored API -> Prometheus fires ObrailApiDown -> Alertmanager routes it
to the on-call channel and serves it -> the API's /monitoring/alerts and the portal's "Santé du
service" page (real Chromium) list it; start the API again -> the alert resolves everywhere.

Timings are shortened (1 s scrapes and evaluations, `for:` 1 s, group waits 1 s); the boundaries
of the real `for:` durations are covered by the promtool unit tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page

from portal.i18n.fr import MESSAGES
from tests.e2e.browser import wait_for_portal, watch_script_runs
from tests.monitoring.live.conftest import SLACK_CRITICAL, LiveStack
from tests.monitoring.stack import wait_for


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    watch_script_runs(page)
    yield page
    context.close()


def alertmanager_alert(stack: LiveStack, name: str) -> dict[str, Any] | None:
    return next(
        (a for a in stack.alertmanager.alerts(active="true") if a["labels"]["alertname"] == name),
        None,
    )


def proxied_alert(stack: LiveStack, name: str) -> dict[str, Any] | None:
    body = httpx.get(f"{stack.portal_api_url}/monitoring/alerts", timeout=5).json()
    assert body["available"] is True
    return next((a for a in body["alerts"] if a["name"] == name), None)


def _incidents_rendered() -> re.Pattern[str]:
    """The page's last section, in its three forms (from the portal's own French messages)."""
    forms = [
        re.escape(MESSAGES["health.no_incident"]),
        re.escape(MESSAGES["health.incidents_count"]).replace(re.escape("{count}"), r"\d+"),
        re.escape(MESSAGES["health.monitoring_off"][:40]),
    ]
    return re.compile("|".join(forms))


INCIDENTS_RENDERED = _incidents_rendered()


def health_page_text(page: Page, stack: LiveStack) -> str:
    """The text of the health page once its incidents section is rendered (not a partial run)."""
    page.goto(f"{stack.portal_url}/sante", wait_until="domcontentloaded")
    wait_for_portal(page, timeout_ms=20_000)
    main = page.locator('[data-testid="stMain"]')
    return wait_for(
        lambda: (text := main.inner_text()) and INCIDENTS_RENDERED.search(text) and text,
        20,
        "the incidents section of the health page",
    )


def page_listing(page: Page, stack: LiveStack, name: str) -> str | None:
    text = health_page_text(page, stack)
    return text if name in text else None


def on_call_titles(stack: LiveStack) -> list[str]:
    return [
        a["title"] for post in stack.capture.posts_to(SLACK_CRITICAL) for a in post["attachments"]
    ]


def test_api_down_reaches_alertmanager_and_the_portal_then_resolves(
    live_stack: LiveStack, page: Page
):
    stack = live_stack
    watchdog = wait_for(
        lambda: alertmanager_alert(stack, "ObrailWatchdog"), 30, "the watchdog in Alertmanager"
    )
    assert watchdog["receivers"] == [{"name": "watchdog"}]
    assert alertmanager_alert(stack, "ObrailApiDown") is None
    assert "ObrailApiDown" not in health_page_text(page, stack)

    stack.monitored_api.stop()
    try:
        alert = wait_for(
            lambda: alertmanager_alert(stack, "ObrailApiDown"), 30, "ObrailApiDown in Alertmanager"
        )
        assert alert["labels"]["severity"] == "critical"
        assert alert["labels"]["service"] == "api"
        assert alert["annotations"]["runbook_url"] == "docs/runbooks/ObrailApiDown.md"
        assert alert["receivers"] == [{"name": "ops-critical"}]

        proxied = wait_for(
            lambda: proxied_alert(stack, "ObrailApiDown"), 10, "the alert through the API"
        )
        assert proxied["severity"] == "critical"
        assert proxied["summary"] == alert["annotations"]["summary"]
        assert proxied["runbook_url"] == "docs/runbooks/ObrailApiDown.md"

        text = wait_for(
            lambda: page_listing(page, stack, "ObrailApiDown"),
            30,
            "the portal's health page to list ObrailApiDown",
        )
        assert alert["annotations"]["summary"] in text
        wait_for(
            lambda: "[ALERTE] ObrailApiDown (api)" in on_call_titles(stack),
            15,
            "the on-call notification",
        )
    finally:
        stack.restart_monitored_api()

    try:
        wait_for(
            lambda: alertmanager_alert(stack, "ObrailApiDown") is None,
            30,
            "ObrailApiDown to resolve",
        )
        assert proxied_alert(stack, "ObrailApiDown") is None
        wait_for(
            lambda: "ObrailApiDown" not in health_page_text(page, stack),
            30,
            "the portal to drop the alert",
        )
        wait_for(
            lambda: "[RÉSOLU] ObrailApiDown (api)" in on_call_titles(stack),
            15,
            "the resolution notification",
        )
    finally:
        stack.replayed()

"""The E2E tests run in Chromium's headless shell and one user task in the full browser: both
must be the same Chromium build, so that what the shell renders is what a visitor's browser
renders."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e


def test_the_headless_shell_is_the_same_chromium_as_the_browser(
    browser: Browser, full_browser: Browser
) -> None:
    assert browser.browser_type.name == full_browser.browser_type.name == "chromium"
    assert browser.version == full_browser.version

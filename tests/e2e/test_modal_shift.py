"""The modal-shift potential in Chromium, on the real API serving the model trained on the loaded
warehouse: its block on « Train ou avion ? » and its map layer with a tooltip open, each state
checked with axe-core (WCAG 2.1 A/AA). The model's rail time next to the table's, on Paris ->
Berlin, is checked on the page test_explore fills in for that pair."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from portal.i18n import en, fr
from tests.e2e.browser import (
    MAIN,
    assert_accessible,
    assert_titled_and_accessible,
    open_page,
    wait_for_portal,
)

pytestmark = pytest.mark.e2e

CHART = '[data-testid="stVegaLiteChart"]'
TOOLTIP = "#vg-tooltip-element.visible"


def test_train_or_plane_shows_the_potential_with_its_caveat(live_portal, page: Page) -> None:
    open_page(page, f"{live_portal.url}/train-ou-avion?de=Paris&a=Lyon")
    main = page.locator(MAIN)
    expect(main.get_by_text(fr.MESSAGES["shift.share"])).to_be_visible()
    metrics = page.locator('[data-testid="stMetric"]').all_inner_texts()
    share = next(m for m in metrics if fr.MESSAGES["shift.share"] in m)
    assert re.search(r"\d+\s?%", share), share
    text = main.inner_text()
    assert "n'est pas une prévision de demande" in text
    assert re.search(r"Modèle report_modal, version \d+", text), text[-800:]
    assert_accessible(page)


def test_the_potential_in_english(live_portal, page: Page) -> None:
    open_page(page, f"{live_portal.url}/train-ou-avion?de=Paris&a=Lyon&lang=en")
    expect(page.locator(MAIN).get_by_text(en.MESSAGES["shift.share"])).to_be_visible()
    assert "It is not a demand forecast" in page.locator(MAIN).inner_text()
    assert_accessible(page)


def test_the_map_layer_draws_the_potential_with_a_tooltip(live_portal, page: Page) -> None:
    open_page(page, f"{live_portal.url}/carte")
    assert_titled_and_accessible(page, "nav.map", "fr")  # served as it is first seen
    charts = page.locator(CHART)
    before = charts.count()
    page.get_by_text(fr.MESSAGES["shift.map_toggle"]).click()
    wait_for_portal(page)
    expect(charts).to_have_count(before + 1)
    layer = charts.last
    layer.scroll_into_view_if_needed()
    assert fr.MESSAGES["shift.map_description"] in (layer.get_attribute("aria-label") or "")
    line = layer.locator("g.mark-rule line").first
    line.hover(force=True)
    expect(page.locator(TOOLTIP)).to_be_visible()
    assert fr.MESSAGES["shift.col_share"] in page.locator(TOOLTIP).inner_text()
    assert_accessible(page)

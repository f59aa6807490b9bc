"""Exploring like an analyst, in Chromium on the real API and warehouse: filters that survive a
page change, « Depuis ma ville », « Train ou avion ? », charts and the map with a tooltip open
and zoomed, the localised 404 — each state checked with axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from portal.i18n import en, fr
from tests.e2e.browser import accessibility_violations, describe, open_page, wait_for_portal

pytestmark = pytest.mark.e2e

MAIN = '[data-testid="stMain"]'
SIDEBAR = '[data-testid="stSidebarNav"]'
CHART = '[data-testid="stVegaLiteChart"]'
TOOLTIP = "#vg-tooltip-element.visible"


def _accessible(page: Page) -> None:
    violations = accessibility_violations(page)
    assert not violations, describe(violations)


def _submit(page: Page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    wait_for_portal(page)


def _choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the multiselect named `label` (typed, then Enter)."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.click()
    page.keyboard.press("Escape")


def _symbols(chart: Locator) -> Locator:
    return chart.locator("g.mark-symbol path")


def test_statistics_filters_survive_a_page_change(live_portal, page: Page) -> None:
    open_page(page, f"{live_portal.url}/statistiques")
    form = page.locator('[data-testid="stForm"]').first
    form.get_by_text(fr.MESSAGES["filters.day_night_night"], exact=True).click()
    _choose(page, fr.MESSAGES["filters.countries"], "Autriche")
    _submit(page, fr.MESSAGES["filters.apply"])
    assert "day_night=night" in page.url and "country=AT" in page.url
    summary = page.locator(MAIN).inner_text()
    assert "0 trajets de jour" not in summary
    _accessible(page)
    # through the menu, which clears the query string: the filters come back
    page.locator(SIDEBAR).get_by_role("link", name=fr.MESSAGES["nav.trajets"], exact=True).click()
    wait_for_portal(page)
    assert "day_night=night" in page.url and "country=AT" in page.url
    headers = page.locator("table.obrail-table thead th").first.locator("xpath=..")
    columns = headers.locator("th").all_inner_texts()
    column = columns.index(fr.MESSAGES["trajets.col_period"])
    rows = page.locator("table.obrail-table").first.locator("tbody tr")
    periods = {rows.nth(i).locator("td, th").nth(column).inner_text() for i in range(rows.count())}
    assert periods == {fr.MESSAGES["common.night"]}
    page.locator(SIDEBAR).get_by_role("link", name=fr.MESSAGES["nav.map"], exact=True).click()
    wait_for_portal(page)
    assert "day_night=night" in page.url and "country=AT" in page.url


def test_a_chart_tooltip_opens_in_the_page_language_and_stays_accessible(
    live_portal, page: Page
) -> None:
    open_page(page, f"{live_portal.url}/statistiques")
    chart = page.locator(CHART).nth(1)  # volumes by operator
    assert chart.get_attribute("role") == "graphics-document"
    assert chart.get_attribute("aria-label")
    chart.scroll_into_view_if_needed()
    chart.locator("g.mark-rect path").first.hover(force=True)
    tooltip = page.locator(TOOLTIP)
    expect(tooltip).to_be_visible()
    assert fr.MESSAGES["charts.period"] in tooltip.inner_text()
    _accessible(page)


def test_a_chart_table_opens_on_demand_sorts_and_stays_accessible(live_portal, page: Page) -> None:
    """The tables are built when their expander opens (not at the page's first render)."""
    open_page(page, f"{live_portal.url}/statistiques")
    main = page.locator(MAIN)
    expect(main.locator("table.obrail-table")).to_have_count(0)
    expanders = main.locator('[data-testid="stExpander"]')
    expect(expanders).to_have_count(5)
    by_country = expanders.nth(2)  # day/night, operators, countries, ...
    by_country.get_by_text(fr.MESSAGES["charts.show_table"]).click()
    wait_for_portal(page)
    table = by_country.locator("table.obrail-table")
    expect(table).to_have_count(1)
    expect(table.locator("thead th").first).to_have_text(fr.MESSAGES["stats.group_country"])
    assert table.locator("tbody tr").count() > 20  # every country, not a top 15
    expect(main.locator("table.obrail-table")).to_have_count(1)  # the others stay closed
    _accessible(page)


def test_one_distribution_at_a_time_switches_accessibly(live_portal, page: Page) -> None:
    open_page(page, f"{live_portal.url}/statistiques")
    labels = [c.get_attribute("aria-label") or "" for c in page.locator(CHART).all()]
    assert any("durée" in label for label in labels)
    assert not any("distance" in label for label in labels)
    page.locator('[data-testid="stRadio"]').filter(
        has_text=fr.MESSAGES["stats.distribution_choice"]
    ).get_by_text(fr.MESSAGES["stats.metric_distance"], exact=True).click()
    wait_for_portal(page)
    labels = [c.get_attribute("aria-label") or "" for c in page.locator(CHART).all()]
    assert any("distance" in label for label in labels)
    assert not any("durée" in label for label in labels)
    _accessible(page)


def test_the_map_has_a_basemap_a_tooltip_and_zooms_accessibly(live_portal, page: Page) -> None:
    open_page(page, f"{live_portal.url}/carte?day_night=night")
    chart = page.locator(CHART).first
    chart.scroll_into_view_if_needed()
    assert chart.locator("g.mark-line path").count() > 100  # coastlines and borders
    # a route (both directions are one line); a label may cover a line's middle: try a few
    routes = chart.locator("g.mark-rule line")
    for index in range(min(routes.count(), 20)):
        routes.nth(index).hover(force=True)
        if page.locator(TOOLTIP).is_visible():
            break
    expect(page.locator(TOOLTIP)).to_be_visible()
    assert fr.MESSAGES["map.col_link"] in page.locator(TOOLTIP).inner_text()
    station = _symbols(chart).first
    station.hover(force=True)
    expect(page.locator(TOOLTIP)).to_be_visible()
    _accessible(page)
    before = station.bounding_box()
    box = chart.bounding_box()
    assert before and box
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(5):
        page.mouse.wheel(0, -200)
    page.wait_for_timeout(500)
    after = station.bounding_box()
    assert after and abs(after["x"] - before["x"]) > 20  # zoomed in: the station moved
    _accessible(page)


def test_from_my_city_in_english(live_portal, live_api, page: Page) -> None:
    open_page(page, f"{live_portal.url}/depuis-ma-ville?lang=en")
    page.get_by_role("textbox", name=en.MESSAGES["from.city"]).fill("Munich")
    _submit(page, en.MESSAGES["from.show"])
    assert "ville=Munich" in page.url
    text = page.locator(MAIN).inner_text()
    assert re.search(r"From München: [\d,]+ direct destinations", text), text[:500]
    table = page.locator("table.obrail-table").first.inner_text()
    assert "(Berlin time)" in table  # times with their zone
    chart = page.locator(CHART).first
    assert "München" in (chart.get_attribute("aria-label") or "")
    _accessible(page)
    # the list a page at a time: the next rows, named by their position, still accessible
    first_rows = page.locator("table.obrail-table").first.inner_text()
    page.get_by_role("button", name=en.MESSAGES["charts.rows_next"]).click()
    wait_for_portal(page)
    table = page.locator("table.obrail-table").first
    expect(table).to_have_attribute("aria-label", re.compile(r"\(Rows 51 to \d+ of \d+\)"))
    assert table.inner_text() != first_rows
    _accessible(page)


def test_train_or_plane_paris_berlin(live_portal, page: Page) -> None:
    open_page(page, f"{live_portal.url}/train-ou-avion")
    page.get_by_role("textbox", name=fr.MESSAGES["plane.from"]).fill("Paris")
    page.get_by_role("textbox", name=fr.MESSAGES["plane.to"]).fill("Berlin")
    _submit(page, fr.MESSAGES["plane.compare"])
    assert "de=Paris" in page.url and "a=Berlin" in page.url
    metrics = page.locator('[data-testid="stMetric"]').all_inner_texts()
    assert any(fr.MESSAGES["plane.metric_plane"] in m for m in metrics)
    text = page.locator(MAIN).inner_text()
    assert "(heure de Paris)" in text and "(heure de Berlin)" in text
    assert fr.MESSAGES["plane.breakdown"] in text and "118" in text
    assert fr.MESSAGES["plane.pairs"] in text
    _accessible(page)


@pytest.mark.parametrize(("language", "messages"), [("fr", fr.MESSAGES), ("en", en.MESSAGES)])
def test_unknown_addresses_get_a_localised_page(live_portal, page: Page, language, messages):
    query = "" if language == "fr" else "?lang=en"
    open_page(page, f"{live_portal.url}/nulle-part{query}")
    expect(page.locator(f"{MAIN} h1")).to_have_text(messages["notfound.title"])
    assert "Page not found" not in page.locator("body").inner_text() or language == "en"
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert page.evaluate("document.documentElement.lang") == language
    _accessible(page)
    open_page(page, f"{live_portal.url}/accueil{query}")
    expect(page.locator(f"{MAIN} h1")).to_have_text(messages["home.title"])
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_the_portal_asks_nothing_of_another_origin(live_portal, page: Page) -> None:
    """Charts, map background, fonts and icons all come from the portal: it works offline."""
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_portal.url, "data:", "blob:"))
            else None
        ),
    )
    for path in ("carte?day_night=night", "statistiques", "depuis-ma-ville?ville=Wien"):
        open_page(page, f"{live_portal.url}/{path}")
        page.locator(CHART).first.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
    assert outside == []

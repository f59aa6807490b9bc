"""Exploring like an analyst, in Chromium on the real API and warehouse: filters that survive a
page change, « Depuis ma ville », « Train ou avion ? » (with the modal-shift model's rail time),
charts and the map with a tooltip open and zoomed, the localised 404 — each state checked with
axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from portal import formatting as fmt
from portal.components import geo
from portal.i18n import en, fr
from tests.e2e.browser import (
    MAIN,
    SIDEBAR,
    address_of_page,
    assert_accessible,
    assert_titled_and_accessible,
    follow_link,
    open_page,
    record_other_origins,
    wait_for_portal,
)

pytestmark = pytest.mark.e2e

CHART = '[data-testid="stVegaLiteChart"]'
TOOLTIP = "#vg-tooltip-element.visible"


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


def test_statistics_filters_survive_a_page_change(live_portal, page: Page) -> None:
    open_page(page, f"{live_portal.url}/statistiques")
    form = page.locator('[data-testid="stForm"]').first
    form.get_by_text(fr.MESSAGES["filters.day_night_night"], exact=True).click()
    _choose(page, fr.MESSAGES["filters.countries"], "Autriche")
    _submit(page, fr.MESSAGES["filters.apply"])
    assert "day_night=night" in page.url and "country=AT" in page.url
    summary = page.locator(MAIN).inner_text()
    assert "0 trajets de jour" not in summary
    assert_accessible(page)
    # through the menu, which clears the query string: the filters come back
    menu = page.locator(SIDEBAR)
    trajets = menu.get_by_role("link", name=fr.MESSAGES["nav.trajets"], exact=True)
    follow_link(page, trajets, address_of_page("trajets"))
    assert "day_night=night" in page.url and "country=AT" in page.url
    headers = page.locator("table.obrail-table thead th").first.locator("xpath=..")
    columns = headers.locator("th").all_inner_texts()
    column = columns.index(fr.MESSAGES["trajets.col_period"])
    rows = page.locator("table.obrail-table").first.locator("tbody tr")
    periods = {rows.nth(i).locator("td, th").nth(column).inner_text() for i in range(rows.count())}
    assert periods == {fr.MESSAGES["common.night"]}
    follow_link(
        page,
        menu.get_by_role("link", name=fr.MESSAGES["nav.map"], exact=True),
        address_of_page("carte"),
    )
    assert "day_night=night" in page.url and "country=AT" in page.url


def test_the_statistics_page_charts_tables_and_tooltip(live_portal, page: Page) -> None:
    """Statistiques as first seen (served, titled, accessible; tables not built, one
    distribution), then each state audited by axe in turn: a chart's tooltip open, a chart's
    table opened on demand, the other distribution."""
    open_page(page, f"{live_portal.url}/statistiques")
    assert_titled_and_accessible(page, "nav.stats", "fr")
    main = page.locator(MAIN)
    # The tables are built when their expander opens (not at the page's first render).
    expect(main.locator("table.obrail-table")).to_have_count(0)
    expanders = main.locator('[data-testid="stExpander"]')
    expect(expanders).to_have_count(5)
    # One distribution at a time: durations first.
    labels = [c.get_attribute("aria-label") or "" for c in page.locator(CHART).all()]
    assert any("durée" in label for label in labels)
    assert not any("distance" in label for label in labels)

    # -- a chart's tooltip, in the page's language ---------------------------------------------
    chart = page.locator(CHART).nth(1)  # volumes by operator
    assert chart.get_attribute("role") == "graphics-document"
    assert chart.get_attribute("aria-label")
    chart.scroll_into_view_if_needed()
    chart.locator("g.mark-rect path").first.hover(force=True)
    tooltip = page.locator(TOOLTIP)
    expect(tooltip).to_be_visible()
    assert fr.MESSAGES["charts.period"] in tooltip.inner_text()
    assert_accessible(page)

    # -- a chart's table, opened on demand, with every country ----------------------------
    by_country = expanders.nth(2)  # day/night, operators, countries, ...
    by_country.get_by_text(fr.MESSAGES["charts.show_table"]).click()
    wait_for_portal(page)
    table = by_country.locator("table.obrail-table")
    expect(table).to_have_count(1)
    expect(table.locator("thead th").first).to_have_text(fr.MESSAGES["stats.group_country"])
    assert table.locator("tbody tr").count() > 20  # every country, not a top 15
    expect(main.locator("table.obrail-table")).to_have_count(1)  # the others stay closed
    assert_accessible(page)

    # -- the other distribution (the country table still open) ---------------------------------
    page.locator('[data-testid="stRadio"]').filter(
        has_text=fr.MESSAGES["stats.distribution_choice"]
    ).get_by_text(fr.MESSAGES["stats.metric_distance"], exact=True).click()
    wait_for_portal(page)
    labels = [c.get_attribute("aria-label") or "" for c in page.locator(CHART).all()]
    assert any("distance" in label for label in labels)
    assert not any("durée" in label for label in labels)
    assert_accessible(page)


#: The page coordinates of a canvas map's pixels of one kind, spread over the map (at most
#: `limit`), above `bottom` (CSS pixels from the canvas's top: the legends are below the
#: map). Each pixel is read as drawn over white: the basemap's grey lines (LAND_LINE,
#: #8A94A6, thin and anti-aliased: their darkening keeps its hue), night routes (NIGHT_COLOUR,
#: #1F3A8F: far more blue than red) and the stations' dots (#111827, filled discs: dark with
#: all their neighbours, unlike the thin strokes of the labels' letters).
CANVAS_PIXELS = """([canvas, kind, limit, bottom]) => {
  const box = canvas.getBoundingClientRect();
  const w = canvas.width, sx = w / box.width, sy = canvas.height / box.height;
  const data = canvas.getContext('2d').getImageData(0, 0, w, canvas.height).data;
  const over = (p, k) => 255 - (255 - data[4 * p + k]) * data[4 * p + 3] / 255;  // over white
  const dark = p => over(p, 0) < 70 && over(p, 1) < 70 && over(p, 2) < 80;
  const found = [];
  const end = Math.min(data.length / 4 - w - 1, Math.floor(bottom * sy) * w);
  for (let p = w + 1; p < end; p++) {
    const [r, g, b] = [over(p, 0), over(p, 1), over(p, 2)];
    const dr = 255 - r, db = 255 - b, ratio = db > 0 ? dr / db : 0;
    const keep = kind === 'basemap' ? r < g && g < b && db >= 8 && ratio > 1.15 && ratio < 1.5
      : kind === 'night' ? db >= 40 && ratio > 1.7 && ratio < 2.4
      : [-w - 1, -w, -w + 1, -1, 0, 1, w - 1, w, w + 1].every(d => dark(p + d));
    if (keep) found.push([box.left + (p % w) / sx, box.top + Math.floor(p / w) / sy]);
  }
  const step = Math.max(1, Math.floor(found.length / limit));
  return {count: found.length, points: found.filter((_, k) => k % step === 0).slice(0, limit)};
}"""


def _canvas_pixels(chart: Locator, kind: str, limit: int = 40) -> tuple[int, list[list[float]]]:
    _, _, map_height = geo.scales(geo.region("europe"))
    found = chart.locator("canvas").evaluate(
        f"(canvas, args) => ({CANVAS_PIXELS})([canvas, ...args])", [kind, limit, map_height]
    )
    return int(found["count"]), found["points"]


def _tooltip_at(
    page: Page, points: list[list[float]], wanted: Callable[[str], bool]
) -> tuple[list[float], str]:
    """Hover the points in turn until a tooltip that is `wanted` opens: where, and its text."""
    tooltip = page.locator(TOOLTIP)
    seen = []
    for point in points:
        page.mouse.move(*point)
        try:
            tooltip.wait_for(state="visible", timeout=400)
        except PlaywrightTimeoutError:
            continue
        if wanted(tooltip.inner_text()):
            return point, tooltip.inner_text()
        seen.append(tooltip.inner_text())
    raise AssertionError(f"no such tooltip at {points}: {seen}")


def test_the_map_has_a_basemap_a_tooltip_and_zooms_accessibly(live_portal, page: Page) -> None:
    """The map is drawn on a canvas (many marks): its pixels prove the basemap, its tooltips
    are hovered where routes and stations are drawn, and zooming redraws it."""
    open_page(page, f"{live_portal.url}/carte?day_night=night")
    chart = page.locator(CHART).first
    chart.scroll_into_view_if_needed()
    # its accessible name (the chart's container), the summary and the table are its alternative
    assert chart.get_attribute("role") == "graphics-document"
    assert fr.MESSAGES["map.description"] in (chart.get_attribute("aria-label") or "")
    expect(chart.locator("canvas")).to_have_count(1)
    basemap, _ = _canvas_pixels(chart, "basemap")
    assert basemap > 1000  # coastlines and borders across Europe
    # a route (both directions are one line); labels and stations may cover some: try several
    _, routes = _canvas_pixels(chart, "night")
    link = fr.MESSAGES["map.col_link"]
    _, text = _tooltip_at(page, routes, lambda text: link in text)
    assert fr.MESSAGES["common.night"] in text
    # a station's dot: its tooltip is its name (a route's says « Liaison »)
    _, dots = _canvas_pixels(chart, "station")
    station, text = _tooltip_at(page, dots, lambda text: bool(text.strip()) and link not in text)
    assert_accessible(page)
    before = chart.locator("canvas").evaluate("canvas => canvas.toDataURL()")
    box = chart.locator("canvas").bounding_box()
    assert box
    # zoom in around a point away from the station, so that the station moves away from it
    anchor_x = box["x"] + box["width"] * (
        0.75 if station[0] < box["x"] + box["width"] / 2 else 0.25
    )
    page.mouse.move(anchor_x, box["y"] + box["height"] / 2)
    for _ in range(5):
        page.mouse.wheel(0, -200)
    page.wait_for_timeout(500)
    assert chart.locator("canvas").evaluate("canvas => canvas.toDataURL()") != before
    page.mouse.move(*station)  # the station is no longer where it was
    page.wait_for_timeout(300)
    tooltip = page.locator(TOOLTIP)
    assert not tooltip.is_visible() or tooltip.inner_text() != text
    assert_accessible(page)


def test_from_my_city_in_english(live_portal, live_api, page: Page) -> None:
    open_page(page, f"{live_portal.url}/depuis-ma-ville?lang=en")
    assert_titled_and_accessible(page, "nav.from_city", "en")
    page.get_by_role("textbox", name=en.MESSAGES["from.city"]).fill("Munich")
    _submit(page, en.MESSAGES["from.show"])
    assert "ville=Munich" in page.url
    text = page.locator(MAIN).inner_text()
    assert re.search(r"From München: [\d,]+ direct destinations", text), text[:500]
    table = page.locator("table.obrail-table").first.inner_text()
    assert "(Berlin time)" in table  # times with their zone
    chart = page.locator(CHART).first
    assert "München" in (chart.get_attribute("aria-label") or "")
    assert_accessible(page)
    # the list a page at a time: the next rows, named by their position, still accessible
    first_rows = page.locator("table.obrail-table").first.inner_text()
    page.get_by_role("button", name=en.MESSAGES["charts.rows_next"]).click()
    wait_for_portal(page)
    next_rows = page.locator("table.obrail-table").first
    expect(next_rows).to_have_attribute("aria-label", re.compile(r"\(Rows 51 to \d+ of \d+\)"))
    assert next_rows.inner_text() != first_rows
    assert_accessible(page)


def test_train_or_plane_paris_berlin(live_portal, live_api, full_browser_page: Page) -> None:
    """Paris -> Berlin on the real data, also for the modal-shift model: the model takes the
    pair's fastest train in either direction, the table lists this direction's trains; the page
    gives both times. In Debian's full Chromium, the browser a visitor opens (the other tests
    run in its headless shell)."""
    page = full_browser_page
    pair = httpx.get(
        f"{live_api.url}/predictions/report-modal",
        params={"origin": "Paris", "destination": "Berlin"},
        timeout=60,
    ).json()["pair"]
    fastest = httpx.get(
        f"{live_api.url}/comparison", params={"from": "Paris", "to": "Berlin"}, timeout=60
    ).json()["fastest"]
    assert pair["rail_time_min"] < fastest["rail_min"]  # the other direction is faster
    open_page(page, f"{live_portal.url}/train-ou-avion")
    assert_titled_and_accessible(page, "nav.train_or_plane", "fr")
    page.get_by_role("textbox", name=fr.MESSAGES["plane.from"]).fill("Paris")
    page.get_by_role("textbox", name=fr.MESSAGES["plane.to"]).fill("Berlin")
    _submit(page, fr.MESSAGES["plane.compare"])
    assert "de=Paris" in page.url and "a=Berlin" in page.url
    metrics = page.locator('[data-testid="stMetric"]').all_inner_texts()
    assert any(fr.MESSAGES["plane.metric_plane"] in m for m in metrics)
    main = page.locator(MAIN)
    expect(main.get_by_text(fr.MESSAGES["shift.share"])).to_be_visible()
    text = main.inner_text()
    assert "(heure de Paris)" in text and "(heure de Berlin)" in text
    assert fr.MESSAGES["plane.breakdown"] in text and "118" in text
    assert fr.MESSAGES["plane.pairs"] in text
    [note] = [line for line in text.splitlines() if "les deux sens confondus" in line]
    assert fmt.duration(pair["rail_time_min"], "fr") in note
    assert fmt.duration(fastest["rail_min"], "fr") in note
    assert_accessible(page)


@pytest.mark.parametrize(("language", "messages"), [("fr", fr.MESSAGES), ("en", en.MESSAGES)])
def test_unknown_addresses_get_a_localised_page(live_portal, page: Page, language, messages):
    query = "" if language == "fr" else "?lang=en"
    open_page(page, f"{live_portal.url}/nulle-part{query}")
    expect(page.locator(f"{MAIN} h1")).to_have_text(messages["notfound.title"])
    assert "Page not found" not in page.locator("body").inner_text() or language == "en"
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert page.evaluate("document.documentElement.lang") == language
    assert_accessible(page)
    open_page(page, f"{live_portal.url}/accueil{query}")
    expect(page.locator(f"{MAIN} h1")).to_have_text(messages["home.title"])
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_the_portal_asks_nothing_of_another_origin(live_portal, page: Page) -> None:
    """Charts, map background, fonts and icons all come from the portal: it works offline. The
    `page` fixture checks this after every test (the map's page filtered by night and
    Statistiques included, loaded by their own tests); here « Depuis ma ville » on Wien."""
    outside = record_other_origins(page, live_portal.url)
    open_page(page, f"{live_portal.url}/depuis-ma-ville?ville=Wien")
    page.locator(CHART).first.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert outside == []

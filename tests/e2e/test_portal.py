"""The real portal in a real browser, on the real API and the loaded warehouse."""

from __future__ import annotations

import importlib
import inspect
import re
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from portal.i18n import en, fr
from portal.navigation import PAGES
from tests.e2e.browser import (
    MAIN,
    SIDEBAR,
    address_of_page,
    assert_accessible,
    assert_titled_and_accessible,
    follow_link,
    open_page,
    wait_for_portal,
)
from tests.e2e.conftest import Pair

pytestmark = pytest.mark.e2e

TABLE = "table.obrail-table"


def _page_url(base: str, url_path: str, query: str = "") -> str:
    path = "" if url_path == PAGES[0].url_path else url_path
    return f"{base}/{path}{'?' + query if query else ''}"


def _first_table(page: Page) -> str:
    return page.locator(TABLE).first.inner_text()


def _first_table_once(page: Page, settled: Callable[[str], bool], timeout_s: float = 30) -> str:
    """The first table as soon as `settled` accepts it (a rerun may still be redrawing it when
    the script state first reads as finished), or as it is when the time is up."""
    deadline = time.monotonic() + timeout_s
    table = _first_table(page)
    while not settled(table) and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        wait_for_portal(page)
        table = _first_table(page)
    return table


def _radio(page: Page, group: str, option: str) -> None:
    page.locator('[data-testid="stRadio"]').filter(has_text=group).get_by_text(
        option, exact=True
    ).click()


#: How long a select box's list may take to open after a click, attempt by attempt: it opens
#: within 0.1 s, but a first click that lands while the page is still settling opens
#: nothing (it did so in most runs): click again soon rather than after 5 s.
LIST_OPEN_TIMEOUTS_MS = (1_000, 2_000, 5_000, 5_000)


def _open_list(page: Page, label: str) -> Locator:
    """The options of a select box, once its list is open (a click may land while the
    page is still settling: try again)."""
    options = page.get_by_role("option")
    for timeout_ms in LIST_OPEN_TIMEOUTS_MS:
        page.get_by_role("combobox", name=label).click()
        try:
            options.first.wait_for(timeout=timeout_ms)
            return options
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    raise AssertionError(f"the list of {label!r} does not open")


def _apply_filters(page: Page) -> None:
    page.get_by_role("button", name=fr.MESSAGES["filters.apply"]).click()
    wait_for_portal(page)


#: The pages (and languages) whose address another test opens for its own story: that test
#: checks them as below (`assert_titled_and_accessible`) before going on, so that each is loaded
#: and audited once.
CHECKED_BY_THEIR_STORY = {
    ("accueil", "fr"): "test_portal.py::test_every_page_is_reachable_from_the_menu",
    ("trajets", "fr"): "test_portal.py::test_trajets_can_be_filtered_with_the_keyboard_alone",
    ("statistiques", "fr"): "test_explore.py::test_the_statistics_page_charts_tables_and_tooltip",
    ("carte", "fr"): "test_modal_shift.py::test_the_map_layer_draws_the_potential_with_a_tooltip",
    ("depuis-ma-ville", "en"): "test_explore.py::test_from_my_city_in_english",
    ("train-ou-avion", "fr"): "test_explore.py::test_train_or_plane_paris_berlin",
}
PAGE_LANGUAGES = [
    pytest.param(spec, language, id=f"{spec.url_path}-{language}")
    for spec in PAGES
    for language in ("fr", "en")
    if (spec.url_path, language) not in CHECKED_BY_THEIR_STORY
]


def test_the_pages_checked_by_their_story_are_checked_there() -> None:
    """Each test named in CHECKED_BY_THEIR_STORY does check its page in its language."""
    titles = {spec.url_path: spec.title_key for spec in PAGES}
    for (url_path, language), where in CHECKED_BY_THEIR_STORY.items():
        module, _, name = where.rpartition("::")
        test = getattr(importlib.import_module(f"tests.e2e.{module.removesuffix('.py')}"), name)
        call = f'assert_titled_and_accessible(page, "{titles[url_path]}", "{language}")'
        assert call in inspect.getsource(test), (url_path, language, where)


@pytest.mark.parametrize(("spec", "language"), PAGE_LANGUAGES)
def test_every_page_is_served_titled_and_accessible(
    spec, language, live_portal, page: Page
) -> None:
    open_page(
        page, _page_url(live_portal.url, spec.url_path, "" if language == "fr" else "lang=en")
    )
    assert_titled_and_accessible(page, spec.title_key, language)


def test_filtering_trajets_changes_the_table(live_portal, live_api, page: Page) -> None:
    open_page(page, f"{live_portal.url}/trajets")
    before = _first_table(page)
    _radio(page, fr.MESSAGES["filters.day_night"], fr.MESSAGES["filters.day_night_night"])
    _apply_filters(page)
    after = _first_table(page)
    assert after != before
    headers = page.locator(f"{TABLE} thead th").all_inner_texts()
    column = headers.index(fr.MESSAGES["trajets.col_period"])
    rows = page.locator(f"{TABLE} tbody tr")
    periods = {rows.nth(i).locator("td, th").nth(column).inner_text() for i in range(rows.count())}
    assert periods == {fr.MESSAGES["common.night"]}
    expected = httpx.get(f"{live_api.url}/trajets", params={"day_night": "night"}).json()["total"]
    assert re.search(rf"\b{expected}\b", page.locator(MAIN).inner_text().replace("\u202f", ""))
    assert "day_night=night" in page.url


def test_opening_a_trajet_shows_its_detail_and_stays_accessible(live_portal, page: Page) -> None:
    open_page(page, f"{live_portal.url}/trajets?day_night=night&q=Wien")
    option = _open_list(page, fr.MESSAGES["trajets.open"]).nth(1)
    chosen = option.inner_text()
    option.click()
    wait_for_portal(page)
    assert "trajet=" in page.url
    heading = page.locator(f"{MAIN} h2").filter(has_text="→").first
    expect(heading).to_be_visible()
    assert chosen.split(" : ")[1].split(" (")[0].split(" → ")[0] in heading.inner_text()
    expect(page.get_by_text(fr.MESSAGES["detail.calls"], exact=True)).to_be_visible()
    expect(page.get_by_text(fr.MESSAGES["detail.source"], exact=True)).to_be_visible()
    assert_accessible(page)


def test_csv_download_holds_every_filtered_trajet(
    live_portal, live_api, page: Page, tmp_path: Path
) -> None:
    open_page(page, f"{live_portal.url}/trajets?day_night=night&country=AT")
    with page.expect_download() as download_info:
        page.get_by_role("button", name=fr.MESSAGES["trajets.csv"]).click()
    target = tmp_path / "trajets.csv"
    download_info.value.save_as(target)
    lines = target.read_text(encoding="utf-8").strip().splitlines()
    expected = httpx.get(
        f"{live_api.url}/trajets", params={"day_night": "night", "country": "AT"}
    ).json()
    assert len(lines) - 1 == expected["total"] > 0
    assert download_info.value.suggested_filename == "obrail-trajets.csv"


def test_a_shared_url_opens_the_same_view(live_portal, browser: Browser, page: Page) -> None:
    open_page(page, f"{live_portal.url}/trajets")
    page.get_by_role("textbox", name=fr.MESSAGES["filters.q"]).fill("Wien")
    _radio(page, fr.MESSAGES["filters.day_night"], fr.MESSAGES["filters.day_night_night"])
    _apply_filters(page)
    first_page = _first_table(page)
    page.get_by_role("button", name=fr.MESSAGES["trajets.next"]).click()
    wait_for_portal(page)
    table = _first_table_once(page, lambda shown: shown != first_page)
    shared_url = page.url
    assert "page=2" in shared_url
    assert table != first_page
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        open_page(other, shared_url)
        assert _first_table_once(other, lambda shown: shown == table) == table
        expect(other.get_by_role("textbox", name=fr.MESSAGES["filters.q"])).to_have_value("Wien")
    finally:
        other.context.close()


def test_language_switch_serves_english_and_survives_navigation(live_portal, page: Page) -> None:
    open_page(page, f"{live_portal.url}/trajets?day_night=night")
    follow_link(page, page.get_by_role("link", name="English"), re.compile(r"[?&]lang=en\b"))
    assert page.evaluate("document.documentElement.lang") == "en"
    assert "lang=en" in page.url and "day_night=night" in page.url
    expect(page.locator(f"{MAIN} h1")).to_have_text(en.MESSAGES["trajets.title"])
    follow_link(
        page,
        page.locator(SIDEBAR).get_by_role("link", name=en.MESSAGES["nav.stats"]),
        address_of_page("statistiques"),
    )
    expect(page.locator(f"{MAIN} h1")).to_have_text(en.MESSAGES["stats.title"])
    assert "lang=en" in page.url
    follow_link(page, page.get_by_role("link", name="Français"), re.compile(r"[?&]lang=fr\b"))
    assert page.evaluate("document.documentElement.lang") == "fr"
    expect(page.locator(f"{MAIN} h1")).to_have_text(fr.MESSAGES["stats.title"])


def test_every_page_is_reachable_from_the_menu(live_portal, page: Page) -> None:
    open_page(page, live_portal.url)
    assert_titled_and_accessible(page, "nav.home", "fr")  # the home page, served at /
    for spec in PAGES[1:]:
        link = page.locator(SIDEBAR).get_by_role(
            "link", name=fr.MESSAGES[spec.title_key], exact=True
        )
        follow_link(page, link, address_of_page(spec.url_path))
        assert page.url.split("?")[0].endswith("/" + spec.url_path)
        expect(page.locator(f"{MAIN} h1")).to_have_count(1)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_stopping_the_api_shows_a_plain_banner_everywhere(
    outage_pair: Pair, browser: Browser
) -> None:
    """Its own API (stopped here) and portal (no cache: every page asks the API), started with
    the session's servers."""
    api, portal = outage_pair.api, outage_pair.portal
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    open_page(page, portal.url)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    api.stop()
    for spec in PAGES:
        open_page(page, _page_url(portal.url, spec.url_path))
        banner = page.locator('[data-testid="stAlertContentError"]').first
        expect(banner).to_contain_text("ne répond pas")
        expect(page.locator(f"{MAIN} h1")).to_have_count(1)
        assert "Traceback" not in page.locator(MAIN).inner_text()
    page.context.close()


def test_trajets_can_be_filtered_with_the_keyboard_alone(live_portal, page: Page) -> None:
    """Tab from the top of the page reaches the search box and the apply button; every stop
    has an accessible name and a visible focus; Enter submits."""
    open_page(page, f"{live_portal.url}/trajets")
    assert_titled_and_accessible(page, "nav.trajets", "fr")  # served as it is first seen
    page.locator("body").focus()
    reached: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement; const style = getComputedStyle(e);
                return {name: e.getAttribute('aria-label') || e.innerText || e.value || '',
                        tag: e.tagName, visible: !!(e.offsetWidth || e.offsetHeight),
                        outline: style.outlineStyle !== 'none' || style.boxShadow !== 'none'}; }"""
        )
        assert focused["visible"], focused
        # Material icons are ligatures: their text comes first, the label last.
        name = focused["name"].strip().splitlines()[-1] if focused["name"].strip() else ""
        reached.append(name)
        if name == fr.MESSAGES["filters.q"]:
            page.keyboard.type("Wien")
        if focused["tag"] == "BUTTON" and name == fr.MESSAGES["filters.apply"]:
            assert focused["outline"], "the focused button shows no focus indicator"
            break
    assert reached[0] == "Skip to main content", reached  # Streamlit's skip link comes first
    assert fr.MESSAGES["filters.q"] in reached, reached
    assert reached[-1] == fr.MESSAGES["filters.apply"], reached
    page.keyboard.press("Enter")
    wait_for_portal(page)
    assert "q=Wien" in page.url

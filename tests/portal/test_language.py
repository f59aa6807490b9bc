"""French by default, English on request; the language lives in the URL and survives navigation."""

from __future__ import annotations

import pytest

from portal.i18n import en, fr
from tests.portal.conftest import PAGE_FILES, PortalFactory, apply_filters
from tests.portal.fake_api import FakeApi


def _switch_link(at) -> str:
    return next(str(m.value) for m in at.markdown if 'class="obrail-lang"' in m.value)


def test_french_by_default_with_a_link_to_english(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url)
    assert at.title[0].value == fr.MESSAGES["home.title"]
    link = _switch_link(at)
    assert 'href="?lang=en"' in link and 'lang="en"' in link and "English" in link


@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_english_pages_are_in_english(page: str, api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, page, query={"lang": "en"})
    assert at.title[0].value in en.MESSAGES.values()
    assert at.title[0].value not in fr.MESSAGES.values() or at.title[0].value == "Contact"
    assert "Français" in _switch_link(at)


def test_switch_link_keeps_the_view(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, "trajets", query={"day_night": "night", "page": "2"})
    assert 'href="?day_night=night&amp;page=2&amp;lang=en"' in _switch_link(at)


def test_unknown_language_falls_back_to_french(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, query={"lang": "xx"})
    assert at.title[0].value == fr.MESSAGES["home.title"]


def test_language_survives_navigation(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, query={"lang": "en"})
    at.query_params.clear()  # what the sidebar navigation does to the URL
    at.switch_page(PAGE_FILES["statistiques"]).run()
    assert at.title[0].value == en.MESSAGES["stats.title"]
    assert at.query_params["lang"] == "en"


def test_switch_link_keeps_filters_chosen_in_this_run(api: FakeApi, portal: PortalFactory) -> None:
    """The page writes a new filter into the URL while it runs: the link, drawn at the top,
    is filled after the page so that it carries that filter too."""
    at = portal(api.url, "trajets")
    assert 'href="?lang=en"' in _switch_link(at)
    at.radio(key="f_day_night").set_value("night")
    apply_filters(at)
    assert at.query_params["day_night"] == "night"
    assert 'href="?day_night=night&amp;lang=en"' in _switch_link(at)

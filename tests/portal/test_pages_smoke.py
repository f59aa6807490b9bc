"""Every page, in its three states: normal, empty warehouse, API down. No traceback ever."""

from __future__ import annotations

import itertools

import pytest
from streamlit.testing.v1 import AppTest

from tests.portal.conftest import PAGE_FILES, PortalFactory, closed_port_url, texts
from tests.portal.fake_api import FakeApi

PAGES = list(PAGE_FILES)


LEVELS = {"title": 1, "header": 2, "subheader": 3}


def assert_headings_start_at_h1_and_never_skip_a_level(at: AppTest) -> None:
    levels = [LEVELS[node.type] for node in at.main if getattr(node, "type", None) in LEVELS]
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_with_one_title_no_error_and_headings_in_order(
    page: str, api: FakeApi, portal: PortalFactory
) -> None:
    """One run of the page checks the render and its heading levels (h1 once, no level skipped)."""
    at = portal(api.url, page)
    assert not at.exception
    assert len(at.title) == 1
    assert not at.error, [e.value for e in at.error]
    assert api.requests, "the page asked the API nothing"
    assert_headings_start_at_h1_and_never_skip_a_level(at)


def test_a_trajet_s_detail_keeps_its_headings_in_order(api: FakeApi, portal: PortalFactory) -> None:
    """The Trajets page showing one trajet's detail has headings of its own."""
    at = portal(api.url, "trajets", query={"trajet": "t-nj-469"})
    assert_headings_start_at_h1_and_never_skip_a_level(at)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_an_empty_warehouse_without_error(
    page: str, empty_api: FakeApi, portal: PortalFactory
) -> None:
    at = portal(empty_api.url, page)
    assert not at.exception
    assert len(at.title) == 1
    assert not at.error


@pytest.mark.parametrize("page", PAGES)
def test_page_says_plainly_that_the_api_is_down(page: str, portal: PortalFactory) -> None:
    at = portal(closed_port_url(), page)
    assert not at.exception
    assert len(at.title) == 1
    banners = [e.value for e in at.error]
    assert any("ne répond pas" in str(b) for b in banners), banners


@pytest.mark.parametrize("page", PAGES)
def test_page_shows_no_traceback_when_the_api_answers_500(
    page: str, api: FakeApi, portal: PortalFactory
) -> None:
    api.status_override = 500
    at = portal(api.url, page)
    assert not at.exception
    assert "Traceback" not in texts(at)
    assert any("ne répond pas" in str(e.value) for e in at.error)


def test_slow_api_is_announced(api: FakeApi, portal: PortalFactory) -> None:
    api.delay_s = 0.2
    at = portal(api.url, "accueil", api_slow_ms=100)
    assert any("lentement" in str(w.value) for w in at.warning)
    assert not at.error

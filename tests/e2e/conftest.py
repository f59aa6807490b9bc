"""End-to-end fixtures: the real API on the loaded warehouse (role obrail_api), the real
portal in front of it, and Debian's Chromium (headless shell; the full browser for one user
task) driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e import servers
from tests.e2e.browser import record_other_origins
from tests.support.database import allow_login, url_for
from tests.support.models import promote_report_modal
from tests.support.network import free_port


@pytest.fixture(scope="session")
def api_role_url(loaded_db: str) -> str:
    """The loaded warehouse as the API's read-only role (roles are NOLOGIN by default)."""
    allow_login("obrail_api")
    return url_for(loaded_db.rsplit("/", 1)[1], "obrail_api")


@pytest.fixture(scope="session")
def logs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e-logs")


@dataclass
class Pair:
    """An API and the portal in front of it."""

    api: servers.Service
    portal: servers.Service


@dataclass
class LiveServices:
    served: Pair
    #: For test_stopping_the_api_shows_a_plain_banner_everywhere alone (it stops the API), when
    #: the session runs it: the API without a model, the portal without a cache.
    outage: Pair | None


#: The test that stops an API of its own (`outage_pair`).
OUTAGE_TEST = "test_stopping_the_api_shows_a_plain_banner_everywhere"


@pytest.fixture(scope="session")
def live_services(
    request: pytest.FixtureRequest,
    data_dir: Path,
    logs_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServices]:
    """The API serving the loaded warehouse and the modal-shift model trained on it, and the
    portal in front of it; and, when the session runs OUTAGE_TEST, the pair that test stops.
    Nothing waits for what it does not need: the portals (which ask the API nothing before a
    visitor opens a page) boot while the warehouse of `data_dir` is loaded (its template may be
    built first), the APIs while the model trains (an API serves a version promoted after its
    start from the next request on)."""
    with ExitStack() as stack:
        ports = {"api": free_port(), "outage_api": free_port()}
        portal = stack.enter_context(
            servers.portal_starting(servers.local_url(ports["api"]), logs_dir / "portal.log")
        )
        outage_portal = None
        if any(item.name == OUTAGE_TEST for item in request.session.items):
            outage_portal = stack.enter_context(
                servers.portal_starting(
                    servers.local_url(ports["outage_api"]),
                    logs_dir / "portal-no-api.log",
                    api_cache_ttl_s="0",
                )
            )
        loaded_db: str = request.getfixturevalue("loaded_db")
        api_role_url: str = request.getfixturevalue("api_role_url")
        model_dir = tmp_path_factory.mktemp("models")
        api = stack.enter_context(
            servers.api_starting(api_role_url, logs_dir / "api.log", model_dir, ports["api"])
        )
        outage = None
        if outage_portal is not None:
            outage_api = stack.enter_context(
                servers.api_starting(
                    api_role_url, logs_dir / "api-stopped.log", port=ports["outage_api"]
                )
            )
            outage = Pair(outage_api, outage_portal)
        promote_report_modal(loaded_db, model_dir)
        for pair in (Pair(api, portal), *([outage] if outage else [])):
            servers.wait_until_ready(pair.api, servers.API_PROBE)
            servers.wait_until_ready(pair.portal, servers.PORTAL_PROBE)
        yield LiveServices(Pair(api, portal), outage)


@pytest.fixture(scope="session")
def live_api(live_services: LiveServices) -> servers.Service:
    return live_services.served.api


@pytest.fixture(scope="session")
def live_portal(live_services: LiveServices) -> servers.Service:
    return live_services.served.portal


@pytest.fixture(scope="session")
def outage_pair(live_services: LiveServices) -> Pair:
    """The API and portal that OUTAGE_TEST stops (started with the others, to boot meanwhile)."""
    assert live_services.outage is not None, f"the session runs {OUTAGE_TEST}"
    return live_services.outage


def _visitor_tab(browser: Browser, live_portal: servers.Service) -> Iterator[Page]:
    """A first-time visitor's tab; whatever the test does in it, the page must ask nothing of
    another origin (charts, the map's background, fonts and icons all come from the portal: it
    works offline): checked after every test."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="fr-FR"
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    outside = record_other_origins(page, live_portal.url)
    yield page
    context.close()
    assert outside == [], f"the portal asked another origin: {outside}"


@pytest.fixture
def page(browser: Browser, live_portal: servers.Service) -> Iterator[Page]:
    """A first-time visitor's tab in Chromium's headless shell."""
    yield from _visitor_tab(browser, live_portal)


@pytest.fixture
def full_browser_page(full_browser: Browser, live_portal: servers.Service) -> Iterator[Page]:
    """A first-time visitor's tab in Debian's full Chromium."""
    yield from _visitor_tab(full_browser, live_portal)

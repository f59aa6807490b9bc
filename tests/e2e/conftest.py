"""End-to-end fixtures: the real API on the loaded warehouse (role obrail_api), the real
portal in front of it, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def live_services(
    request: pytest.FixtureRequest,
    data_dir: Path,
    logs_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[servers.Service, servers.Service]]:
    """The API serving the loaded warehouse and the modal-shift model trained on it, and the
    portal in front of it. Nothing waits for what it does not need: the portal (which asks the
    API nothing before a visitor opens a page) boots while the warehouse of `data_dir` is
    loaded (its template may be built first), the API while the model trains (it serves a
    version promoted after its start from the next request on)."""
    api_port = free_port()
    with servers.portal_starting(servers.local_url(api_port), logs_dir / "portal.log") as portal:
        loaded_db: str = request.getfixturevalue("loaded_db")
        api_role_url: str = request.getfixturevalue("api_role_url")
        model_dir = tmp_path_factory.mktemp("models")
        with servers.api_starting(api_role_url, logs_dir / "api.log", model_dir, api_port) as api:
            promote_report_modal(loaded_db, model_dir)
            servers.wait_until_ready(api, servers.API_PROBE)
            servers.wait_until_ready(portal, servers.PORTAL_PROBE)
            yield api, portal


@pytest.fixture(scope="session")
def live_api(live_services: tuple[servers.Service, servers.Service]) -> servers.Service:
    return live_services[0]


@pytest.fixture(scope="session")
def live_portal(live_services: tuple[servers.Service, servers.Service]) -> servers.Service:
    return live_services[1]


@pytest.fixture
def page(browser: Browser, live_portal: servers.Service) -> Iterator[Page]:
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

"""Shared fixtures: real PostgreSQL databases, migrated and loaded with the real mirror."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.database import DATA_DIR, loaded_template, sqlalchemy_url, temporary_database
from warehouse import db
from warehouse.settings import WarehouseSettings


@pytest.fixture(scope="session")
def data_dir():
    if not (DATA_DIR / "README.md").is_file():
        pytest.fail(f"the open-data mirror is missing at {DATA_DIR} (set OBRAIL_DATA_DIR)")
    return DATA_DIR


@pytest.fixture
def empty_db() -> Iterator[str]:
    with temporary_database() as url:
        yield url


@pytest.fixture
def migrated_db(empty_db: str) -> str:
    db.upgrade(sqlalchemy_url(empty_db))
    return empty_db


def warehouse_settings(url: str, data_dir, **overrides) -> WarehouseSettings:
    return WarehouseSettings(database_url=url, data_dir=data_dir, **overrides)


@pytest.fixture(scope="session")
def loaded_db(data_dir) -> Iterator[str]:
    """One database per test session with the whole mirror published. Read-only for tests:
    a test that changes data makes its own database (`clone_loaded_db`)."""
    with temporary_database("obrail_loaded", template=loaded_template(data_dir)) as url:
        yield url


@pytest.fixture
def clone_loaded_db(data_dir) -> Iterator[str]:
    """A private copy of the loaded warehouse, for tests that change data."""
    with temporary_database("obrail_clone", template=loaded_template(data_dir)) as url:
        yield url


@pytest.fixture(scope="session")
def playwright():
    """One Playwright driver for the whole session: a second sync driver in the same process
    fails ('Sync API inside the asyncio loop'), so every browser test shares this one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright):
    """Debian's Chromium (test tools cannot download browsers here)."""
    from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS

    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()

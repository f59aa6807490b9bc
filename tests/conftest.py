"""Shared fixtures: real PostgreSQL databases, migrated and loaded with an open-data mirror.

Two mirrors: the real one (`make test`, OBRAIL_DATA_DIR) and a small synthetic one written by
tests/support/synthetic.py. `--mirror=synthetic` (`make test-fast`) runs the tests on the
synthetic mirror and leaves out the `slow` ones, which need the real data.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import scheduling
from tests.support.database import (
    DATA_DIR,
    drops_in_background,
    loaded_template,
    sqlalchemy_url,
    temporary_database,
)
from tests.support.synthetic import write_mirror
from warehouse import db
from warehouse.settings import WarehouseSettings


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--mirror",
        choices=("full", "synthetic"),
        default="full",
        help="open data the tests load: the real mirror (full, default) or the small synthetic "
        "one (leaves out the tests marked slow, which need the real data)",
    )


def synthetic_run(config: pytest.Config) -> bool:
    return bool(config.getoption("--mirror") == "synthetic")


#: Folders whose every test is `slow`: delivery checks (linters of the deployment files, backups,
#: images) and the live monitoring stack (Prometheus, Alertmanager, Pushgateway, two APIs, portal).
SLOW_FOLDERS = ("delivery", "monitoring/live")
#: Folders whose tests share costly session fixtures run on one xdist worker (--dist loadgroup), so
#: each fixture is built once: the suites' Great Expectations runs, the browser and servers.
XDIST_GROUPS = {"quality": "quality", "e2e": "browser", "monitoring/live": "browser"}
TESTS_ROOT = Path(__file__).resolve().parent


def _in(folder: str, parent: str) -> bool:
    return folder == parent or folder.startswith(parent + "/")


def xdist_group(nodeid: str) -> str | None:
    """The XDIST_GROUPS group of a test ('tests/quality/test_gate.py::test_x' -> 'quality')."""
    folder = nodeid.split("::", 1)[0].removeprefix("tests/").rpartition("/")[0]
    return next((g for parent, g in XDIST_GROUPS.items() if _in(folder, parent)), None)


def xdist_scope(nodeid: str) -> str:
    """The unit of work `--dist loadgroup` hands out: the test's group, else its file."""
    return xdist_group(nodeid) or nodeid.split("::", 1)[0]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadgroup` by folder (XDIST_GROUPS): a group goes to one worker, every other test
    file to whichever worker is free (so a module-scoped fixture is built once). (xdist's own
    `xdist_group` marks never reach its scheduler with pytest 9, whose node ids xdist 3.8 can no
    longer rename.) The scopes are handed out in the order the workers collected them
    (`_schedule_order`), not xdist's default (most tests first)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False

    class FolderGroups(LoadScopeScheduling):  # type: ignore[misc]  # untyped base
        def add_node_collection(self, node: Any, collection: list[str]) -> None:
            # Some items share a node id (schemathesis: one per API operation); this scheduler
            # keys work by node id, so each repeat gets a suffix (the same on every worker),
            # else all but one of them would never run.
            seen: dict[str, int] = {}
            unique = []
            for nodeid in collection:
                seen[nodeid] = seen.get(nodeid, 0) + 1
                unique.append(nodeid if seen[nodeid] == 1 else f"{nodeid}#{seen[nodeid]}")
            super().add_node_collection(node, unique)

        def _split_scope(self, nodeid: str) -> str:
            return xdist_scope(nodeid)

    return FolderGroups(config, log)


def _schedule_order(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On an xdist worker of `--dist loadgroup`: the items regrouped by scope in the order the
    scheduler should hand them out (tests/support/scheduling.py); every worker sorts the same
    collection the same way."""
    if not (hasattr(config, "workerinput") and getattr(config.option, "loadgroup", False)):
        return
    full_mirror = not synthetic_run(config)
    items[:] = scheduling.ordered_by_scope(
        items,
        lambda item: xdist_scope(item.nodeid),
        # The real mirror's template is built by whatever test first needs a warehouse loaded
        # with it; every such test reaches it through the data_dir fixture.
        lambda item: full_mirror and "data_dir" in getattr(item, "fixturenames", ()),
        scheduling.load_durations(),
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Marks the slow folders; on the synthetic mirror, deselects (never skips) the slow tests;
    orders the work of `--dist loadgroup`."""
    for item in items:
        folder = item.path.parent.relative_to(TESTS_ROOT).as_posix()
        if any(_in(folder, slow) for slow in SLOW_FOLDERS):
            item.add_marker(pytest.mark.slow)
    _schedule_order(config, items)
    if not synthetic_run(config):
        return
    deselected = [item for item in items if item.get_closest_marker("slow")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture(scope="session", autouse=True)
def _drop_databases_in_background() -> Iterator[None]:
    """Tests hand their temporary databases over to a thread that drops them (each DROP makes
    PostgreSQL checkpoint); every one is dropped before the session ends."""
    with drops_in_background():
        yield


@pytest.fixture(scope="session")
def synthetic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small synthetic mirror, written once per test session (per xdist worker)."""
    return write_mirror(tmp_path_factory.mktemp("synthetic-mirror"))


@pytest.fixture(scope="session")
def data_dir(request: pytest.FixtureRequest) -> Path:
    """The mirror the session loads: the real one, or the synthetic one with --mirror=synthetic."""
    if synthetic_run(request.config):
        return Path(request.getfixturevalue("synthetic_dir"))
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


@pytest.fixture
def clone_synthetic_db(synthetic_dir: Path) -> Iterator[str]:
    """A private copy of a warehouse loaded with the synthetic mirror, for tests of behaviour
    that does not depend on the real data (failures, gates, reloads): seconds, not minutes."""
    with temporary_database("obrail_sclone", template=loaded_template(synthetic_dir)) as url:
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
    """Debian's Chromium headless shell (test tools cannot download browsers here)."""
    from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS

    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def full_browser(playwright):
    """Debian's full Chromium, the browser a visitor opens (headless)."""
    from tests.e2e.browser import CHROMIUM_ARGS, FULL_CHROMIUM

    browser = playwright.chromium.launch(executable_path=FULL_CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()

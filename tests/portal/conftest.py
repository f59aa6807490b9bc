"""Portal test fixtures: a fake API over real HTTP, and AppTests of the real portal script."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pytest
import streamlit as st
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from portal import context
from portal.components.tables import TABLE_CLASS
from portal.settings import PortalSettings
from tests.portal import payloads
from tests.portal.fake_api import FakeApi, serve
from tests.support.network import free_port

APP_SCRIPT = Path(__file__).resolve().parents[2] / "portal" / "app.py"
PAGE_FILES = {
    "accueil": "app_pages/accueil.py",
    "trajets": "app_pages/trajets.py",
    "statistiques": "app_pages/statistiques.py",
    "carte": "app_pages/carte.py",
    "qualite": "app_pages/qualite.py",
    "sante": "app_pages/sante.py",
    "a_propos": "app_pages/a_propos.py",
    "depuis_ma_ville": "app_pages/depuis_ma_ville.py",
    "train_ou_avion": "app_pages/train_ou_avion.py",
}


def closed_port_url() -> str:
    """A URL where nothing listens: the API is down."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture(scope="session")
def _fake_server() -> Iterator[FakeApi]:
    """One fake API server for the session; each test resets what it answers."""
    with serve(FakeApi({})) as fake:
        yield fake


@pytest.fixture
def api(_fake_server: FakeApi) -> Iterator[FakeApi]:
    """The fake API with realistic answers; after the test, every answer it gave must be one
    the real API could send (its OpenAPI document)."""
    yield _fake_server.reset(payloads.normal() | payloads.journeys())
    assert not _fake_server.contract_violations, "\n".join(_fake_server.contract_violations)


@pytest.fixture
def empty_api(_fake_server: FakeApi) -> Iterator[FakeApi]:
    yield _fake_server.reset(payloads.empty())
    assert not _fake_server.contract_violations, "\n".join(_fake_server.contract_violations)


PortalFactory = Callable[..., AppTest]


def _url_path_is_file_stem(page: str) -> bool:
    from portal.navigation import page_by_file

    return page_by_file(PAGE_FILES[page]).url_path == page


@pytest.fixture(scope="session")
def components() -> BidiComponentManager:
    """Streamlit's registry of installed custom components, discovered once for the session as a
    served portal does once per server (its runtime). AppTest would discover them again for each
    new AppTest: a read of every installed package's metadata, about 0.25 s of CPU each time."""
    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


def new_app_test(components: BidiComponentManager, timeout_s: float = 15) -> AppTest:
    """An AppTest of the portal's script that uses the session's component registry."""
    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=timeout_s)
    # AppTest's own registry, built on its first run when still None (streamlit 1.67).
    assert at._bidi_component_manager is None, "AppTest no longer has this attribute"
    at._bidi_component_manager = components
    return at


def apply_filters(at: AppTest) -> AppTest:
    """Click the Trajets filter form's submit button and run the script again."""
    submit = next(b for b in at.button if b.label == "Appliquer les filtres")
    return submit.click().run()


@pytest.fixture
def portal(components: BidiComponentManager) -> PortalFactory:
    """`portal(api_url, page="trajets", query={...}, **settings)`: the portal run once on a page."""

    def open_page(
        api_url: str, page: str = "accueil", query: dict[str, str] | None = None, **settings: object
    ) -> AppTest:
        options: dict[str, Any] = {
            "api_url": api_url,
            "api_timeout_s": 2.0,
            "api_cache_ttl_s": 0,
        }
        context.configure(PortalSettings(**{**options, **settings}))
        at = new_app_test(components)
        if page != "accueil":
            if not _url_path_is_file_stem(page):
                at.run()  # pages with their own URL slug are known only after a first run
            at.switch_page(PAGE_FILES[page])
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return at.run()

    return open_page


def charts(at: AppTest) -> list[tuple[str, str]]:
    """Every chart of the run as (accessible name, Vega-Lite specification as JSON text, its
    inline datasets included)."""
    found = []
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        datasets = " ".join(
            pa.ipc.open_stream(d.data.data).read_pandas().to_csv() for d in element.proto.datasets
        )
        found.append(
            (str(spec.get("description", "")), json.dumps(spec, ensure_ascii=False) + datasets)
        )
    return found


def texts(at: AppTest) -> str:
    """Every text shown by the run (markdown, headings, captions, alerts), one per line."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts.extend(str(element.value) for element in getattr(at, kind))
    return "\n".join(parts)


class _TableParser(HTMLParser):
    """The header and cell texts of the portal's HTML tables, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and tuple(v for k, v in attrs if k == "class") == (TABLE_CLASS,):
            self.tables.append((dict(attrs).get("aria-label") or "", []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("th", "td") and self.tables:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1][1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@dataclass(frozen=True)
class ShownTable:
    """A table of the page: its accessible name and its rows (texts as shown)."""

    label: str
    value: pd.DataFrame


#: Session-state keys of the charts' table expanders (portal.components.charts.chart_table).
CHART_TABLE_PREFIX = "table_"


def chart_table_keys(at: AppTest) -> list[str]:
    return [
        str(key)
        for key in at.session_state._state.filtered_state
        if str(key).startswith(CHART_TABLE_PREFIX)
    ]


def open_chart_tables(at: AppTest) -> AppTest:
    """Open every chart's table expander, as a visitor clicking each one, and rerun (their
    tables are built only once open)."""
    for key in chart_table_keys(at):
        at.session_state[key] = True
    return at.run()


def tables(node: AppTest | Block) -> list[ShownTable]:
    """Every HTML table shown under `node` (the run, or a block such as an expander)."""
    parser = _TableParser()
    for element in node.get("html"):
        parser.feed(str(getattr(element, "value", "")))
    return [
        ShownTable(label, pd.DataFrame(rows[1:], columns=rows[0]) if rows else pd.DataFrame())
        for label, rows in parser.tables
    ]

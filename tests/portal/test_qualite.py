"""Qualité des données: the latest run, suite by suite; a clear empty state."""

from __future__ import annotations

from tests.portal import payloads
from tests.portal.conftest import PortalFactory
from tests.portal.fake_api import FakeApi


def test_latest_run_shows_every_expectation(api: FakeApi, portal: PortalFactory) -> None:
    latest = payloads.normal()["/quality/latest"]
    at = portal(api.url, "qualite")
    expectations = [e for suite in latest["suites"] for e in suite["expectations"]]
    failed = [e for e in expectations if not e["success"]]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Contrôles"] == str(len(expectations))
    assert shown["Contrôles en échec"] == str(len(failed))
    table = at.table[0].value
    assert set(table["Contrôle"]) == {e["description"] for e in expectations}
    assert table["Résultat"][0] == "Échec"  # failures first


def test_no_quality_run_yet_is_a_clear_empty_state(
    empty_api: FakeApi, portal: PortalFactory
) -> None:
    at = portal(empty_api.url, "qualite")
    assert any("Aucun résultat de contrôle" in str(i.value) for i in at.info)
    assert not at.table

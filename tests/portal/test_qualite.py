"""Qualité des données: the latest run, suite by suite; a clear empty state."""

from __future__ import annotations

from tests.portal import payloads
from tests.portal.conftest import PortalFactory, tables, texts
from tests.portal.fake_api import FakeApi


def test_latest_run_shows_every_expectation(api: FakeApi, portal: PortalFactory) -> None:
    latest = payloads.normal()["/quality/latest"]
    at = portal(api.url, "qualite")
    expectations = [e for suite in latest["suites"] for e in suite["expectations"]]
    failed = [e for e in expectations if not e["success"]]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Contrôles"] == str(len(expectations))
    assert shown["Contrôles en échec"] == str(len(failed))
    table = tables(at)[0].value
    assert set(table["Contrôle"]) == {e["description"] for e in expectations}
    assert table["Résultat"][0] == "Échec"  # failures first


def test_no_quality_run_yet_is_a_clear_empty_state(
    empty_api: FakeApi, portal: PortalFactory
) -> None:
    at = portal(empty_api.url, "qualite")
    assert any("Aucun résultat de contrôle" in str(i.value) for i in at.info)
    assert not tables(at)


def test_each_failure_is_named_with_its_severity_and_meaning(
    api: FakeApi, portal: PortalFactory
) -> None:
    at = portal(api.url, "qualite")
    shown = texts(at)
    assert (
        "**trajets · expect_column_values_to_be_between** (Avertissement) : "
        "Durée entre 10 min et 48 h — 12 lignes en cause" in shown
    )
    assert "porte de qualité de l'ETL" in shown  # the gate's run, said as such
    assert any(h.value == "Horaires expirés" for h in at.header)

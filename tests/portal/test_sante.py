"""Santé du service: API health and latency, freshness, ETL runs, monitoring incidents."""

from __future__ import annotations

from tests.portal import payloads
from tests.portal.conftest import PortalFactory, closed_port_url, tables, texts
from tests.portal.fake_api import FakeApi


def test_health_latency_runs_and_incidents(api: FakeApi, portal: PortalFactory) -> None:
    answers = payloads.normal()
    at = portal(api.url, "sante")
    shown = {m.label: m.value for m in at.metric}
    assert shown["API"] == "Disponible"
    assert shown["Base de données"] == "Disponible"
    assert shown["Temps de réponse"].endswith(" ms")
    runs = tables(at)[0].value
    assert len(runs) == len(answers["/etl/runs?limit=10"])
    assert list(runs["Statut"]) == ["Réussi", "Échoué"]
    alert = answers["/monitoring/alerts"]["alerts"][0]
    assert alert["name"] in texts(at) and alert["runbook_url"] in texts(at)


def test_health_is_never_cached(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, "sante", api_cache_ttl_s=60)
    at.run()
    assert sum(path == "/health" for path, _ in api.requests) == 2


def test_monitoring_not_running_is_said_clearly(empty_api: FakeApi, portal: PortalFactory) -> None:
    at = portal(empty_api.url, "sante")
    assert any("supervision n'est pas active" in str(i.value) for i in at.info)
    assert any("Aucun chargement" in str(i.value) for i in at.info)


def test_api_down_says_why(portal: PortalFactory) -> None:
    at = portal(closed_port_url(), "sante")
    assert any("connexion impossible" in str(e.value) for e in at.error)
    assert not at.metric


def test_a_runbook_path_is_shown_as_text_not_as_a_broken_link(
    api: FakeApi, portal: PortalFactory
) -> None:
    answers = payloads.normal()
    alert = {
        **answers["/monitoring/alerts"]["alerts"][0],
        "runbook_url": "docs/runbooks/ObrailDataStale.md",
    }
    api.payloads["/monitoring/alerts"] = {"available": True, "alerts": [alert]}
    at = portal(api.url, "sante")
    incidents = next(m.value for m in at.markdown if "ObrailDataStale" in m.value)
    assert "`docs/runbooks/ObrailDataStale.md`" in incidents
    assert "](docs/runbooks" not in incidents and "href" not in incidents

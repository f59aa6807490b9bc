"""Accueil: key figures, freshness and sources, as the API gives them."""

from __future__ import annotations

from portal import formatting as fmt
from tests.portal import payloads
from tests.portal.conftest import PortalFactory, closed_port_url, tables, texts
from tests.portal.fake_api import FakeApi


def test_key_figures_come_from_the_summary(api: FakeApi, portal: PortalFactory) -> None:
    summary = payloads.normal()["/stats/summary"]
    at = portal(api.url)
    shown = {metric.label: metric.value for metric in at.metric}
    assert shown["Trajets"] == fmt.number(summary["trajets"], "fr")
    assert shown["Part des trains de nuit"] == fmt.percent(summary["night_share"], "fr")
    assert shown["Opérateurs"] == fmt.number(summary["operators"], "fr")
    assert shown["Pays desservis"] == fmt.number(summary["countries"], "fr")
    assert shown["Départs par semaine"] == fmt.number(summary["weekly_departures"], "fr")


def test_freshness_and_validity_are_shown(api: FakeApi, portal: PortalFactory) -> None:
    summary = payloads.normal()["/stats/summary"]
    at = portal(api.url)
    assert summary["data_version"] in texts(at)
    validity = tables(at)[0].value
    assert list(validity["Source"]) == [v["name"] for v in summary["validity"]]
    assert validity["Valable jusqu'au"][0] == "09/12/2025"


def test_only_current_sources_are_listed_with_their_licence(
    api: FakeApi, portal: PortalFactory
) -> None:
    sources = payloads.normal()["/sources"]
    shown = texts(portal(api.url))
    for source in sources:
        assert (source["name"] in shown) is source["is_current"]
        if source["is_current"]:
            assert source["licence"] in shown


def test_empty_warehouse_says_nothing_is_published(
    empty_api: FakeApi, portal: PortalFactory
) -> None:
    at = portal(empty_api.url)
    assert not at.metric
    assert any("Aucune donnée" in str(info.value) for info in at.info)


def test_api_down_keeps_the_explanation_and_links(portal: PortalFactory) -> None:
    at = portal(closed_port_url())
    assert "rassemble les horaires ouverts" in texts(at)
    assert not at.metric
    assert len(at.info) >= 2  # figures and sources blocks each say they are unavailable

"""Carte: routes drawn without tiles, filters in the URL, a table of the busiest routes."""

from __future__ import annotations

from tests.portal import payloads
from tests.portal.conftest import (
    PortalFactory,
    charts,
    closed_port_url,
    open_chart_tables,
    tables,
)
from tests.portal.fake_api import FakeApi


def test_routes_are_drawn_without_tiles_with_station_labels(
    api: FakeApi, portal: PortalFactory
) -> None:
    routes = payloads.normal()["/map/routes"]["routes"]
    [(name, spec)] = charts(portal(api.url, "carte"))
    assert name
    assert "http" not in spec.replace("https://vega.github.io/schema", "")  # no tile, no URL
    for route in routes:
        assert route["origin"]["name"] in spec and route["destination"]["name"] in spec


def test_routes_table_lists_the_routes(api: FakeApi, portal: PortalFactory) -> None:
    routes = payloads.normal()["/map/routes"]["routes"]
    at = open_chart_tables(portal(api.url, "carte"))
    table = tables(at)[0].value
    assert len(table) == len(routes)
    busiest = max(routes, key=lambda r: r["weekly_departures"])
    assert table["Départ"][0] == busiest["origin"]["name"]
    assert table["Arrivée"][0] == busiest["destination"]["name"]


def test_night_filter_goes_to_the_api_and_the_url(api: FakeApi, portal: PortalFactory) -> None:
    at = portal(api.url, "carte")
    at.radio(key="map_filters_day_night").set_value("night")
    at.multiselect(key="map_filters_countries").set_value(["AT", "DE"])
    at.button[0].click().run()
    sent = api.last("/map/routes")
    assert sent["day_night"] == "night" and sent["country"] == "AT,DE"
    assert at.query_params["day_night"] == "night" and at.query_params["country"] == "AT,DE"


def test_map_without_api_keeps_its_filters(portal: PortalFactory) -> None:
    at = portal(closed_port_url(), "carte")
    assert at.radio[0].value == "all"
    assert not charts(at)

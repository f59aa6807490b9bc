"""Carte: routes drawn without tiles, filters in the URL, a table of the busiest routes."""

from __future__ import annotations

import pyarrow as pa  # type: ignore[import-untyped]

from portal.components.route_map import lines_frame, map_lines
from portal.i18n import Translator
from portal.models import Route
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


def _route(origin: dict[str, object], destination: dict[str, object], **values: object) -> Route:
    return Route.model_validate({"origin": origin, "destination": destination, **values})


PARIS_EST = {"id": "FR-PARIS-EST", "name": "Paris Est", "latitude": 48.877, "longitude": 2.359}
MUNICH_HBF = {
    "id": "DE-MUENCHEN-HBF",
    "name": "München Hbf",
    "latitude": 48.14,
    "longitude": 11.558,
}
WIEN_HBF = {"id": "AT-WIEN-HBF", "name": "Wien Hbf", "latitude": 48.185, "longitude": 16.376}


def test_a_link_served_both_ways_is_one_line_adding_both_directions() -> None:
    routes = [
        _route(PARIS_EST, MUNICH_HBF, day_night="day", trajets=4, weekly_departures=28.0),
        _route(MUNICH_HBF, PARIS_EST, day_night="day", trajets=5, weekly_departures=30.0),
        _route(MUNICH_HBF, PARIS_EST, day_night="night", trajets=1, weekly_departures=3.0),
        _route(PARIS_EST, WIEN_HBF, day_night="night", trajets=1, weekly_departures=7.0),
    ]
    lines = map_lines(routes)
    assert [(line.first.name, line.second.name, line.day_night) for line in lines] == [
        ("München Hbf", "Paris Est", "day"),  # the busier direction first
        ("Paris Est", "Wien Hbf", "night"),
        ("München Hbf", "Paris Est", "night"),  # another period: another line
    ]
    assert (lines[0].trajets, lines[0].weekly, lines[0].both) == (9, 58.0, True)
    assert not lines[1].both and not lines[2].both
    frame = lines_frame(lines, Translator("fr"))
    assert list(frame["link"]) == [
        "München Hbf ↔ Paris Est",
        "Paris Est → Wien Hbf",
        "München Hbf → Paris Est",
    ]


def test_the_map_sends_only_what_it_draws(api: FakeApi, portal: PortalFactory) -> None:
    """One row per line; coordinates projected, the latitudes themselves not sent."""
    at = portal(api.url, "carte")
    [chart] = at.get("vega_lite_chart")
    columns = [
        pa.ipc.open_stream(d.data.data).read_pandas().columns.tolist() for d in chart.proto.datasets
    ]
    lines = next(c for c in columns if "link" in c)
    assert sorted(lines) == ["link", "lon", "lon2", "period", "trajets", "weekly", "y", "y2"]

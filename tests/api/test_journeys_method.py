"""The door-to-door method of /comparison: sourced figures, plane trip and verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api import journeys
from warehouse.harmonise.geo import haversine_km

PARIS = journeys.Place(48.8566, 2.3522)
BERLIN = journeys.Place(52.5200, 13.4050)
LYON = journeys.Place(45.7640, 4.8357)
VERSAILLES = journeys.Place(48.8049, 2.1204)
AIRPORTS = journeys.Airports(
    [
        journeys.Airport("CDG", "Paris-Charles de Gaulle", 49.0097, 2.5479),
        journeys.Airport("ORY", "Paris-Orly", 48.7262, 2.3652),
        journeys.Airport("BER", "Berlin Brandenburg", 52.3667, 13.5033),
        journeys.Airport("LYS", "Lyon-Saint-Exupéry", 45.7256, 5.0811),
    ]
)
FACTORS = journeys.Factors(
    train={"high_speed": 0.00293, "intercity": 0.00898},
    plane=[(0.0, 1000.0, 0.2586), (1000.0, 3500.0, 0.1876), (3500.0, None, 0.152)],
)


def test_paris_berlin_by_plane_door_to_door():
    trip = journeys.plane_trip(PARIS, BERLIN, AIRPORTS, FACTORS)
    assert trip is not None
    assert (trip.origin_airport.iata, trip.destination_airport.iata) == ("ORY", "BER")
    assert trip.distance_km == pytest.approx(haversine_km(48.7262, 2.3652, 52.3667, 13.5033))
    assert trip.flight_min == pytest.approx(43.2 + trip.distance_km * 0.117 / 1.609344)
    assert trip.airport_before_min == 118 and trip.airport_after_min == 39
    assert trip.access_min == max(
        15.0, haversine_km(PARIS.latitude, PARIS.longitude, 48.7262, 2.3652) / 30 * 60
    )
    assert 280 < trip.door_to_door_min < 360
    assert trip.co2_kg == round(trip.distance_km * 0.2586, 2)


def nearest_by_scanning(
    place: journeys.Place, airports: list[journeys.Airport]
) -> tuple[journeys.Airport, float] | None:
    """The definition: every airport measured, the nearest within AIRPORT_SEARCH_KM, the first
    given among equals."""
    measured = [
        (haversine_km(place.latitude, place.longitude, a.latitude, a.longitude), rank, a)
        for rank, a in enumerate(airports)
    ]
    within = [m for m in measured if m[0] <= journeys.AIRPORT_SEARCH_KM]
    if not within:
        return None
    km, _, airport = min(within, key=lambda m: m[:2])
    return airport, km


# a box of about 330 x 220 km: most airports are near the band's edges or within reach
latitudes = st.floats(min_value=47.0, max_value=50.0)
longitudes = st.floats(min_value=1.0, max_value=4.0)
places = st.builds(journeys.Place, latitudes, longitudes)
airport_lists = st.lists(
    st.builds(
        journeys.Airport,
        st.sampled_from(["AAA", "BBB", "CCC"]),
        st.just("x"),
        latitudes,
        longitudes,
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(airport_lists, st.lists(places, min_size=1, max_size=5))
def test_the_airport_index_answers_as_a_scan_of_every_airport(airports, asked):
    """Bisection on the latitude band and the kept answers change no answer, ties included."""
    index = journeys.Airports(airports)
    for place in [*asked, *asked]:  # the second time from the kept answers
        assert index.nearest(place) == nearest_by_scanning(place, airports)


def test_airports_at_the_same_distance_go_to_the_first_given():
    twins = [
        journeys.Airport("ZZZ", "East", 48.0, 2.5),
        journeys.Airport("AAA", "West", 48.0, 1.5),
    ]
    centre = journeys.Place(48.0, 2.0)
    first = journeys.Airports(twins).nearest(centre)
    assert first is not None and first[0].iata == "ZZZ"
    second = journeys.Airports(list(reversed(twins))).nearest(centre)
    assert second is not None and second[0].iata == "AAA"


def test_nobody_flies_between_neighbouring_cities():
    assert journeys.plane_trip(PARIS, VERSAILLES, AIRPORTS, FACTORS) is None
    assert journeys.plane_trip(PARIS, journeys.Place(60.0, 25.0), AIRPORTS, FACTORS) is None


@pytest.mark.parametrize(
    ("train_min", "train_kg", "verdict"),
    [
        (120, 1.0, "train_faster_and_lower_carbon"),
        (900, 1.0, "plane_faster_train_lower_carbon"),
        (120, 500.0, "train_faster_plane_lower_carbon"),
        (900, 500.0, "plane_faster_and_lower_carbon"),
    ],
)
def test_verdicts(train_min, train_kg, verdict):
    plane = journeys.plane_trip(PARIS, LYON, AIRPORTS, FACTORS)
    assert plane is not None
    got, saved = journeys.verdict(train_min, train_kg, plane)
    assert got == verdict
    assert saved == pytest.approx(plane.door_to_door_min - (train_min + 32))
    assert journeys.verdict(train_min, train_kg, None) == ("no_flight", None)


def test_the_method_and_its_sources_are_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "api" / "train-ou-avion.md").read_text(
        encoding="utf-8"
    )
    for name, value in journeys.METHOD.items():
        if isinstance(value, int | float):
            assert f"`{name}`" in doc, name
    for source in journeys.METHOD["sources"]:
        assert source["name"].split(",")[0].split(" (")[0] in doc, source["name"]


def _figures(**overrides: Any) -> journeys.LegFigures:
    values = {
        "whole": False,
        "trajet_km": 1120.0,
        "trajet_co2_kg": 16.2,
        "leg_route_km": 300.0,
        "route_km": 900.0,
        "category": "night",
        "factors": FACTORS,
        **overrides,
    }
    return journeys.leg_figures(**values)


def test_a_whole_trajet_keeps_its_own_distance_and_co2():
    """The European Sleeper Paris -> Berlin's source figures (1 120 km, 16.2 kg), not the
    straight lines between its calls times a factor (929.2 km, 8.34 kg before)."""
    figures = _figures(whole=True, leg_route_km=929.2, route_km=929.2)
    assert (figures.rail_km, figures.co2_train_kg, figures.basis) == (1120.0, 16.2, "trajet")
    assert _figures(whole=True, trajet_km=None, trajet_co2_kg=None).basis is None


def test_a_part_of_a_trajet_is_prorated_by_the_distance_along_its_calls():
    part = _figures(leg_route_km=300.0, route_km=900.0)
    assert (part.rail_km, part.co2_train_kg, part.basis) == (373.3, 5.4, "prorated")
    rest = _figures(leg_route_km=600.0, route_km=900.0)
    assert part.rail_km is not None and rest.rail_km is not None
    assert part.co2_train_kg is not None and rest.co2_train_kg is not None
    assert part.rail_km + rest.rail_km == pytest.approx(1120.0, abs=0.1)
    assert part.co2_train_kg + rest.co2_train_kg == pytest.approx(16.2, abs=0.01)
    # a trajet whose distance is the ETL's `calls` one: exactly the part's distance x factor
    calls = _figures(trajet_km=900.0, trajet_co2_kg=None, category="high_speed")
    assert (calls.rail_km, calls.co2_train_kg) == (300.0, round(300.0 * 0.00293, 2))


def test_a_part_without_trajet_distance_or_position():
    alone = _figures(trajet_km=None, trajet_co2_kg=None, leg_route_km=250.04, route_km=None)
    assert (alone.rail_km, alone.co2_train_kg, alone.basis) == (250.0, 2.25, "calls")
    assert _figures(leg_route_km=None) == journeys.LegFigures(None, None, None)


def test_services_of_one_train_with_the_same_times_are_one_row():
    """ICE 9591 Paris Est 09:55 -> Berlin-Spandau 17:46: three services (calendars, termini),
    one train for the traveller; the same train reaching Berlin Hbf at 19:06 is another."""
    from datetime import time

    from api.routes.journeys import same_trains

    def leg(trajet_id: str, weekly: float, arrival: time, to: str = "spandau") -> dict[str, object]:
        return {
            "trajet_id": trajet_id,
            "brand": "ICE",
            "train_number": "9591",
            "train_name": None,
            "operator_name": "DB Fernverkehr",
            "day_night": "day",
            "from_station": "paris-est",
            "to_station": to,
            "departure_local": time(9, 55),
            "arrival_local": arrival,
            "arrival_days": 0,
            "weekly_departures": weekly,
        }

    legs = [
        leg("a", 0.05, time(17, 46)),
        leg("b", 6.17, time(17, 46)),
        leg("c", 0.09, time(17, 46)),
        leg("d", 0.56, time(19, 6), "berlin-hbf"),
    ]
    groups = same_trains(legs)
    assert [[r["trajet_id"] for r in g] for g in groups] == [["b", "c", "a"], ["d"]]

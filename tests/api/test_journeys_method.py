"""The door-to-door method of /comparison: sourced figures, plane trip and verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from api import journeys

PARIS = journeys.Place(48.8566, 2.3522)
BERLIN = journeys.Place(52.5200, 13.4050)
LYON = journeys.Place(45.7640, 4.8357)
VERSAILLES = journeys.Place(48.8049, 2.1204)
AIRPORTS = [
    journeys.Airport("CDG", "Paris-Charles de Gaulle", 49.0097, 2.5479),
    journeys.Airport("ORY", "Paris-Orly", 48.7262, 2.3652),
    journeys.Airport("BER", "Berlin Brandenburg", 52.3667, 13.5033),
    journeys.Airport("LYS", "Lyon-Saint-Exupéry", 45.7256, 5.0811),
]
FACTORS = journeys.Factors(
    train={"high_speed": 0.00293, "intercity": 0.00898},
    plane=[(0.0, 1000.0, 0.2586), (1000.0, 3500.0, 0.1876), (3500.0, None, 0.152)],
)


def test_paris_berlin_by_plane_door_to_door():
    trip = journeys.plane_trip(PARIS, BERLIN, AIRPORTS, FACTORS)
    assert trip is not None
    assert (trip.origin_airport.iata, trip.destination_airport.iata) == ("ORY", "BER")
    assert trip.distance_km == pytest.approx(
        journeys.haversine_km(48.7262, 2.3652, 52.3667, 13.5033)
    )
    assert trip.flight_min == pytest.approx(43.2 + trip.distance_km * 0.117 / 1.609344)
    assert trip.airport_before_min == 118 and trip.airport_after_min == 39
    assert trip.access_min == max(
        15.0, journeys.haversine_km(PARIS.latitude, PARIS.longitude, 48.7262, 2.3652) / 30 * 60
    )
    assert 280 < trip.door_to_door_min < 360
    assert trip.co2_kg == round(trip.distance_km * 0.2586, 2)


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

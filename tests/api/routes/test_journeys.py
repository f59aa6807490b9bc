"""/destinations, /comparison and /comparison/pairs against SQL on the same warehouse."""

from __future__ import annotations

from typing import Any

import pytest

from api import journeys

#: A counted current trajet whose origin and terminus have a city, a position and times.
SAMPLE_SQL = """
SELECT t.trajet_id, o.city, d.city, t.duration_min, t.day_night
FROM api.trajets t
JOIN api.stations o ON o.station_id = t.origin_station_id
JOIN api.stations d ON d.station_id = t.destination_station_id
WHERE t.is_current AND t.counted_in_stats AND o.city IS NOT NULL AND d.city IS NOT NULL
  AND o.city <> d.city AND o.latitude IS NOT NULL AND d.latitude IS NOT NULL
ORDER BY t.weekly_departures DESC, t.trajet_id LIMIT 1"""


@pytest.fixture(scope="module")
def sample(sql) -> tuple[Any, ...]:
    row: tuple[Any, ...] = sql(SAMPLE_SQL)[0]
    return row


def test_every_direct_destination_of_a_city(http, sql, sample):
    _, origin, terminus, duration, day_night = sample
    payload = http.get("/destinations", params={"from": origin}).json()
    assert payload["origin"]["city"] == origin
    found = [
        d for d in payload["destinations"] if d["city"] == terminus and d["day_night"] == day_night
    ]
    assert len(found) == 1, terminus
    [destination] = found
    assert destination["trains"] >= 1
    assert 0 < destination["fastest_min"] <= duration
    for end in ("earliest_departure", "latest_arrival"):
        assert destination[end]["time_zone"].count("/") >= 1, destination[end]
    # every destination city is served by a counted train that calls at the origin city first
    cities = {
        row[0]
        for row in sql(
            "SELECT DISTINCT coalesce(d.station_city, d.station_name) FROM api.trajets t "
            "JOIN api.calls o ON o.trajet_id = t.trajet_id "
            "JOIN api.stations os ON os.station_id = o.station_id AND os.city = %s "
            "JOIN api.calls d ON d.trajet_id = t.trajet_id AND d.seq > o.seq "
            "WHERE t.is_current AND t.counted_in_stats AND o.departure_offset_min IS NOT NULL "
            "AND d.arrival_offset_min IS NOT NULL "
            "AND coalesce(d.station_city, '') <> %s",
            origin,
            origin,
        )
    }
    assert {d["city"] for d in payload["destinations"]} <= cities | {origin}
    assert terminus in {d["city"] for d in payload["destinations"]}


def test_destinations_by_night_only_hold_night_trains(http, sample):
    _, origin, *_ = sample
    payload = http.get("/destinations", params={"from": origin, "day_night": "night"}).json()
    assert all(d["day_night"] == "night" for d in payload["destinations"])


def test_comparison_lists_the_direct_trains_and_the_plane_estimate(http, sample):
    trajet_id, origin, terminus, _, _ = sample
    payload = http.get("/comparison", params={"from": origin, "to": terminus}).json()
    assert payload["origin"]["city"] == origin and payload["destination"]["city"] == terminus
    ids = [t["trajet_id"] for t in payload["trains"]]
    assert trajet_id in ids
    times = [t["rail_min"] for t in payload["trains"]]
    assert times == sorted(times) and payload["fastest"] == payload["trains"][0]
    for option in payload["trains"]:
        assert option["door_to_door_min"] == option["rail_min"] + 32
        if payload["plane"] is None:
            assert option["verdict"] == "no_flight"
        else:
            plane = payload["plane"]
            parts = ("access_min", "airport_before_min", "flight_min", "airport_after_min")
            assert (
                abs(sum(plane[p] for p in (*parts, "egress_min")) - plane["door_to_door_min"]) <= 2
            )
            saved = plane["door_to_door_min"] - option["door_to_door_min"]
            assert abs(option["minutes_saved"] - saved) <= 1
            assert option["verdict"].startswith("train_faster" if saved >= 0 else "plane_faster")
    assert payload["method"]["airport_before_min"] == journeys.AIRPORT_BEFORE_MIN


def test_winning_pairs_are_faster_and_lower_carbon_by_train(http):
    payload = http.get("/comparison/pairs", params={"limit": 50}).json()
    assert payload["total"] >= len(payload["pairs"])
    for pair in payload["pairs"]:
        assert pair["train_door_to_door_min"] < pair["plane_door_to_door_min"]
        assert pair["co2_train_kg"] < pair["co2_plane_kg"]
    distances = [p["plane_km"] for p in payload["pairs"]]
    assert distances == sorted(distances, reverse=True)


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/destinations", {}, 422),
        ("/destinations", {"from": "Zzyzxqwv"}, 404),
        ("/destinations", {"from": "Paris", "day_night": "dusk"}, 422),
        ("/comparison", {"from": "Paris"}, 422),
        ("/comparison", {"from": "Zzyzxqwv", "to": "Paris"}, 404),
        ("/comparison/pairs", {"limit": 0}, 422),
    ],
)
def test_bad_journey_requests_are_refused(http, path, params, status):
    response = http.get(path, params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")

"""/destinations, /comparison and /comparison/pairs against SQL on the same warehouse, and
against /trajets/{id}: the three readers give one train the same distance and CO2."""

from __future__ import annotations

from typing import Any

import pytest

from api import journeys
from warehouse.harmonise.geo import haversine_km

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


#: Counted current trajets between two cities, with a distance and a CO2: the busiest ones of
#: each distance method (`source`: the night trains' published figures; `calls`: the ETL's).
WHOLE_RUNS_SQL = """
SELECT trajet_id, origin, terminus, distance_method FROM (
    SELECT t.trajet_id, o.city AS origin, d.city AS terminus, t.distance_method,
           row_number() OVER (PARTITION BY t.distance_method
                              ORDER BY t.weekly_departures DESC, t.trajet_id) AS rank
    FROM api.trajets t
    JOIN api.stations o ON o.station_id = t.origin_station_id
    JOIN api.stations d ON d.station_id = t.destination_station_id
    WHERE t.is_current AND t.counted_in_stats AND o.city IS NOT NULL AND d.city IS NOT NULL
      AND o.city <> d.city AND t.distance_km IS NOT NULL AND t.co2_train_kg IS NOT NULL) s
WHERE rank <= 3 ORDER BY distance_method, rank"""


def _expected(trajet: dict[str, Any], boarding: str, alighting: str) -> tuple[Any, Any, str]:
    """A journey's distance and CO2 worked out from /trajets/{id} (the rule of
    docs/api/train-ou-avion.md): the trajet's own when it runs from its first call to its last,
    else prorated by the straight lines between its located calls."""
    calls = trajet["calls"]
    names = [c["station"]["name"] for c in calls]
    start = names.index(boarding)
    end = names.index(alighting, start + 1)
    if start == 0 and end == len(calls) - 1:
        return trajet["distance_km"], trajet["co2"]["train_kg"], "trajet"
    along, total, previous = {}, 0.0, None
    for call in calls:
        station = call["station"]
        if station["latitude"] is None:
            continue
        if previous is not None:
            total += haversine_km(
                previous["latitude"],
                previous["longitude"],
                station["latitude"],
                station["longitude"],
            )
        along[call["seq"]], previous = total, station
    share = (along[calls[end]["seq"]] - along[calls[start]["seq"]]) / total
    return trajet["distance_km"] * share, trajet["co2"]["train_kg"] * share, "prorated"


def _agrees_with_the_trajet(http, row: dict[str, Any], trajet_id: str, boarding: str) -> str:
    trajet = http.get(f"/trajets/{trajet_id}").json()
    km, co2, basis = _expected(trajet, boarding, row.get("to_station") or row["station"]["name"])
    assert row["figures_basis"] == basis, (trajet_id, row)
    if basis == "trajet":  # exactly the numbers of /trajets/{id}
        assert (row["rail_km"], row["co2_train_kg"]) == (km, co2), (trajet_id, row)
    else:
        assert row["rail_km"] == pytest.approx(km, abs=0.15), (trajet_id, row)
        assert row["co2_train_kg"] == pytest.approx(co2, abs=0.015), (trajet_id, row)
    return str(trajet["distance_method"])


def test_comparison_destinations_and_trajets_agree_on_a_trains_figures(http, sql):
    """A journey over a whole trajet carries the trajet's own distance and CO2 (the European
    Sleeper Paris -> Berlin: 1 120 km and 16.2 kg from its source, not 929.2 km and 8.34 kg
    recomputed); a part of it the trajet's prorated by the distance along the calls; /comparison
    lists a train once however many services carry it, and /destinations counts it once."""
    samples = sql(WHOLE_RUNS_SQL)
    assert {method for *_, method in samples} == {"source", "calls"}
    whole_by_method: set[str] = set()
    prorated = 0
    for trajet_id, origin, terminus, _ in samples:
        comparison = http.get("/comparison", params={"from": origin, "to": terminus}).json()
        rows = comparison["trains"]
        assert any(trajet_id in row["trajet_ids"] for row in rows), (trajet_id, rows)
        seen = set()
        for row in rows:
            assert row["trajet_id"] == row["trajet_ids"][0]
            key = (
                row["train"],
                row["from_station"],
                row["to_station"],
                row["departure"]["time"],
                row["arrival"]["time"],
                row["arrival"]["days"],
            )
            assert key not in seen, key  # one train, one row
            seen.add(key)
            method = _agrees_with_the_trajet(http, row, row["trajet_id"], row["from_station"])
            if row["figures_basis"] == "trajet":
                whole_by_method.add(method)
            prorated += row["figures_basis"] == "prorated"
        destinations = http.get("/destinations", params={"from": origin}).json()["destinations"]
        reached = [d for d in destinations if d["city"] == terminus]
        assert sum(d["trains"] for d in reached) == len(rows), (origin, terminus)
        by_id = {row["trajet_id"]: row for row in rows}
        for destination in reached:
            row = by_id[destination["fastest_trajet_id"]]
            assert destination["fastest_min"] == row["rail_min"]
            for field in ("rail_km", "co2_train_kg", "figures_basis"):
                assert destination[field] == row[field], (destination, row)
        # a part of the sample trajet: from its origin to a city of one of its middle calls
        trajet = http.get(f"/trajets/{trajet_id}").json()
        middle = [c["station"] for c in trajet["calls"][1:-1] if c["station"]["city"]]
        middle = [m for m in middle if m["city"] not in (origin, terminus)]
        if middle and middle[-1]["latitude"] is not None:
            part = http.get("/comparison", params={"from": origin, "to": middle[-1]["city"]})
            for row in part.json()["trains"]:
                _agrees_with_the_trajet(http, row, row["trajet_id"], row["from_station"])
                prorated += row["figures_basis"] == "prorated"
    assert whole_by_method == {"source", "calls"}
    assert prorated


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


EUROPEAN_SLEEPER_SQL = """
SELECT t.trajet_id, t.distance_km::float, t.co2_train_kg::float FROM api.trajets t
WHERE t.source_id LIKE 'ontd@%%' AND t.train_number = '475' AND t.is_current
  AND t.origin_name = 'Paris Gare du Nord' AND t.destination_name = 'Berlin Hbf'"""


@pytest.mark.slow
def test_the_european_sleeper_paris_berlin_has_one_distance_and_one_co2(http, sql):
    """Found by a new user on the real mirror: /trajets said 1 120 km and 16.2 kg (the Open
    Night Train Database's figures), /comparison and /destinations 929.2 km and 8.34 kg."""
    [(trajet_id, km, co2)] = sql(EUROPEAN_SLEEPER_SQL)
    assert (km, co2) == (1120.0, 16.2)
    trajet = http.get(f"/trajets/{trajet_id}").json()
    assert (trajet["distance_km"], trajet["co2"]["train_kg"]) == (km, co2)
    comparison = http.get("/comparison", params={"from": "Paris", "to": "Berlin"}).json()
    [sleeper] = [row for row in comparison["trains"] if trajet_id in row["trajet_ids"]]
    assert (sleeper["rail_km"], sleeper["co2_train_kg"], sleeper["figures_basis"]) == (
        km,
        co2,
        "trajet",
    )
    night = http.get("/destinations", params={"from": "Paris", "day_night": "night"}).json()
    [berlin] = [d for d in night["destinations"] if d["city"] == "Berlin"]
    assert berlin["fastest_trajet_id"] == trajet_id
    assert (berlin["rail_km"], berlin["co2_train_kg"]) == (km, co2)


@pytest.mark.slow
def test_ice_9591_paris_berlin_spandau_is_one_row(http):
    """Three services (0.05, 6.17 and 0.09 departures a week: calendars and termini differ)
    listed as three identical rows 09:55 -> 17:46 before; one train for the traveller."""
    comparison = http.get("/comparison", params={"from": "Paris", "to": "Berlin"}).json()
    rows = [
        row
        for row in comparison["trains"]
        if row["train"] == "ICE 9591"
        and row["departure"]["time"] == "09:55"
        and row["arrival"]["time"] == "17:46"
    ]
    assert len(rows) == 1, rows
    [ice] = rows
    assert len(ice["trajet_ids"]) == 3 and ice["weekly_departures"] == pytest.approx(6.31)
    assert ice["minutes_saved"] == int(ice["minutes_saved"])
    day = http.get("/destinations", params={"from": "Paris", "day_night": "day"}).json()
    [berlin] = [d for d in day["destinations"] if d["city"] == "Berlin"]
    assert berlin["trains"] == len([r for r in comparison["trains"] if r["day_night"] == "day"])

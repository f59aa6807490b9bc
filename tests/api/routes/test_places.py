"""Places in the API on the loaded mirror (issue 10): search by city in any language or
transliteration, coordinates precision of calls and stations. Expected sets come from SQL."""

from __future__ import annotations

import pytest

from tests.api.routes.test_trajets import all_ids

pytestmark = pytest.mark.slow  # the real mirror's stations, towns and airports


def test_a_city_in_any_language_or_transliteration_finds_every_station_of_that_city(http, sql):
    """München Hbf, München Ost and München Süd: 'München', 'Munich' and 'Muenchen' are one city."""
    munchen, munich, muenchen = (all_ids(http, {"q": q}) for q in ("München", "Munich", "Muenchen"))
    rows = sql(
        "SELECT station_id, name FROM api.stations WHERE city = 'München' AND country = 'DE'"
    )
    stations = {row[0] for row in rows}
    calling = {
        row[0]
        for row in sql(
            "SELECT DISTINCT c.trajet_id FROM api.calls c JOIN api.trajets t USING (trajet_id)"
            " WHERE t.is_current AND c.station_id = ANY(%s)",
            list(stations),
        )
    }
    assert {"München Hbf", "München Ost"} <= {row[1] for row in rows}
    assert munchen == munich == muenchen == calling != set()


def test_night_trains_hamburg_innsbruck_are_found_through_munchen_ost(http, sql):
    found = all_ids(http, {"q": "München", "origin": "Hamburg", "destination": "Innsbruck"})
    via_ost = {
        row[0]
        for row in sql(
            "SELECT DISTINCT t.trajet_id FROM api.trajets t JOIN api.calls c USING (trajet_id)"
            " WHERE t.is_current AND t.origin_city = 'Hamburg' AND t.destination_city = 'Innsbruck'"
            " AND c.station_name = 'München Ost'"
        )
    }
    assert via_ost and via_ost <= found
    assert {
        row[0]
        for row in sql("SELECT day_night FROM api.trajets WHERE trajet_id = ANY(%s)", list(via_ost))
    } == {"night"}


def test_calls_say_when_a_position_is_a_town_not_the_station(http, sql):
    """Kozyatyn (Ukraine) is known to no station reference: its calls carry the town's position."""
    trajet_id = sql(
        "SELECT c.trajet_id FROM api.calls c JOIN api.trajets t USING (trajet_id)"
        " WHERE c.station_name = 'Kozyatyn' AND t.is_current ORDER BY c.trajet_id LIMIT 1"
    )[0][0]
    calls = http.get(f"/trajets/{trajet_id}").json()["calls"]
    precision = {c["station"]["name"]: c["station"]["coordinates_precision"] for c in calls}
    assert precision["Kozyatyn"] == "town"
    assert "station" in precision.values()
    expected = dict(
        sql(
            "SELECT station_name, coordinates_precision FROM api.calls WHERE trajet_id = %s",
            trajet_id,
        )
    )
    assert precision == expected


def test_station_search_gives_the_precision_and_the_city_name_that_matched(http):
    matches = http.get("/stations", params={"q": "Kozyatyn"}).json()
    kozyatyn = next(m for m in matches if m["name"] == "Kozyatyn")
    assert kozyatyn["coordinates_precision"] == "town" and kozyatyn["country"] == "UA"
    ost = http.get("/stations", params={"q": "Munich"}).json()
    assert "München Ost" in {m["name"] for m in ost}
    assert all(m["coordinates_precision"] == "station" for m in ost if m["name"] == "München Ost")

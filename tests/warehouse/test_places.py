"""Places on the loaded mirror (issue 10): airports with scheduled service only, town-level
positions for night-train stops, cities and clean names. Each test names the real station or
pair the rule was found on."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from tests.support.database import fetch_one

pytestmark = pytest.mark.slow  # the real mirror's stations, towns and airports

CLOSED_OR_NO_SERVICE = ("TXL", "SXF", "THF", "OBF", "XFW", "LYN", "KEL")


def _rows(url: str, query: str, *params: object) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as connection:
        return connection.execute(query, params or None).fetchall()


@pytest.mark.parametrize(
    ("origin", "destination", "airports"),
    [
        (
            "Paris",
            "Berlin",
            {("ORY", "BER"), ("CDG", "BER")},
        ),  # was ORY -> TXL (Tegel, closed 2020)
        ("München", "Hamburg", {("MUC", "HAM")}),  # was Oberpfaffenhofen -> Finkenwerder
        ("Lyon", "Paris", {("LYS", "ORY"), ("LYS", "CDG")}),  # was Bron (no airline service)
    ],
)
def test_the_plane_side_uses_airports_with_scheduled_service(
    loaded_db, origin, destination, airports
):
    pairs = _rows(
        loaded_db,
        "SELECT DISTINCT origin_airport, destination_airport FROM api.trajets"
        " WHERE is_current AND origin_city = %s AND destination_city = %s"
        " AND origin_airport IS NOT NULL",
        origin,
        destination,
    )
    assert pairs and set(pairs) <= airports


def test_no_closed_airport_is_ever_chosen_and_every_chosen_one_has_service(loaded_db):
    used = _rows(
        loaded_db,
        "SELECT DISTINCT a.iata, a.scheduled_service, a.service_source_id FROM api.trajets t"
        " JOIN api.airports a ON a.iata IN (t.origin_airport, t.destination_airport)",
    )
    assert used
    assert not {iata for iata, _, _ in used} & set(CLOSED_OR_NO_SERVICE)
    assert {(service, source) for _, service, source in used} == {(True, "airports-service@3.1.0")}


def test_no_flight_from_a_closed_airspace_kyiv_przemysl_and_kharkiv(loaded_db):
    """Kyiv Pasazhyrskyi - Przemyśl Główny has no plane comparison (Ukrainian airspace closed);
    Kharkiv is no longer compared with Belgorod (EGO, Russia, closed): documented exceptions."""
    airports = _rows(
        loaded_db,
        "SELECT DISTINCT a.iata, a.country FROM api.trajets t"
        " JOIN api.airports a ON a.iata IN (t.origin_airport, t.destination_airport)",
    )
    assert not [iata for iata, country in airports if country == "UA" or iata == "EGO"]
    kyiv = _rows(
        loaded_db,
        "SELECT count(*), count(co2_plane_kg) FROM api.trajets WHERE is_current"
        " AND origin_name = 'Kyiv Pasazhyrskyi' AND destination_name = 'Przemysł Główny'",
    )
    assert kyiv[0][0] > 0 and kyiv[0][1] == 0


def test_night_train_calls_reach_a_located_station_for_at_least_98_percent(loaded_db):
    loaded, matched = fetch_one(
        psycopg.connect(loaded_db)
        .cursor()
        .execute(
            "SELECT calls_loaded, calls_matched FROM api.etl_run_sources WHERE source_id = "
            "'ontd@2026-06-30' AND run_id = (SELECT max(run_id) FROM api.etl_runs)"
        )
    )
    assert matched / loaded >= 0.98


@pytest.mark.parametrize(
    ("name", "country", "latitude", "longitude"),
    [
        ("Kozyatyn", "UA", 49.714, 28.834),  # GeoNames town, same name
        ("Im.Tarasa Shevchenka", "UA", 49.222, 31.887),  # curated alias: the station of Smila
        ("Koblenz", "DE", 50.354, 7.579),  # the source says CH; its trains run Frankfurt - Köln
        ("Kokkola / Karleby", "FI", 63.838, 23.130),  # bilingual name, first half
    ],
)
def test_stops_no_reference_knows_get_their_town_position(
    loaded_db, name, country, latitude, longitude
):
    station = _rows(
        loaded_db,
        "SELECT country, latitude, longitude, coordinates_precision, coordinates_source_id"
        " FROM api.stations WHERE name = %s",
        name,
    )
    assert len(station) == 1
    found_country, found_lat, found_lon, precision, source = station[0]
    assert (found_country, precision, source) == (country, "town", "geonames-cities1000@1.5.1")
    assert abs(found_lat - latitude) < 0.05 and abs(found_lon - longitude) < 0.05


def test_a_town_on_another_line_is_refused(loaded_db):
    """'Roman' is a stop of Bulgarian and Romanian trains (one name, two stations); 'Byala' is
    on the Ruse line while GeoNames only has Byala near Varna: neither gets a wrong position."""
    rows = _rows(
        loaded_db,
        "SELECT name, latitude FROM api.stations WHERE name IN ('Roman', 'Byala') AND country = 'BG'",
    )
    assert rows and all(latitude is None for _, latitude in rows)


def test_night_trains_through_town_positions_get_a_distance_and_co2(loaded_db):
    """Every trajet calling at Kozyatyn now has a distance and a CO2 figure."""
    rows = _rows(
        loaded_db,
        "SELECT t.trajet_id, t.distance_km, t.co2_train_kg FROM api.trajets t"
        " WHERE t.trajet_id IN (SELECT trajet_id FROM api.calls WHERE station_name = 'Kozyatyn')",
    )
    assert rows and all(distance and co2 for _, distance, co2 in rows)


def test_precision_is_station_for_a_station_position_and_none_without_one(loaded_db):
    counts = dict(
        _rows(
            loaded_db,
            "SELECT coalesce(coordinates_precision, 'none') || ':' || (latitude IS NULL)::text,"
            " count(*) FROM api.stations GROUP BY 1",
        )
    )
    assert set(counts) <= {"station:false", "town:false", "none:true"}
    assert counts["station:false"] > counts["town:false"] > 0


def test_the_german_feeds_odd_stop_names_are_written_city_first(loaded_db):
    names = {
        row[0]
        for row in _rows(
            loaded_db, "SELECT name FROM api.stations WHERE source_id LIKE 'gtfs-de@%%'"
        )
    }
    assert not {
        n for n in names if n.startswith(("S ", "S+U ", "U ")) or "Hauptbahnhof (oben)" in n
    }
    assert "Breclav (Grenze)" in names  # border point, was 'Breclav(Gr)'
    served = {
        row[0]
        for row in _rows(
            loaded_db,
            "SELECT DISTINCT origin_name FROM api.trajets WHERE source_id = 'gtfs-de@2025-11-09'",
        )
    }
    # 'S Ostbahnhof (Berlin)' and 'Hauptbahnhof (oben)' (Stuttgart) now meet their reference station.
    assert {"Berlin Ostbahnhof", "Stuttgart Hbf"} <= served


def test_every_station_of_a_trajet_end_has_a_city_and_cdg_belongs_to_paris(loaded_db):
    empty = fetch_one(
        psycopg.connect(loaded_db)
        .cursor()
        .execute(
            "SELECT count(*) FILTER (WHERE origin_city IS NULL), count(*) FROM api.trajets"
            " WHERE is_current"
        )
    )
    assert empty[0] / empty[1] < 0.1  # was about 5 000 of 17 500
    cdg = _rows(
        loaded_db, "SELECT city FROM api.stations WHERE name LIKE 'Aéroport%%Charles-de-Gaulle%%'"
    )
    assert cdg and {city for (city,) in cdg} == {"Paris"}


def test_night_trains_numbered_without_a_product_have_no_numeric_brand(loaded_db):
    """UZ 001 D, MÁV 1246 / 1605, CS 1001 (A)...: the number is the train number, not a brand."""
    numeric = _rows(
        loaded_db,
        "SELECT brand, count(*) FROM api.trajets WHERE brand ~ '[0-9]' GROUP BY brand",
    )
    assert numeric == []
    assert _rows(
        loaded_db,
        "SELECT train_number FROM api.trajets WHERE source_id = 'ontd@2026-06-30'"
        " AND train_number = '475'",
    )

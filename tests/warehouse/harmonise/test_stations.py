"""Station matching against the real references."""

from __future__ import annotations

import pytest

from warehouse.etl import cyclic_gc_paused
from warehouse.harmonise.stations import StationIndex, StationRegistry
from warehouse.model import Stop
from warehouse.sources import catalogue
from warehouse.sources.references import read_db_stations, read_ontd_stops, read_trainline


@pytest.fixture(scope="module")
def registry(located) -> StationRegistry:
    trainline = located[catalogue.STATIONS_TRAINLINE.source_id]
    db = located[catalogue.STATIONS_DB.source_id]
    ontd = located[catalogue.ONTD_STOPS.source_id]
    with cyclic_gc_paused():  # as `obrail etl` reads them (warehouse.etl)
        refs = read_trainline(trainline.path("stations.csv"), "trainline").stations
        refs += read_db_stations(db.path(db.spec.files[0]), "db").stations
        return StationRegistry(
            StationIndex(refs),
            StationIndex(read_ontd_stops(ontd.path("stops.json"), "ontd").stations),
        )


def test_uic_code_wins(registry):
    station = registry.resolve(
        Stop("StopArea:OCE87686006", "PARIS GARE DE LYON", uic="8768600"), "sncf"
    )
    assert (station.station_id, station.match_method, station.country) == ("8768600", "uic", "FR")


@pytest.mark.slow  # the real mirror's data
def test_renfe_codes_match_trainline_renfe_ids(registry):
    station = registry.resolve(
        Stop("17000", "Madrid-Chamartín-Clara Campoamor", codes=(("renfe", "17000"),)), "renfe"
    )
    assert station.match_method == "code"
    assert station.country == "ES" and station.uic is not None


def test_names_match_without_case_or_accents(registry):
    a = registry.resolve(Stop("x1", "WIEN HBF"), "s1")
    b = registry.resolve(Stop("x2", "Wien Hbf"), "s2")
    assert a is b and a.match_method == "name" and a.time_zone == "Europe/Vienna"


def test_exonyms_from_localised_names_meet(registry):
    prague = registry.resolve(Stop("y1", "Praha hl.n."), "s1")
    assert ("Prague", "fr") in prague.names and ("Prag", "de") in prague.names


@pytest.mark.slow  # the real mirror's data
def test_bilingual_names_are_split(registry):
    station = registry.resolve(
        Stop("b1", "Liège Guillemins / Luik Guillemins", country="BE"), "ontd"
    )
    assert station.match_method == "name" and station.uic is not None


def test_name_match_must_agree_with_the_country(registry):
    # 'Vienne' is a French station; an Austrian stop of that name must not land there.
    station = registry.resolve(Stop("v1", "Vienne", country="AT"), "s")
    assert station.country != "FR"


@pytest.mark.slow  # the real mirror's data
def test_border_points_stay_source_stations_with_a_country_from_their_neighbours(registry):
    station = registry.resolve(
        Stop("gr", "Breclav(Gr)", latitude=48.73, longitude=16.89, is_border_point=True), "de"
    )
    assert station.match_method == "border_point"
    assert station.country in {"CZ", "AT"} and station.latitude == 48.73


def test_unknown_stop_shared_by_two_sources_becomes_one_station(registry):
    a = registry.resolve(Stop("u1", "Kozyatyn", country="UA"), "ontd")
    b = registry.resolve(Stop("u2", "KOZYATYN", latitude=49.71, longitude=28.83), "other")
    assert a is b and a.latitude == 49.71

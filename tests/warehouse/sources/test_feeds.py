"""Each feed's quirks, read from the real files (expected values computed from the files)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from warehouse.etl import cyclic_gc_paused
from warehouse.pipeline import PROFILES
from warehouse.sources import catalogue
from warehouse.sources.gtfs import read_gtfs
from warehouse.sources.ontd import read_ontd
from warehouse.sources.references import read_ontd_stops


def _rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {k.strip(): (v or "").strip() for k, v in r.items()}
            for r in csv.DictReader(handle, delimiter=delimiter)
        ]


@pytest.fixture(scope="module")
def feeds(located):
    from datetime import date

    out = {}
    with cyclic_gc_paused():  # as `obrail etl` reads them (warehouse.etl)
        for spec in catalogue.TIMETABLES:
            source = located[spec.source_id]
            if spec.family == "ontd":
                stops = read_ontd_stops(
                    located[catalogue.ONTD_STOPS.source_id].path("stops.json"), "x"
                ).stations
                out[spec.source_id] = read_ontd(source, stops, default_day=date(2026, 1, 12))
            else:
                out[spec.source_id] = read_gtfs(source, PROFILES[spec.source_id]())
    return out


def test_every_trip_of_every_feed_is_loaded_or_rejected(feeds, located):
    for source_id, feed in feeds.items():
        spec = located[source_id].spec
        if spec.family == "ontd":
            expected = len(
                json.loads(located[source_id].path("trips.json").read_text(encoding="utf-8"))
            )
        else:
            expected = len(_rows(located[source_id].path("trips.txt")))
        rejected_trips = sum(1 for r in feed.rejected if r.file in ("trips.txt", "trips.json"))
        assert feed.rows_read == expected
        assert len(feed.trips) + rejected_trips == expected, source_id


def test_sncf_train_numbers_come_from_trip_headsign(feeds, located):
    feed = feeds[catalogue.GTFS_SNCF_TGV.source_id]
    headsigns = {
        r["trip_id"]: r["trip_headsign"] for r in _rows(located[feed.source_id].path("trips.txt"))
    }
    assert all(t.train_number == headsigns[t.source_trip_id] for t in feed.trips)


@pytest.mark.slow  # the real mirror's data
def test_sncf_brands_come_from_the_stop_id_prefix(feeds, located):
    feed = feeds[catalogue.GTFS_SNCF_TGV.source_id]
    first_stop: dict[str, tuple[int, str]] = {}
    for r in _rows(located[feed.source_id].path("stop_times.txt")):
        if r["trip_id"] not in first_stop or int(r["stop_sequence"]) < first_stop[r["trip_id"]][0]:
            first_stop[r["trip_id"]] = (int(r["stop_sequence"]), r["stop_id"])
    prefix_brand = {
        "OCETGV INOUI": "TGV INOUI",
        "OCEOUIGO": "OUIGO",
        "OCELyria": "Lyria",
        "OCEICE": "ICE",
    }
    for trip in feed.trips:
        prefix = first_stop[trip.source_trip_id][1].removeprefix("StopPoint:").rsplit("-", 1)[0]
        assert trip.brand == prefix_brand[prefix]
    assert {t.brand for t in feed.trips} == set(prefix_brand.values())


@pytest.mark.slow  # the real mirror's data
def test_sncf_station_ids_carry_uic_codes(feeds):
    feed = feeds[catalogue.GTFS_SNCF_TGV.source_id]
    stop = feed.stops["StopArea:OCE87686006"]  # Paris Gare de Lyon, UIC-8 with check digit
    assert stop.uic == "8768600"


@pytest.mark.slow  # the real mirror's data
def test_sncf_times_past_24_hours_are_kept_on_the_service_day(feeds, located):
    feed = feeds[catalogue.GTFS_SNCF_TGV.source_id]
    late = [
        r
        for r in _rows(located[feed.source_id].path("stop_times.txt"))
        if int(r["arrival_time"][:2]) >= 24
    ]
    assert late, "the feed has times past 24:00"
    max_minutes = max(c.arrival or 0 for t in feed.trips for c in t.calls)
    assert max_minutes == max(
        int(r["arrival_time"][:2]) * 60 + int(r["arrival_time"][3:5]) for r in late
    )


def test_renfe_padding_and_train_numbers(feeds, located):
    feed = feeds[catalogue.GTFS_RENFE.source_id]
    raw = _rows(located[feed.source_id].path("trips.txt"))
    numbers = {r["trip_id"]: r["trip_short_name"] for r in raw}
    assert all(
        t.train_number == numbers[t.source_trip_id] and " " not in t.source_trip_id
        for t in feed.trips
    )
    assert Counter(t.product for t in feed.trips)["AVE"] > 0


def test_renfe_hours_without_leading_zero_are_read(feeds, located):
    feed = feeds[catalogue.GTFS_RENFE.source_id]
    unpadded = [
        r
        for r in _rows(located[feed.source_id].path("stop_times.txt"))
        if len(r["departure_time"]) == 7
    ]
    assert unpadded
    sample = unpadded[0]
    trip = next(t for t in feed.trips if t.source_trip_id == sample["trip_id"])
    call = next(c for c in trip.calls if c.seq == int(sample["stop_sequence"]))
    hours, minutes, _ = sample["departure_time"].split(":")
    assert call.departure == int(hours) * 60 + int(minutes)


@pytest.mark.slow  # the real mirror's data
def test_german_2025_feed_has_no_train_numbers_and_products_in_route_names(feeds):
    feed = feeds[catalogue.GTFS_DE_2025.source_id]
    assert all(t.train_number is None for t in feed.trips)
    assert {t.product for t in feed.trips} >= {"ICE", "IC", "EC", "EN"}
    assert all((t.night_basis is not None) == (t.product == "EN") for t in feed.trips)


def test_german_2025_feed_never_passes_midnight(feeds):
    feed = feeds[catalogue.GTFS_DE_2025.source_id]
    assert max(max(c.arrival or 0, c.departure or 0) for t in feed.trips for c in t.calls) < 24 * 60


def test_intercites_lunea_routes_are_night_trains(feeds, located):
    feed = feeds[catalogue.GTFS_SNCF_INTERCITES.source_id]
    lunea_routes = {
        r["route_id"]
        for r in _rows(located[feed.source_id].path("routes.txt"))
        if "Lunéa" in r["route_id"]
    }
    night = [t for t in feed.trips if t.night_basis]
    assert night and all(t.route_id in lunea_routes for t in night)
    assert len(night) == sum(1 for t in feed.trips if t.route_id in lunea_routes)


def test_intercites_stop_names_lose_their_gare_de_prefix(feeds):
    feed = feeds[catalogue.GTFS_SNCF_INTERCITES.source_id]
    assert not any(s.name.lower().startswith("gare de") for s in feed.stops.values())


def test_ontd_terminus_sequence_99_comes_last(feeds):
    feed = feeds[catalogue.ONTD.source_id]
    with_99 = [t for t in feed.trips if any(c.seq == 99 for c in t.calls)]
    assert with_99
    assert all(t.calls[-1].seq == 99 for t in with_99)


@pytest.mark.slow  # the real mirror's data
def test_ontd_glitches_are_rejected_with_reasons(feeds, located):
    feed = feeds[catalogue.ONTD.source_id]
    trips = json.loads(located[feed.source_id].path("trips.json").read_text(encoding="utf-8"))
    stop_times = json.loads(
        located[feed.source_id].path("trip_stop.json").read_text(encoding="utf-8")
    )
    orphans = [
        r for r in stop_times.values() if r["trip_id"] not in {t["trip_id"] for t in trips.values()}
    ]
    reasons = Counter(r.reason.split(" '")[0].split(" (")[0] for r in feed.rejected)
    assert reasons["unknown trip_id"] == len(orphans) > 0
    inactive = [t for t in trips.values() if t["is_active"] == "N"]
    assert reasons["inactive in the source"] == len(inactive)


def test_ontd_stop_ids_are_trimmed(feeds):
    feed = feeds[catalogue.ONTD.source_id]
    assert all(stop_id == stop_id.strip() for stop_id in feed.stops)
    assert "Birmingham International" in feed.stops or not any(
        "Birmingham" in s for s in feed.stops
    )

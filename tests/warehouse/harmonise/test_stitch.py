"""Rejoining midnight pieces, on a real night train of the 2023 German feed cut the 2025 way."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from warehouse.harmonise.stitch import rejoin_midnight_pieces
from warehouse.model import Call, ParsedFeed, Trip
from warehouse.pipeline import PROFILES
from warehouse.sources import catalogue
from warehouse.sources.gtfs import read_gtfs


@pytest.fixture(scope="module")
def lunea(located) -> tuple[ParsedFeed, Trip]:
    """A real Lunéa night train (Intercités 2013) with a call that spans midnight."""
    spec = catalogue.GTFS_SNCF_INTERCITES
    feed = read_gtfs(located[spec.source_id], PROFILES[spec.source_id]())
    trip = next(
        t
        for t in feed.trips
        if t.night_basis
        and any(
            c.arrival is not None and c.departure is not None and c.arrival < 1440 <= c.departure
            for c in t.calls[1:-1]
        )
    )
    return feed, trip


def _cut_at_midnight(trip: Trip) -> tuple[Trip, Trip]:
    """Two pieces as gtfs.de 2025 writes them: the train stops at the station where midnight
    passes; the second piece starts there on the next service day with times under 24:00."""
    k = next(
        i
        for i, c in enumerate(trip.calls)
        if c.arrival is not None and c.departure is not None and c.arrival < 1440 <= c.departure
    )
    spanning = trip.calls[k]
    before = replace(
        trip,
        source_trip_id="A",
        calls=[*trip.calls[:k], Call(spanning.stop_id, spanning.seq, spanning.arrival, None)],
    )
    next_days = frozenset(d + timedelta(days=1) for d in trip.service.calendar)
    service = replace(trip.service, reference_day=min(next_days), calendar=next_days)
    shifted = [
        Call(
            c.stop_id,
            i,
            None if c.arrival is None or i == 0 else c.arrival - 1440,
            None if c.departure is None else c.departure - 1440,
        )
        for i, c in enumerate(trip.calls[k:])
    ]
    return before, replace(trip, source_trip_id="B", calls=shifted, service=service)


@pytest.mark.slow  # the real mirror's data
def test_a_real_night_train_cut_at_midnight_is_rejoined(lunea):
    feed, night = lunea
    before, after = _cut_at_midnight(night)
    assert max(c.departure or c.arrival or 0 for c in after.calls) < 1440  # 2025-style piece
    (trip,) = rejoin_midnight_pieces(replace(feed, trips=[before, after])).trips
    assert trip.stitched_from == ["A", "B"] and trip.source_trip_id == "A+B"
    assert [c.stop_id for c in trip.calls] == [c.stop_id for c in night.calls]
    assert [(c.arrival, c.departure) for c in trip.calls] == [
        (c.arrival, c.departure) for c in night.calls
    ]
    assert trip.service.calendar == night.service.calendar


@pytest.mark.slow  # the real mirror's data
def test_pieces_whose_days_do_not_follow_are_not_joined(lunea):
    feed, night = lunea
    before, after = _cut_at_midnight(night)
    same_days = replace(after, service=replace(after.service, calendar=before.service.calendar))
    trips = rejoin_midnight_pieces(replace(feed, trips=[before, same_days])).trips
    assert {t.source_trip_id for t in trips} == {"A", "B"}
    assert all(t.is_fragment for t in trips)  # night pieces touching midnight stay marked


@pytest.mark.slow  # the real mirror's data
def test_pieces_of_different_routes_are_not_joined(lunea):
    feed, night = lunea
    before, after = _cut_at_midnight(night)
    trips = rejoin_midnight_pieces(
        replace(feed, trips=[before, replace(after, route_id="other")])
    ).trips
    assert len(trips) == 2

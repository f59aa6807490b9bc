"""From a source trip to a trajet row with its calls: times in each station's time zone,
duration, distance, countries, day/night, CO2 by train and by plane, and a stable id."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from warehouse.harmonise.categories import category_of
from warehouse.harmonise.co2 import Co2Calculator
from warehouse.harmonise.daynight import TimedEvent, day_night, runs_overnight
from warehouse.harmonise.geo import path_length_km
from warehouse.harmonise.operators import Operator
from warehouse.harmonise.stations import Station
from warehouse.harmonise.times import aware, local_times_to_instants
from warehouse.model import ParsedFeed, Trip
from warehouse.rows import CallRow, TrajetRow


def trajet_id(source_id: str, source_trip_id: str) -> str:
    """Stable across reloads: the same source edition and trip id give the same id."""
    return hashlib.sha256(f"{source_id}|{source_trip_id}".encode()).hexdigest()[:16]


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


class TrajetProblem(ValueError):
    """A trip that cannot become a trajet (reason in the message)."""


@dataclass(frozen=True)
class TrajetContext:
    feed: ParsedFeed
    stations: dict[str, Station]  # by source stop id
    operators: list[Operator]
    co2: Co2Calculator


def _instants(trip: Trip, context: TrajetContext) -> list[tuple[datetime | None, datetime | None]]:
    """(arrival, departure) instants of every call."""
    feed = context.feed
    day = trip.service.reference_day
    if feed.time_basis == "agency":
        agency_zone = zone(feed.agency_time_zone)
        return [
            (
                aware(day, call.arrival, agency_zone) if call.arrival is not None else None,
                aware(day, call.departure, agency_zone) if call.departure is not None else None,
            )
            for call in trip.calls
        ]
    sequence: list[tuple[int, int, ZoneInfo]] = []  # (call index, 0 arrival / 1 departure, zone)
    minutes: list[int] = []
    for index, call in enumerate(trip.calls):
        station_zone = zone(_time_zone(context.stations[call.stop_id], feed))
        for which, value in ((0, call.arrival), (1, call.departure)):
            if value is not None:
                sequence.append((index, which, station_zone))
                minutes.append(value)
    instants = local_times_to_instants(day, minutes, [z for _, _, z in sequence])
    pairs: list[list[datetime | None]] = [[None, None] for _ in trip.calls]
    for (index, which, _zone), instant in zip(sequence, instants, strict=True):
        pairs[index][which] = instant
    return [(a, d) for a, d in pairs]


def _time_zone(station: Station, feed: ParsedFeed) -> str:
    return station.time_zone or feed.agency_time_zone


def _timed_events(
    instants: list[tuple[datetime | None, datetime | None]], zones: list[str]
) -> list[TimedEvent]:
    """Every arrival and departure in order, with the time zone of its station."""
    events: list[TimedEvent] = []
    for (arrival, departure), name in zip(instants, zones, strict=True):
        for instant in (arrival, departure):
            if instant is not None:
                events.append((instant, zone(name)))
    return events


def build_trajet(trip: Trip, context: TrajetContext) -> tuple[TrajetRow, list[CallRow]]:
    feed = context.feed
    stations = [context.stations[call.stop_id] for call in trip.calls]
    if stations[0].station_id == stations[-1].station_id:
        raise TrajetProblem("origin and terminus are the same station")
    instants = _instants(trip, context)
    start = instants[0][1] or instants[0][0]
    end = instants[-1][0] or instants[-1][1]
    assert start is not None and end is not None
    duration = int((end - start).total_seconds() // 60)
    if duration <= 0:
        raise TrajetProblem(f"non-positive duration ({duration} min)")
    identifier = trajet_id(feed.source_id, trip.source_trip_id)
    origin_zone, destination_zone = _time_zone(stations[0], feed), _time_zone(stations[-1], feed)
    departure_local = start.astimezone(zone(origin_zone))
    arrival_local = end.astimezone(zone(destination_zone))
    origin_date = departure_local.date()

    calls: list[CallRow] = []
    for call, station, (arrival, departure) in zip(trip.calls, stations, instants, strict=True):
        call_zone = zone(_time_zone(station, feed))
        arrival_at = arrival.astimezone(call_zone) if arrival else None
        departure_at = departure.astimezone(call_zone) if departure else None
        calls.append(
            CallRow(
                trajet_id=identifier,
                seq=len(calls),
                station_id=station.station_id,
                source_stop_id=call.stop_id,
                source_stop_name=feed.stops[call.stop_id].name,
                arrival_local=arrival_at.time().replace(tzinfo=None) if arrival_at else None,
                arrival_day_offset=(arrival_at.date() - origin_date).days if arrival_at else None,
                departure_local=departure_at.time().replace(tzinfo=None) if departure_at else None,
                departure_day_offset=(departure_at.date() - origin_date).days
                if departure_at
                else None,
                arrival_offset_min=int((arrival - start).total_seconds() // 60)
                if arrival
                else None,
                departure_offset_min=int((departure - start).total_seconds() // 60)
                if departure
                else None,
                time_zone=_time_zone(station, feed),
            )
        )

    distance, distance_method = _distance(trip, stations)
    category = trip.category or category_of(trip.product)
    co2_train = _co2_train(trip, category, distance, context.co2)
    plane = None
    if stations[0].latitude is not None and stations[-1].latitude is not None:
        plane = context.co2.plane(
            (stations[0].latitude, stations[0].longitude),  # type: ignore[arg-type]
            (stations[-1].latitude, stations[-1].longitude),  # type: ignore[arg-type]
        )
    arrival_day_offset = (arrival_local.date() - origin_date).days
    zones = [_time_zone(station, feed) for station in stations]
    service = trip.service
    row = TrajetRow(
        trajet_id=identifier,
        source_id=feed.source_id,
        source_trip_id=trip.source_trip_id,
        train_number=trip.train_number,
        name=trip.name,
        operator_id=context.operators[0].operator_id if context.operators else None,
        operator_ids=list(dict.fromkeys(o.operator_id for o in context.operators)),
        brand=trip.brand,
        rail_category=category,
        day_night=day_night(trip.night_basis),
        night_basis=trip.night_basis,
        runs_overnight=runs_overnight(_timed_events(instants, zones)),
        origin_station_id=stations[0].station_id,
        destination_station_id=stations[-1].station_id,
        departure_local=departure_local.time().replace(tzinfo=None),
        departure_tz=origin_zone,
        arrival_local=arrival_local.time().replace(tzinfo=None),
        arrival_tz=destination_zone,
        arrival_day_offset=arrival_day_offset,
        duration_min=duration,
        distance_km=distance,
        distance_method=distance_method,
        countries=_countries(trip, stations),
        weekdays=service.weekdays,
        service_start=service.start,
        service_end=service.end,
        service_days=service.dates,
        weekly_departures=service.weekly_departures,
        days_label=service.label,
        co2_train_kg=co2_train[0] if co2_train else None,
        co2_train_method=co2_train[1] if co2_train else None,
        co2_train_factor_id=co2_train[2] if co2_train else None,
        co2_plane_kg=plane.kg if plane else None,
        co2_plane_factor_id=plane.factor_id if plane else None,
        plane_distance_km=plane.distance_km if plane else None,
        origin_airport=plane.origin_airport if plane else None,
        destination_airport=plane.destination_airport if plane else None,
        is_fragment=trip.is_fragment,
        fragment_note=trip.fragment_note,
        stitched_from=trip.stitched_from,
        variant_trip_ids=trip.variant_trip_ids or [trip.source_trip_id],
        run_dates=sorted(service.calendar),
        extra_dates=list(service.extra_dates),
        removed_dates=list(service.removed_dates),
    )
    return row, calls


def _distance(trip: Trip, stations: list[Station]) -> tuple[float | None, str | None]:
    if trip.source_distance_km and trip.source_distance_km > 0:
        return round(trip.source_distance_km, 1), "source"
    points = [
        (s.latitude, s.longitude)
        for s in stations
        if s.latitude is not None and s.longitude is not None
    ]
    ends_located = stations[0].latitude is not None and stations[-1].latitude is not None
    if not ends_located or len(points) < 2:
        return None, None
    return round(path_length_km(points), 1), "calls"


def _co2_train(
    trip: Trip, category: str, distance: float | None, co2: Co2Calculator
) -> tuple[float, str, str | None] | None:
    if trip.source_co2_kg is not None and trip.source_co2_kg > 0:
        return round(trip.source_co2_kg, 3), "source", None
    computed = co2.train_kg(category, distance)
    return (computed[0], "factor", computed[1]) if computed else None


def _countries(trip: Trip, stations: list[Station]) -> list[str]:
    ordered = [s.country for s in stations if s.country]
    return list(dict.fromkeys([*ordered, *trip.countries]))

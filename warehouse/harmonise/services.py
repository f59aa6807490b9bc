"""Services, not trip variants (docs/donnees/harmonisation.md, "Services").

A GTFS feed writes one trip per calendar variant of a train: the same train on weekdays, on
Saturdays, in the holidays… Those trips are grouped into one service — one trajet — when they
have the same operator(s), the same train number (or, without one, the same name), the same
brand and day/night basis, and the same calls: the same stations in the same order at the same
times. The service runs on the union of its variants' dates; its weekly departures count each
distinct run date once. The night-train database gives no dates: its variants (none on the
mirror) keep the widest weekday pattern and the largest weekly frequency, never their sum.

A GTFS trip may be written as leaving at 29:03 on its service day (gtfs.de 2023 writes IC 27
Wien Hbf -> Berlin Ostbahnhof both ways: 29:03 on Sunday's service day, 05:03 on Monday's): its
times are first brought back under 24:00 and its dates moved on by as many days, so run dates
are always dates of departure from the origin and both variants are one service.

The service keeps the smallest trip id of its variants as its own (`source_trip_id`; the
trajet id derives from it, so a train with a single variant keeps its id) and lists every
variant in `variant_trip_ids`. Grouping, choices and order depend only on the data, never on
the order trips were read in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from warehouse.harmonise.calendar import service_from_dates
from warehouse.harmonise.times import MINUTES_PER_DAY
from warehouse.model import Call, Service, Trip

ServiceKey = tuple[Hashable, ...]


def service_key(trip: Trip, station_of: Callable[[str], str]) -> ServiceKey:
    """What makes two trips the same service (see the module docstring)."""
    calls = tuple((station_of(c.stop_id), c.arrival, c.departure) for c in trip.calls)
    return (
        tuple(trip.agency_ids),
        trip.train_number or trip.name or "",
        trip.brand or "",
        trip.night_basis or "",
        trip.category or "",
        trip.is_fragment,
        calls,
    )


def group_services(
    trips: Sequence[Trip],
    station_of: Callable[[str], str],
    window: tuple[date, date] | None,
) -> list[Trip]:
    """One trip per service, in the order of their ids."""
    groups: dict[ServiceKey, list[Trip]] = {}
    for trip in trips:
        trip = departure_day(trip, window)
        groups.setdefault(service_key(trip, station_of), []).append(trip)
    services = [merge_variants(variants, window) for variants in groups.values()]
    return sorted(services, key=lambda t: t.source_trip_id)


def departure_day(trip: Trip, window: tuple[date, date] | None) -> Trip:
    """The trip on the day it leaves its origin: times under 24:00, dates moved accordingly."""
    first = (
        trip.calls[0].departure if trip.calls[0].departure is not None else trip.calls[0].arrival
    )
    days = (first or 0) // MINUTES_PER_DAY
    if days <= 0 or not trip.service.calendar:
        return trip
    shift = days * MINUTES_PER_DAY

    def earlier(minute: int | None) -> int | None:
        return None if minute is None else minute - shift

    calls = [Call(c.stop_id, c.seq, earlier(c.arrival), earlier(c.departure)) for c in trip.calls]
    dates = {day + timedelta(days=days) for day in trip.service.calendar}
    span = window or (min(dates), max(dates))
    return replace(trip, calls=calls, service=service_from_dates(dates, span))


def merge_variants(variants: Sequence[Trip], window: tuple[date, date] | None) -> Trip:
    ordered = sorted(variants, key=lambda t: t.source_trip_id)
    first = ordered[0]
    ids = [t.source_trip_id for t in ordered]
    if len(ordered) == 1:
        return replace(first, variant_trip_ids=ids)
    return replace(
        first,
        name=_most_common([t.name for t in ordered]),
        service=_union(ordered, window),
        variant_trip_ids=ids,
    )


def _most_common(values: Sequence[str | None]) -> str | None:
    present = [v for v in values if v]
    if not present:
        return None
    counts = Counter(present)
    return min(counts, key=lambda v: (-counts[v], v))


def _union(variants: Sequence[Trip], window: tuple[date, date] | None) -> Service:
    dated = [t.service for t in variants if t.service.calendar]
    if dated:
        dates = frozenset(day for s in dated for day in s.calendar)
        span = window or (min(dates), max(dates))
        return service_from_dates(dates, span)
    services = [t.service for t in variants]
    masks = [s.weekdays for s in services if s.weekdays]
    weekdays = (
        "".join("1" if any(m[i] == "1" for m in masks) else "0" for i in range(7))
        if masks
        else None
    )
    starts = [s.start for s in services if s.start]
    ends = [s.end for s in services if s.end]
    labels = sorted({s.label for s in services if s.label})
    return Service(
        weekdays=weekdays,
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
        dates=None,
        weekly_departures=max(s.weekly_departures for s in services),
        label=" / ".join(labels) or None,
        reference_day=services[0].reference_day,
    )

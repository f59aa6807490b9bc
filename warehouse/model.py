"""The ETL's in-memory model: what a source reader produces, before harmonisation.

Readers turn each source format into these records; the harmonisation rules turn them into
the warehouse rows (warehouse/rows.py). Nothing here knows about a particular feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

TimeBasis = Literal["agency", "station"]
"""How a feed writes its clock times: GTFS in the agency's time zone, ONTD at each station."""


@dataclass(frozen=True)
class Rejected:
    """A row that could not be used, with the reason; kept in core.rejected_rows."""

    file: str
    line: int | None
    reason: str
    raw: str


@dataclass(frozen=True)
class Agency:
    agency_id: str
    name: str
    url: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Stop:
    """A stop as the source gives it (ids are the source's own)."""

    stop_id: str
    name: str
    latitude: float | None = None
    longitude: float | None = None
    uic: str | None = None
    country: str | None = None
    time_zone: str | None = None
    city: str | None = None
    codes: tuple[tuple[str, str], ...] = ()  # reference codes, e.g. (("renfe", "17000"),)
    is_border_point: bool = False


@dataclass(frozen=True)
class Call:
    """One call. Times are minutes after the service day's midnight (GTFS) or the wall-clock
    minutes at the station (ONTD, day roll-over not yet known)."""

    stop_id: str
    seq: int
    arrival: int | None
    departure: int | None


@dataclass(frozen=True)
class Service:
    """When a trip runs."""

    weekdays: str | None  # 7 characters, Monday first: '1111100'
    start: date | None
    end: date | None
    dates: int | None  # number of service dates in the source's window
    weekly_departures: float
    label: str | None
    reference_day: date  # a day it runs (or would run), used to place times in time zones
    calendar: frozenset[date] = frozenset()  # every service date, when the source lists them
    extra_dates: tuple[date, ...] = ()  # run dates outside the weekday pattern
    removed_dates: tuple[date, ...] = ()  # weekday-pattern dates without a run


@dataclass
class Trip:
    source_trip_id: str
    route_id: str
    agency_ids: list[str]
    calls: list[Call]
    service: Service
    train_number: str | None = None
    name: str | None = None
    brand: str | None = None
    product: str | None = None
    category: str | None = None  # high_speed, intercity, regional, night
    night_basis: str | None = None
    source_distance_km: float | None = None
    source_co2_kg: float | None = None
    countries: list[str] = field(default_factory=list)
    is_fragment: bool = False
    fragment_note: str | None = None
    stitched_from: list[str] = field(default_factory=list)
    variant_trip_ids: list[str] = field(default_factory=list)  # every source trip of the service


@dataclass
class ParsedFeed:
    """Everything one timetable source gives, in source terms."""

    source_id: str
    time_basis: TimeBasis
    agency_time_zone: str
    agencies: dict[str, Agency]
    stops: dict[str, Stop]
    trips: list[Trip]
    rows_read: int
    calls_read: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    valid_from: date | None = None
    valid_until: date | None = None

"""The ETL's shared records: what the source readers produce and the harmonisation rules take.

Readers (warehouse/sources/) turn each source format into these records; the harmonisation
rules (warehouse/harmonise/) turn them into the warehouse rows (warehouse/rows.py). Both import
this module and neither imports the other's records: `harmonise` never imports `sources`
(import-linter contract "warehouse: sources -> harmonise -> model", in pyproject.toml).
Nothing here knows about a particular feed, and this module imports no other of the project.
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


# References: what the station, airport and place readers give (warehouse/sources/references.py).


@dataclass
class RefStation:
    """A station known to a reference, with every name it goes by."""

    ref_id: str
    source_id: str
    name: str
    latitude: float | None
    longitude: float | None
    country: str | None
    time_zone: str | None
    uic: str | None = None
    city: str | None = None
    is_main: bool = False
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, language)
    alias_uics: list[str] = field(default_factory=list)  # codes of rows that duplicate this one
    codes: dict[str, str] = field(
        default_factory=dict
    )  # e.g. {"uic8": ..., "db": ..., "renfe": ...}


@dataclass(frozen=True)
class RefCity:
    """A city as a reference groups its stations (Trainline's is_city rows), with its names."""

    name: str
    country: str
    names: tuple[tuple[str, str], ...]  # (name, language), the city's own name first


@dataclass(frozen=True)
class Airport:
    iata: str
    icao: str | None
    name: str
    city: str | None
    country: str
    latitude: float
    longitude: float
    time_zone: str | None
    is_metropolitan: bool
    scheduled_service: bool = False  # set from the service reference (harmonise/airports.py)


@dataclass(frozen=True)
class AirportService:
    """What the service reference says of one IATA code."""

    iata: str
    scheduled_service: bool | None  # None: the reference does not say
    airport_type: str  # large_airport, medium_airport, small_airport, heliport, closed...


@dataclass(frozen=True)
class Town:
    """A GeoNames populated place (cities1000: over 1,000 inhabitants)."""

    name: str
    latitude: float
    longitude: float
    country: str
    admin1: str
    admin2: str


# Sources: the catalogue's entries (warehouse/sources/catalogue.py) and their licences.

SourceKind = Literal["timetable", "stations", "airports", "factors"]
CoverageLevel = Literal["covered", "partial"]


@dataclass(frozen=True)
class Scope:
    """What a timetable source is known to contain (docs/donnees/harmonisation.md, "Couverture").

    `countries` empty: every country where the source has a train (the night-train database
    aims at every night train in Europe, but a country where it lists none is not claimed).
    `level`: `covered` when the source holds all trains of that kind there, `partial` when only
    some (the SNCF feed has the TGV, not the Intercités nor the TER). `basis` names the reason.
    """

    day_night: Literal["day", "night"]
    level: CoverageLevel
    basis: Literal["national_feed", "night_database"]
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Licence:
    code: str
    url: str
    attribution: str
    share_alike: bool


@dataclass(frozen=True)
class PackageData:
    """Data files shipped inside an installed PyPI package (read offline, never downloaded)."""

    distribution: str  # the name pip knows, pinned in requirements.lock
    module: str  # the top-level import name whose folder holds the files
    folder: str = ""  # sub-folder of the module's folder


@dataclass(frozen=True)
class SourceSpec:
    source_id: str
    family: str
    name: str
    edition: str
    kind: SourceKind
    is_current: bool
    publisher: str
    public_url: str
    licence: Licence
    mirror_dir: str
    files: tuple[str, ...]
    file_urls: dict[str, str] = field(default_factory=dict)
    notes: str | None = None
    scope: tuple[Scope, ...] = ()
    package: PackageData | None = None

    def url_of(self, file: str) -> str:
        return self.file_urls.get(file, self.public_url)

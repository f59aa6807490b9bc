"""The ETL's harmonisation pipeline: located sources in, publishable rows out (no database)."""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from warehouse.harmonise import plausibility
from warehouse.harmonise.airports import with_scheduled_service
from warehouse.harmonise.cities import assign_cities
from warehouse.harmonise.co2 import Co2Calculator, load_factors
from warehouse.harmonise.countries import COUNTRY_TIME_ZONE
from warehouse.harmonise.coverage import CoverageRow, coverage
from warehouse.harmonise.links import link_same_trains
from warehouse.harmonise.operators import Operator, OperatorResolver
from warehouse.harmonise.services import group_services
from warehouse.harmonise.stations import Station, StationIndex, StationRegistry
from warehouse.harmonise.stitch import rejoin_midnight_pieces
from warehouse.harmonise.towns import Call as TownCall
from warehouse.harmonise.towns import TownIndex, place_unlocated_stations
from warehouse.harmonise.trajets import TrajetContext, TrajetProblem, build_trajet
from warehouse.model import (
    Airport,
    ParsedFeed,
    RefCity,
    RefStation,
    Rejected,
    SourceSpec,
    Town,
    Trip,
)
from warehouse.rows import CallRow, LinkRow, TrajetRow
from warehouse.sources import catalogue
from warehouse.sources.gtfs import GtfsProfile, read_gtfs
from warehouse.sources.locate import LocatedSource
from warehouse.sources.ontd import read_ontd
from warehouse.sources.profiles import (
    DeutschlandProfile,
    RenfeProfile,
    SncfIntercitesProfile,
    SncfTgvProfile,
)
from warehouse.sources.references import (
    read_airport_service,
    read_airports,
    read_db_stations,
    read_ontd_stops,
    read_towns,
    read_trainline,
)

log = logging.getLogger(__name__)

PROFILES: dict[str, Callable[[], GtfsProfile]] = {
    catalogue.GTFS_SNCF_TGV.source_id: SncfTgvProfile,
    catalogue.GTFS_SNCF_INTERCITES.source_id: SncfIntercitesProfile,
    catalogue.GTFS_DE_2025.source_id: lambda: DeutschlandProfile(cut_at_midnight=True),
    catalogue.GTFS_DE_2023.source_id: lambda: DeutschlandProfile(cut_at_midnight=False),
    catalogue.GTFS_RENFE.source_id: RenfeProfile,
}


@dataclass
class SourceReport:
    source_id: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    calls_read: int = 0
    calls_loaded: int = 0
    calls_rejected: int = 0
    calls_matched: int = 0
    duration_s: float = 0.0


@dataclass
class Harmonised:
    """Everything one ETL run publishes."""

    sources: list[LocatedSource]
    reports: list[SourceReport] = field(default_factory=list)
    rejected: dict[str, list[Rejected]] = field(default_factory=dict)
    operators: list[Operator] = field(default_factory=list)
    stations: list[Station] = field(default_factory=list)
    airports: list[Airport] = field(default_factory=list)
    trajets: list[TrajetRow] = field(default_factory=list)
    calls: list[CallRow] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    coverage: list[CoverageRow] = field(default_factory=list)
    validity: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)


def harmonise(located: dict[str, LocatedSource], timetables: Sequence[SourceSpec]) -> Harmonised:
    """Read and harmonise the timetables (in priority order) against the references."""
    result = Harmonised(sources=list(located.values()))
    references, airports, cities = _read_references(located, result)
    ontd_stops = _ontd_stops(located, result)
    registry = StationRegistry(StationIndex(references), StationIndex(ontd_stops))
    operators = OperatorResolver(catalogue.STATIONS_TRAINLINE.source_id)
    co2 = Co2Calculator(load_factors(), airports)
    feeds: list[tuple[ParsedFeed, SourceReport, dict[str, Station], float]] = []
    for spec in timetables:
        started = time.perf_counter()
        feed = _read_feed(located[spec.source_id], ontd_stops)
        report = SourceReport(spec.source_id, rows_read=feed.rows_read)
        stations = {
            stop_id: registry.resolve(stop, feed.source_id, feed.agency_time_zone)
            for stop_id, stop in feed.stops.items()
        }
        feeds.append((feed, report, stations, time.perf_counter() - started))
    towns = _place_by_town(located, [(feed, stations) for feed, _, stations, _ in feeds], result)
    # Every source's stops are resolved before any trajet is built: a stop of one source can
    # complete a station another source created (coordinates, country).
    for feed, report, stations, reading_s in feeds:
        started = time.perf_counter()
        _build_feed(feed, stations, operators, co2, result, report)
        report.duration_s = round(reading_s + time.perf_counter() - started, 3)
        result.reports.append(report)
        result.validity[feed.source_id] = (feed.valid_from, feed.valid_until)
        log.info(
            "source harmonised",
            extra={
                "source_id": feed.source_id,
                "rows_read": report.rows_read,
                "rows_loaded": report.rows_loaded,
                "rows_rejected": report.rows_rejected,
            },
        )
    current = {s.source_id for s in timetables if s.is_current}
    result.links = link_same_trains(
        result.trajets, result.calls, [s.source_id for s in timetables], current
    )
    _check_plausibility(registry, result, {s.source_id: s.family for s in timetables})
    result.coverage = coverage(result.trajets, [s for s in timetables if s.is_current])
    _finish_stations(registry, result)
    assign_cities(result.stations, cities, towns)
    result.operators = sorted(operators.used.values(), key=lambda o: o.operator_id)
    used_airports = {t.origin_airport for t in result.trajets} | {
        t.destination_airport for t in result.trajets
    }
    result.airports = [a for a in airports if a.iata in used_airports]
    return result


def _read_references(
    located: dict[str, LocatedSource], result: Harmonised
) -> tuple[list[RefStation], list[Airport], list[RefCity]]:
    trainline = located[catalogue.STATIONS_TRAINLINE.source_id]
    db = located[catalogue.STATIONS_DB.source_id]
    airports_source = located[catalogue.AIRPORTS.source_id]
    references: list[RefStation] = []
    cities: list[RefCity] = []
    for source, reader in ((trainline, read_trainline), (db, read_db_stations)):
        started = time.perf_counter()
        read = reader(source.path(source.spec.files[0]), source.spec.source_id)
        references += read.stations
        cities += read.cities
        result.rejected[source.spec.source_id] = read.rejected
        result.reports.append(
            SourceReport(
                source.spec.source_id,
                read.rows_read,
                len(read.stations),
                len(read.rejected),
                duration_s=round(time.perf_counter() - started, 3),
            )
        )
    started = time.perf_counter()
    airports, read_count, rejected = read_airports(
        airports_source.path("airports.csv"), airports_source.path("iata_macs.csv")
    )
    result.rejected[airports_source.spec.source_id] = rejected
    result.reports.append(
        SourceReport(
            airports_source.spec.source_id,
            read_count,
            len(airports),
            len(rejected),
            duration_s=round(time.perf_counter() - started, 3),
        )
    )
    return references, _scheduled_airports(located, result, airports), cities


def _scheduled_airports(
    located: dict[str, LocatedSource], result: Harmonised, airports: list[Airport]
) -> list[Airport]:
    """Only airports with scheduled passenger service are compared (harmonise/airports.py)."""
    started = time.perf_counter()
    source = located[catalogue.AIRPORT_SERVICE.source_id]
    service, read_count, rejected = read_airport_service(source.path("airports.gz"))
    eligible = with_scheduled_service(airports, service)
    result.rejected[source.spec.source_id] = rejected
    result.reports.append(
        SourceReport(
            source.spec.source_id,
            read_count,
            len(eligible),
            len(rejected),
            duration_s=round(time.perf_counter() - started, 3),
        )
    )
    return eligible


def _ontd_stops(located: dict[str, LocatedSource], result: Harmonised) -> list[RefStation]:
    source = located[catalogue.ONTD_STOPS.source_id]
    read = read_ontd_stops(source.path("stops.json"), source.spec.source_id)
    result.rejected[source.spec.source_id] = read.rejected
    result.reports.append(
        SourceReport(source.spec.source_id, read.rows_read, len(read.stations), len(read.rejected))
    )
    return read.stations


def _place_by_town(
    located: dict[str, LocatedSource],
    feeds: list[tuple[ParsedFeed, dict[str, Station]]],
    result: Harmonised,
) -> list[Town]:
    """Stops no station reference knows get their town's position (harmonise/towns.py);
    returns the towns read (they are known cities too)."""
    started = time.perf_counter()
    source = located[catalogue.GEONAMES_TOWNS.source_id]
    towns, read_count, rejected = read_towns(
        source.path("rg_cities1000.csv"), frozenset(COUNTRY_TIME_ZONE)
    )
    journeys: list[list[TownCall]] = []
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    for feed, stations in feeds:
        unplaced = {k for k, s in stations.items() if s.latitude is None or s.country is None}
        for trip in feed.trips:
            if not any(c.stop_id in unplaced for c in trip.calls):
                continue
            journey = [TownCall(stations[c.stop_id], c.arrival, c.departure) for c in trip.calls]
            journeys.append(journey)
            for call in journey:
                countries[call.station.station_id].update(trip.countries)
    placed = place_unlocated_stations(
        journeys,
        {
            k: [c for c, _ in sorted(v.items(), key=lambda i: (-i[1], i[0]))]
            for k, v in countries.items()
        },
        TownIndex(towns),
        source.spec.source_id,
    )
    result.rejected[source.spec.source_id] = rejected
    result.reports.append(
        SourceReport(
            source.spec.source_id,
            read_count,
            len(placed),
            len(rejected),
            duration_s=round(time.perf_counter() - started, 3),
        )
    )
    return towns


def _read_feed(source: LocatedSource, ontd_stops: list[RefStation]) -> ParsedFeed:
    if source.spec.family == "ontd":
        return read_ontd(source, ontd_stops, default_day=date(2026, 1, 12))
    profile = PROFILES[source.spec.source_id]()
    feed = read_gtfs(source, profile)
    if profile.cut_at_midnight:
        feed = rejoin_midnight_pieces(feed)
    return feed


def _build_feed(
    feed: ParsedFeed,
    stations: dict[str, Station],
    operators: OperatorResolver,
    co2: Co2Calculator,
    result: Harmonised,
    report: SourceReport,
) -> None:
    report.calls_read = feed.calls_read
    rejected = list(feed.rejected)
    loaded_trips = 0
    rows_of = {t.source_trip_id: _source_rows(t) for t in feed.trips}
    window = (feed.valid_from, feed.valid_until) if feed.valid_from and feed.valid_until else None
    services = group_services(feed.trips, lambda stop_id: stations[stop_id].station_id, window)
    for trip in services:
        variant_rows = sum(rows_of[v] for v in trip.variant_trip_ids)
        trip_operators = [
            operators.resolve(feed.agencies[a], feed.source_id)
            for a in trip.agency_ids
            if a in feed.agencies
        ]
        context = TrajetContext(feed, stations, trip_operators, co2)
        try:
            row, calls = build_trajet(trip, context)
        except TrajetProblem as problem:
            rejected.extend(
                Rejected("trips", None, str(problem), variant) for variant in trip.variant_trip_ids
            )
            report.rows_rejected += variant_rows
            continue
        result.trajets.append(row)
        result.calls.extend(calls)
        loaded_trips += variant_rows
        report.calls_loaded += len(calls) * len(trip.variant_trip_ids)
        report.calls_matched += len(trip.variant_trip_ids) * sum(
            1 for c in trip.calls if stations[c.stop_id].is_located
        )
    report.rows_loaded = loaded_trips
    trip_files = ("trips.txt", "trips.json")
    report.rows_rejected += sum(1 for r in feed.rejected if r.file in trip_files)
    report.calls_rejected = sum(
        1 for r in feed.rejected if r.file.startswith(("stop_times", "trip_stop"))
    )
    result.rejected[feed.source_id] = rejected


def _source_rows(trip: Trip) -> int:
    """Rows of the source's trip file behind a trip (two for pieces rejoined at midnight)."""
    return max(len(trip.stitched_from), 1)


def _check_plausibility(
    registry: StationRegistry, result: Harmonised, families: dict[str, str]
) -> None:
    """Flag, in place, the trajets that break a plausibility rule (they stay published)."""
    calls_of: dict[str, list[CallRow]] = {}
    for call in result.calls:
        calls_of.setdefault(call.trajet_id, []).append(call)
    exceptions = plausibility.load_exceptions()
    for trajet in result.trajets:
        ends = (
            _position(registry.stations[trajet.origin_station_id]),
            _position(registry.stations[trajet.destination_station_id]),
        )
        flags = plausibility.check(
            trajet, calls_of[trajet.trajet_id], ends, families[trajet.source_id], exceptions
        )
        trajet.plausibility_flags = [f.code for f in flags]
        trajet.plausibility_notes = [f.message for f in flags]


def _position(station: Station) -> tuple[float, float] | None:
    if station.latitude is None or station.longitude is None:
        return None
    return station.latitude, station.longitude


def counted_in_stats(trajet: TrajetRow) -> bool:
    """Each train once (not a duplicate of another source's trajet) and plausible."""
    return trajet.duplicate_of is None and not trajet.plausibility_flags


def _finish_stations(registry: StationRegistry, result: Harmonised) -> None:
    """Keep the stations that trajets call at; count the current, counted trajets at each."""
    current_sources = {s.spec.source_id for s in result.sources if s.spec.is_current}
    counted_trajets = {
        t.trajet_id
        for t in result.trajets
        if counted_in_stats(t) and t.source_id in current_sources
    }
    trajets_at: dict[str, set[str]] = {}
    for call in result.calls:
        trajets_at.setdefault(call.station_id, set())
        if call.trajet_id in counted_trajets:
            trajets_at[call.station_id].add(call.trajet_id)
    result.stations = [s for s in registry.stations.values() if s.station_id in trajets_at]
    for station in result.stations:
        station.trajet_count = len(trajets_at[station.station_id])

"""The generic GTFS reader. A feed's quirks live in its `GtfsProfile` (sources/profiles.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from warehouse.harmonise.calendar import calendar_dates, parse_gtfs_date, service_from_dates
from warehouse.harmonise.times import TimeFormatError, parse_gtfs_time
from warehouse.model import Agency, Call, ParsedFeed, Rejected, Stop, Trip
from warehouse.sources.csvfile import CsvRow, read_csv
from warehouse.sources.locate import LocatedSource

RowReader = Callable[[str, set[str]], list[CsvRow]]
"""Reads one file of the feed: (file name, required columns) -> its well-formed rows."""


@dataclass(frozen=True)
class TripIdentity:
    """What a profile reads from a trip: its number, brand, product and category."""

    train_number: str | None
    brand: str | None
    product: str | None
    category: str
    night_basis: str | None = None
    name: str | None = None


class GtfsProfile:
    """Default GTFS behaviour; each feed overrides what it writes its own way."""

    strip_padding = False
    cut_at_midnight = False

    def stop_name(self, row: dict[str, str]) -> str:
        return row["stop_name"].strip()

    def stop_uic(self, row: dict[str, str]) -> str | None:
        return None

    def stop_codes(self, row: dict[str, str]) -> tuple[tuple[str, str], ...]:
        return ()

    def is_border_point(self, row: dict[str, str]) -> bool:
        return False

    def identify(
        self, trip: dict[str, str], route: dict[str, str], call_stop_ids: list[str]
    ) -> TripIdentity:
        raise NotImplementedError


def _rejected(file: str, row: CsvRow, reason: str) -> Rejected:
    return Rejected(file, row.line, reason, row.text)


def read_gtfs(located: LocatedSource, profile: GtfsProfile) -> ParsedFeed:
    """Read a GTFS feed into source terms: agencies, stations, trips with calls and services."""
    rejected: list[Rejected] = []
    strip = profile.strip_padding

    def rows(file: str, required: set[str]) -> list[CsvRow]:
        out = []
        for row in read_csv(located.path(file), required, strip=strip):
            if row.values:
                out.append(row)
            else:
                rejected.append(_rejected(file, row, "wrong number of fields"))
        return out

    agency_rows = rows("agency.txt", {"agency_id", "agency_name", "agency_timezone"})
    agencies = {
        r.values["agency_id"]: Agency(
            r.values["agency_id"], r.values["agency_name"], r.values.get("agency_url")
        )
        for r in agency_rows
    }
    agency_time_zone = agency_rows[0].values["agency_timezone"] if agency_rows else "Europe/Paris"
    stops = _read_stops(
        rows("stops.txt", {"stop_id", "stop_name", "stop_lat", "stop_lon"}), profile
    )
    routes = {
        r.values["route_id"]: r.values for r in rows("routes.txt", {"route_id", "route_short_name"})
    }
    services, window = _read_services(located, rows, rejected)
    trip_rows = rows("trips.txt", {"trip_id", "route_id", "service_id"})
    rejected_before = len(rejected)
    stop_time_rows = rows(
        "stop_times.txt", {"trip_id", "stop_id", "stop_sequence", "arrival_time", "departure_time"}
    )
    calls_read = len(stop_time_rows) + len(rejected) - rejected_before
    calls_by_trip = _read_stop_times(
        stop_time_rows,
        stops,
        {r.values["trip_id"] for r in trip_rows},
        rejected,
    )
    trips: list[Trip] = []
    for row in trip_rows:
        trip_row = row.values
        trip_id = trip_row["trip_id"]
        route = routes.get(trip_row["route_id"])
        timed = sorted(calls_by_trip.pop(trip_id, []), key=lambda pair: pair[0].seq)
        calls = [call for call, _raw_stop_id in timed]
        reason = _trip_problem(route, calls, services.get(trip_row["service_id"]))
        if reason:
            rejected.append(_rejected("trips.txt", row, reason))
            continue
        assert route is not None
        identity = profile.identify(trip_row, route, [raw_stop_id for _call, raw_stop_id in timed])
        service = service_from_dates(services[trip_row["service_id"]], window)
        trips.append(
            Trip(
                source_trip_id=trip_id,
                route_id=trip_row["route_id"],
                agency_ids=[route.get("agency_id") or next(iter(agencies), "")],
                calls=calls,
                service=service,
                train_number=identity.train_number,
                name=identity.name,
                brand=identity.brand,
                product=identity.product,
                category=identity.category,
                night_basis=identity.night_basis,
            )
        )
    return ParsedFeed(
        source_id=located.spec.source_id,
        time_basis="agency",
        agency_time_zone=agency_time_zone,
        agencies=agencies,
        stops={stop.stop_id: stop for stop in stops.values()},
        trips=trips,
        rows_read=len(trip_rows),
        calls_read=calls_read,
        rejected=rejected,
        valid_from=window[0],
        valid_until=window[1],
    )


def _read_stops(stop_rows: list[CsvRow], profile: GtfsProfile) -> dict[str, Stop]:
    """Stops by id; a platform (child) stop resolves to its parent station."""
    raw = {r.values["stop_id"]: r.values for r in stop_rows}
    stations: dict[str, Stop] = {}
    for stop_id, row in raw.items():
        parent_id = row.get("parent_station") or ""
        station_row = raw.get(parent_id, row) if parent_id else row
        stations[stop_id] = Stop(
            stop_id=station_row["stop_id"],
            name=profile.stop_name(station_row),
            latitude=_coordinate(station_row.get("stop_lat")),
            longitude=_coordinate(station_row.get("stop_lon")),
            uic=profile.stop_uic(station_row),
            time_zone=station_row.get("stop_timezone") or None,
            codes=profile.stop_codes(station_row),
            is_border_point=profile.is_border_point(station_row),
        )
    return stations


def _coordinate(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _read_services(
    located: LocatedSource, rows: RowReader, rejected: list[Rejected]
) -> tuple[dict[str, set[date]], tuple[date, date]]:
    weekly: dict[str, tuple[str, date, date]] = {}
    added: dict[str, set[date]] = defaultdict(set)
    removed: dict[str, set[date]] = defaultdict(set)
    files = located.spec.files
    if "calendar.txt" in files:
        for row in rows("calendar.txt", {"service_id", "start_date", "end_date", "monday"}):
            v = row.values
            try:
                mask = "".join(
                    "1" if v[day].strip() == "1" else "0"
                    for day in (
                        "monday",
                        "tuesday",
                        "wednesday",
                        "thursday",
                        "friday",
                        "saturday",
                        "sunday",
                    )
                )
                weekly[v["service_id"]] = (
                    mask,
                    parse_gtfs_date(v["start_date"]),
                    parse_gtfs_date(v["end_date"]),
                )
            except (KeyError, ValueError) as error:
                rejected.append(_rejected("calendar.txt", row, f"unreadable calendar: {error}"))
    if "calendar_dates.txt" in files:
        for row in rows("calendar_dates.txt", {"service_id", "date", "exception_type"}):
            v = row.values
            try:
                day = parse_gtfs_date(v["date"])
            except ValueError as error:
                rejected.append(_rejected("calendar_dates.txt", row, str(error)))
                continue
            (added if v["exception_type"].strip() == "1" else removed)[v["service_id"]].add(day)
    service_ids = set(weekly) | set(added) | set(removed)
    services: dict[str, set[date]] = {}
    for sid in service_ids:
        pattern = weekly.get(sid)
        extra, cancelled = added.get(sid, set()), removed.get(sid, set())
        if pattern is None:
            services[sid] = calendar_dates(None, None, None, extra, cancelled)
        else:
            services[sid] = calendar_dates(*pattern, extra, cancelled)
    window = _feed_window(located, rows, services)
    return services, window


def _feed_window(
    located: LocatedSource, rows: RowReader, services: dict[str, set[date]]
) -> tuple[date, date]:
    if "feed_info.txt" in located.spec.files:
        for row in rows("feed_info.txt", set()):
            start, end = row.values.get("feed_start_date"), row.values.get("feed_end_date")
            if start and end:
                return parse_gtfs_date(start), parse_gtfs_date(end)
    all_dates = [d for dates in services.values() for d in dates]
    if not all_dates:
        today = date.today()
        return today, today
    return min(all_dates), max(all_dates)


def _read_stop_times(
    stop_time_rows: list[CsvRow],
    stops: dict[str, Stop],
    trip_ids: set[str],
    rejected: list[Rejected],
) -> dict[str, list[tuple[Call, str]]]:
    """Calls by trip, each with the raw stop id it was written with (a platform, a StopPoint)."""
    calls: dict[str, list[tuple[Call, str]]] = defaultdict(list)
    for row in stop_time_rows:
        v = row.values
        if v["trip_id"] not in trip_ids:
            rejected.append(_rejected("stop_times.txt", row, f"unknown trip_id {v['trip_id']!r}"))
            continue
        stop = stops.get(v["stop_id"])
        if stop is None:
            rejected.append(_rejected("stop_times.txt", row, f"unknown stop_id {v['stop_id']!r}"))
            continue
        try:
            arrival = parse_gtfs_time(v["arrival_time"]) if v["arrival_time"].strip() else None
            departure = (
                parse_gtfs_time(v["departure_time"]) if v["departure_time"].strip() else None
            )
            seq = int(v["stop_sequence"])
        except (TimeFormatError, ValueError) as error:
            rejected.append(_rejected("stop_times.txt", row, f"unparsable value: {error}"))
            continue
        if arrival is None and departure is None:
            rejected.append(
                _rejected("stop_times.txt", row, "call without arrival or departure time")
            )
            continue
        calls[v["trip_id"]].append((Call(stop.stop_id, seq, arrival, departure), v["stop_id"]))
    return calls


def _trip_problem(
    route: dict[str, str] | None, calls: list[Call], dates: set[date] | None
) -> str | None:
    if route is None:
        return "unknown route_id"
    if len(calls) < 2:
        return f"{len(calls)} usable call(s), a trajet needs 2"
    if not dates:
        return "no service date in the feed's validity"
    if calls[0].stop_id == calls[-1].stop_id:
        return "origin and terminus are the same station"
    previous = -1
    for call in calls:
        for minutes in (call.arrival, call.departure):
            if minutes is not None:
                if minutes < previous:
                    return "times decrease along the calls"
                previous = minutes
    return None

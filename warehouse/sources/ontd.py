"""The Back-on-Track Open Night Train Database (JSON export, GTFS-like with extra columns).

Quirks handled here (data README, section 1): every file is one JSON object keyed by record id;
times are Google-Sheets serials on 1899-12-30 meaning the local time at the station; the
terminus has stop_sequence 99; stop_id is the station's name (with stray spaces); the newest
export has no stops.json, so coordinates come from the 2025-08-03 stops (then the station
references), and countries from view_ontd_cities; numeric cells may hold spreadsheet errors.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from warehouse.harmonise.calendar import weekly_from_label
from warehouse.harmonise.countries import normalise_country
from warehouse.harmonise.text import normalise
from warehouse.harmonise.times import TimeFormatError, parse_sheet_time
from warehouse.model import Agency, Call, ParsedFeed, RefStation, Rejected, Service, Stop, Trip
from warehouse.sources.errors import DataFormatError
from warehouse.sources.locate import LocatedSource

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Products whose prefix the ONTD writes in trip_short_name.
BRANDS = {
    "NJ": "Nightjet",
    "EN": "EuroNight",
    "ICN": "Intercités de nuit",
    "ES": "European Sleeper",
    "IR": "InterRegio",
    "D": "D",
    "SJ": "SJ",
    "R": "R",
}


def load_table(path: Path) -> list[dict[str, Any]]:
    """A JSON export table: one object whose values are the records."""
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise DataFormatError(
            path, None, f"not UTF-8 ({error.reason} at byte {error.start})"
        ) from None
    except json.JSONDecodeError as error:
        raise DataFormatError(
            path, error.lineno, f"invalid or truncated JSON ({error.msg}, column {error.colno})"
        ) from None
    if not isinstance(content, dict):
        raise DataFormatError(path, 1, "expected one JSON object keyed by record id")
    return [v for v in content.values() if isinstance(v, dict)]


def number(value: Any) -> float | None:
    """A numeric cell; spreadsheet errors ('#N/A', '#REF!') and blanks are None."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return None


def parse_sheet_date(value: Any) -> date | None:
    """'2025-12-14T00:00:00.000Z' or 20251214 -> date; '' -> None."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        if text.isdigit() and len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _service(label: str, calendar: dict[str, dict[str, Any]], default_day: date) -> Service:
    entry = calendar.get(label)
    flags = [number(entry.get(day)) if entry else None for day in WEEKDAYS]
    weekly: float | None
    if entry and any(f is not None for f in flags):
        clipped = [min(max(f or 0.0, 0.0), 1.0) for f in flags]
        weekly = sum(clipped)
        mask = "".join("1" if f > 0 else "0" for f in clipped)
    else:
        weekly, mask = None, None
    if not weekly:
        weekly = weekly_from_label(label) if label else None
    start = parse_sheet_date(entry.get("start_date")) if entry else None
    end = parse_sheet_date(entry.get("end_date")) if entry else None
    return Service(
        weekdays=mask if mask and "1" in mask else None,
        start=start,
        end=end,
        dates=None,
        weekly_departures=round(weekly or 0.0, 2),
        label=label or None,
        reference_day=start or default_day,
    )


def _brand(short_name: str) -> tuple[str | None, str | None]:
    """'NJ 468' -> ('Nightjet', 'NJ'). A bare number ('475', 'UZ 001 D' written '001 D', 'F5')
    names no product: no brand rather than the number (the trip keeps it as train number)."""
    prefix = short_name.split(" ", 1)[0].upper() if short_name else ""
    if not prefix.isalpha():
        return None, None
    return BRANDS.get(prefix, prefix), prefix


def read_ontd(
    located: LocatedSource, stop_coordinates: list[RefStation], default_day: date
) -> ParsedFeed:
    """Read the newest ONTD export; `stop_coordinates` are the 2025-08-03 stops."""
    table = {name: load_table(located.path(name)) for name in located.spec.files}
    rejected: list[Rejected] = []
    agencies = {
        str(a["agency_id"]): Agency(
            str(a["agency_id"]),
            str(a.get("agency_name_romanized") or a.get("agency_name") or a["agency_id"]),
            str(a.get("agency_url") or "") or None,
            normalise_country(str(a.get("agency_state") or "")),
        )
        for a in table["agencies.json"]
        if a.get("agency_id")
    }
    calendar = {str(c.get("service_id", "")).strip(): c for c in table["calendar.json"]}
    cities = {
        str(c["stop_id"]).strip(): c for c in table["view_ontd_cities.json"] if c.get("stop_id")
    }
    coordinates = _coordinates_by_name(stop_coordinates)

    trips_by_id = {str(t.get("trip_id", "")): t for t in table["trips.json"]}
    calls_by_trip, stop_ids = _read_calls(table["trip_stop.json"], trips_by_id, rejected)
    # Sorted: stops are resolved to stations in this order (first come decides the match).
    stops = {sid: _stop(sid, cities.get(sid), coordinates) for sid in sorted(stop_ids)}

    trips: list[Trip] = []
    for record in table["trips.json"]:
        trip_id = str(record.get("trip_id", ""))
        calls = sorted(calls_by_trip.pop(trip_id, []), key=lambda c: c.seq)
        reason = _trip_problem(record, calls)
        if reason:
            rejected.append(
                Rejected("trips.json", None, reason, json.dumps(record, ensure_ascii=False))
            )
            continue
        short_name = str(record.get("trip_short_name") or "").strip()
        brand, product = _brand(short_name)
        classes = str(record.get("classes") or "").strip()
        trips.append(
            Trip(
                source_trip_id=trip_id,
                route_id=str(record.get("route_id", "")),
                agency_ids=[
                    a.strip() for a in str(record.get("agency_id", "")).split("/") if a.strip()
                ],
                calls=calls,
                service=_service(
                    str(record.get("service_id") or "").strip(), calendar, default_day
                ),
                train_number=short_name or None,
                name=f"{short_name} {record.get('trip_origin', '')} – {record.get('trip_headsign', '')}".strip(),
                brand=brand,
                product=product,
                category="night",
                night_basis=f"Open Night Train Database ({classes or 'night train'})",
                source_distance_km=number(record.get("distance")),
                source_co2_kg=number(record.get("emissions_co2e")),
                countries=[
                    c
                    for c in (
                        normalise_country(x) for x in str(record.get("countries") or "").split(",")
                    )
                    if c
                ],
            )
        )
    return ParsedFeed(
        source_id=located.spec.source_id,
        time_basis="station",
        agency_time_zone="Europe/Berlin",
        agencies=agencies,
        stops=stops,
        trips=trips,
        rows_read=len(table["trips.json"]),
        calls_read=len(table["trip_stop.json"]),
        rejected=rejected,
        valid_from=date(2025, 12, 14),
        valid_until=date(2026, 12, 12),
    )


def _coordinates_by_name(stations: list[RefStation]) -> dict[str, RefStation]:
    by_name: dict[str, RefStation] = {}
    for station in stations:
        if station.latitude is None:
            continue
        by_name.setdefault(station.name.strip(), station)
        by_name.setdefault(normalise(station.name), station)
    return by_name


def _stop(stop_id: str, city: dict[str, Any] | None, coordinates: dict[str, RefStation]) -> Stop:
    known = coordinates.get(stop_id) or coordinates.get(normalise(stop_id))
    country = normalise_country(str(city.get("stop_country") or "")) if city else None
    return Stop(
        stop_id=stop_id,
        name=stop_id,
        latitude=known.latitude if known else None,
        longitude=known.longitude if known else None,
        country=country or (known.country if known else None),
        city=str(city.get("stop_cityname_romanized") or "") or None
        if city
        else (known.city if known else None),
    )


def _read_calls(
    records: list[dict[str, Any]], trips: dict[str, dict[str, Any]], rejected: list[Rejected]
) -> tuple[dict[str, list[Call]], set[str]]:
    calls: dict[str, list[Call]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    stop_ids: set[str] = set()
    for record in records:
        raw = json.dumps(record, ensure_ascii=False)
        trip_id = str(record.get("trip_id", ""))
        stop_id = str(record.get("stop_id", "")).strip()
        if trip_id not in trips or not trip_id:
            rejected.append(Rejected("trip_stop.json", None, f"unknown trip_id {trip_id!r}", raw))
            continue
        if not stop_id:
            rejected.append(Rejected("trip_stop.json", None, "empty stop_id", raw))
            continue
        try:
            seq = int(record.get("stop_sequence"))  # type: ignore[arg-type]
            arrival = _time_cell(record.get("arrival_time"))
            departure = _time_cell(record.get("departure_time"))
        except (TimeFormatError, TypeError, ValueError) as error:
            rejected.append(Rejected("trip_stop.json", None, f"unparsable value: {error}", raw))
            continue
        if (trip_id, seq) in seen:
            rejected.append(
                Rejected(
                    "trip_stop.json", None, f"duplicate stop_sequence {seq} in {trip_id!r}", raw
                )
            )
            continue
        if arrival is None and departure is None:
            rejected.append(
                Rejected("trip_stop.json", None, "call without arrival or departure time", raw)
            )
            continue
        seen.add((trip_id, seq))
        stop_ids.add(stop_id)
        calls[trip_id].append(Call(stop_id, seq, arrival, departure))
    return calls, stop_ids


def _time_cell(value: Any) -> int | None:
    """A time cell: blank (or spaces) is no time."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_sheet_time(value)


def _trip_problem(record: dict[str, Any], calls: list[Call]) -> str | None:
    if str(record.get("is_active", "Y")).strip().upper() == "N":
        return "inactive in the source (is_active = N: discontinued)"
    if len(calls) < 2:
        return f"{len(calls)} usable call(s), a trajet needs 2"
    if calls[0].stop_id == calls[-1].stop_id:
        return "origin and terminus are the same station"
    return None

"""A small synthetic open-data mirror, written by code in each source's own file format.

`make test-fast` loads it instead of the real mirror: every reader, the harmonisation, the load
and the API then run on a few hundred trajets (about two seconds of ETL) rather than the whole
mirror. Nothing here is copied from or derived from the real data: the stations, times and
numbers are made up (city names and coordinates are common knowledge), only the layout follows
the sources (same folders, files, columns, encodings and quirks the readers handle: Windows line
endings in the 2013 Intercités feed, right-padded Renfe fields, Google-Sheets time serials in the
night-train database...). Keep it simple: when a reader changes, change the writer next to it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from warehouse.model import SourceSpec
from warehouse.sources import catalogue

#: Marks a mirror written by this module (test templates are named after the mirror's kind).
MARKER = "SYNTHETIC"


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    city: str
    country: str
    lat: float
    lon: float
    uic: str  # 7 digits, country prefix first
    tz: str
    city_names: dict[str, str] = field(default_factory=dict)  # language -> city name
    renfe: str | None = None

    @property
    def uic8(self) -> str:
        """The SNCF UIC-8 form: the 7-digit code and a check digit."""
        return self.uic + str(sum(int(d) for d in self.uic) % 10)


#: key | name | city | country | latitude | longitude | UIC | time zone | Adif code | city names
PLACES_TABLE = """
paris-lyon | Paris Gare de Lyon | Paris | FR | 48.8443 | 2.3744 | 8768600 | Europe/Paris |  |
paris-est | Paris Est | Paris | FR | 48.8768 | 2.3592 | 8711300 | Europe/Paris |  |
paris-austerlitz | Paris Austerlitz | Paris | FR | 48.842 | 2.3656 | 8754700 | Europe/Paris |  |
paris-montparnasse | Paris Montparnasse | Paris | FR | 48.8412 | 2.3206 | 8739100 | Europe/Paris |  |
paris-nord | Paris Nord | Paris | FR | 48.8809 | 2.3553 | 8727100 | Europe/Paris |  |
lille | Lille Europe | Lille | FR | 50.6393 | 3.0755 | 8722326 | Europe/Paris |  |
lyon | Lyon Part-Dieu | Lyon | FR | 45.7606 | 4.8594 | 8772319 | Europe/Paris |  |
marseille | Marseille Saint-Charles | Marseille | FR | 43.3028 | 5.3806 | 8775100 | Europe/Paris |  |
nice | Nice Ville | Nice | FR | 43.7046 | 7.2619 | 8775605 | Europe/Paris |  |
toulouse | Toulouse Matabiau | Toulouse | FR | 43.6113 | 1.4536 | 8761100 | Europe/Paris |  |
bordeaux | Bordeaux Saint-Jean | Bordeaux | FR | 44.8258 | -0.5563 | 8758100 | Europe/Paris |  |
strasbourg | Strasbourg | Strasbourg | FR | 48.585 | 7.735 | 8721202 | Europe/Paris |  |
berlin | Berlin Hbf | Berlin | DE | 52.5251 | 13.3694 | 8011160 | Europe/Berlin |  |
hamburg | Hamburg Hbf | Hamburg | DE | 53.553 | 10.0069 | 8002549 | Europe/Berlin |  |
koeln | Köln Hbf | Köln | DE | 50.943 | 6.9589 | 8000207 | Europe/Berlin |  | en=Cologne,fr=Cologne
bonn | Bonn Hbf | Bonn | DE | 50.732 | 7.0971 | 8000044 | Europe/Berlin |  |
frankfurt | Frankfurt (Main) Hbf | Frankfurt am Main | DE | 50.107 | 8.6633 | 8000105 | Europe/Berlin |  |
muenchen | München Hbf | München | DE | 48.1402 | 11.56 | 8000261 | Europe/Berlin |  | en=Munich,fr=Munich,it=Monaco di Baviera
wien | Wien Hbf | Wien | AT | 48.1852 | 16.376 | 8103000 | Europe/Vienna |  | en=Vienna,fr=Vienne,it=Vienna,es=Viena
salzburg | Salzburg Hbf | Salzburg | AT | 47.813 | 13.0457 | 8100002 | Europe/Vienna |  |
innsbruck | Innsbruck Hbf | Innsbruck | AT | 47.2632 | 11.4006 | 8100108 | Europe/Vienna |  |
zuerich | Zürich HB | Zürich | CH | 47.3779 | 8.5403 | 8503000 | Europe/Zurich |  | en=Zurich,fr=Zurich
amsterdam | Amsterdam Centraal | Amsterdam | NL | 52.3789 | 4.9003 | 8400058 | Europe/Amsterdam |  |
bruxelles | Bruxelles-Midi | Bruxelles | BE | 50.8356 | 4.3365 | 8814001 | Europe/Brussels |  | en=Brussels,de=Brüssel,nl=Brussel
praha | Praha hl.n. | Praha | CZ | 50.083 | 14.4353 | 5457076 | Europe/Prague |  | en=Prague,fr=Prague,de=Prag
budapest | Budapest-Keleti | Budapest | HU | 47.5003 | 19.0838 | 5513912 | Europe/Budapest |  |
roma | Roma Termini | Roma | IT | 41.901 | 12.5016 | 8308409 | Europe/Rome |  | en=Rome,fr=Rome,de=Rom
madrid | Madrid Puerta de Atocha | Madrid | ES | 40.4066 | -3.6892 | 7160000 | Europe/Madrid | 60000 |
zaragoza | Zaragoza Delicias | Zaragoza | ES | 41.6587 | -0.9112 | 7104040 | Europe/Madrid | 04040 | fr=Saragosse
barcelona | Barcelona Sants | Barcelona | ES | 41.3792 | 2.1404 | 7171801 | Europe/Madrid | 71801 | fr=Barcelone
valencia | Valencia Joaquín Sorolla | Valencia | ES | 39.4592 | -0.3822 | 7103216 | Europe/Madrid | 03216 | fr=Valence
"""
#: ICAO | IATA | name | city | country | latitude | longitude | time zone
AIRPORTS_TABLE = """
LFPG | CDG | Charles de Gaulle International Airport | Paris | FR | 49.0097 | 2.5479 | Europe/Paris
LFPO | ORY | Paris-Orly Airport | Paris | FR | 48.7262 | 2.3652 | Europe/Paris
LFPN | TNF | Toussus-le-Noble Airport | Toussus-le-Noble | FR | 48.7519 | 2.1062 | Europe/Paris
LFQQ | LIL | Lille Airport | Lille | FR | 50.5633 | 3.0869 | Europe/Paris
LFLL | LYS | Lyon Saint-Exupéry Airport | Lyon | FR | 45.7256 | 5.0811 | Europe/Paris
LFML | MRS | Marseille Provence Airport | Marseille | FR | 43.4393 | 5.2214 | Europe/Paris
LFMN | NCE | Nice-Côte d'Azur Airport | Nice | FR | 43.6584 | 7.2159 | Europe/Paris
LFBO | TLS | Toulouse-Blagnac Airport | Toulouse | FR | 43.6291 | 1.3638 | Europe/Paris
LFBD | BOD | Bordeaux-Mérignac Airport | Bordeaux | FR | 44.8283 | -0.7156 | Europe/Paris
LFST | SXB | Strasbourg Airport | Strasbourg | FR | 48.5383 | 7.6282 | Europe/Paris
EDDB | BER | Berlin Brandenburg Airport | Berlin | DE | 52.3667 | 13.5033 | Europe/Berlin
EDDH | HAM | Hamburg Airport | Hamburg | DE | 53.6304 | 9.9882 | Europe/Berlin
EDDK | CGN | Cologne Bonn Airport | Köln | DE | 50.8659 | 7.1427 | Europe/Berlin
EDDF | FRA | Frankfurt am Main Airport | Frankfurt am Main | DE | 50.0379 | 8.5622 | Europe/Berlin
EDDM | MUC | Munich Airport | München | DE | 48.3538 | 11.7861 | Europe/Berlin
LOWW | VIE | Vienna International Airport | Wien | AT | 48.1103 | 16.5697 | Europe/Vienna
LOWS | SZG | Salzburg Airport | Salzburg | AT | 47.7933 | 13.0043 | Europe/Vienna
LOWI | INN | Innsbruck Airport | Innsbruck | AT | 47.2602 | 11.344 | Europe/Vienna
LSZH | ZRH | Zurich Airport | Zürich | CH | 47.4582 | 8.5555 | Europe/Zurich
EHAM | AMS | Amsterdam Airport Schiphol | Amsterdam | NL | 52.3105 | 4.7683 | Europe/Amsterdam
EBBR | BRU | Brussels Airport | Bruxelles | BE | 50.9014 | 4.4844 | Europe/Brussels
LKPR | PRG | Václav Havel Airport Prague | Praha | CZ | 50.1008 | 14.26 | Europe/Prague
LHBP | BUD | Budapest Ferenc Liszt International Airport | Budapest | HU | 47.4298 | 19.2611 | Europe/Budapest
LIRF | FCO | Rome Fiumicino Airport | Roma | IT | 41.8003 | 12.2389 | Europe/Rome
LEMD | MAD | Adolfo Suárez Madrid-Barajas Airport | Madrid | ES | 40.4719 | -3.5626 | Europe/Madrid
LEZG | ZAZ | Zaragoza Airport | Zaragoza | ES | 41.6662 | -1.0415 | Europe/Madrid
LEBL | BCN | Josep Tarradellas Barcelona-El Prat Airport | Barcelona | ES | 41.2974 | 2.0833 | Europe/Madrid
LEVC | VLC | Valencia Airport | Valencia | ES | 39.4893 | -0.4816 | Europe/Madrid
"""


def _table(text: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")] for line in text.strip().splitlines()]


PLACES: dict[str, Place] = {
    key: Place(
        key, name, city, country, float(lat), float(lon), uic, tz,
        dict(pair.split("=", 1) for pair in names.split(",") if pair), renfe or None,
    )
    for key, name, city, country, lat, lon, uic, tz, renfe, names in _table(PLACES_TABLE)
}  # fmt: skip
AIRPORTS = [
    (icao, iata, name, city, country, float(lat), float(lon), tz)
    for icao, iata, name, city, country, lat, lon, tz in _table(AIRPORTS_TABLE)
]


@dataclass(frozen=True)
class Line:
    """A train line: its stops with the minutes after departure at which it reaches each one,
    its first departures of the day (minutes after midnight) and its product and number."""

    product: str
    number: int
    stops: tuple[tuple[str, int], ...]
    departures: tuple[int, ...]
    agency: str = ""

    def reverse(self, number: int, departures: tuple[int, ...]) -> Line:
        total = self.stops[-1][1]
        stops = tuple((key, total - minutes) for key, minutes in reversed(self.stops))
        return Line(self.product, number, stops, departures, self.agency)

    def trips(self) -> Iterable[tuple[str, int, list[tuple[str, int, int]]]]:
        """(train number, first departure, [(stop, arrival, departure)]) per departure; 2 min
        dwell at intermediate stops."""
        for index, start in enumerate(self.departures):
            calls = []
            for position, (key, minutes) in enumerate(self.stops):
                arrival = start + minutes
                last = position == len(self.stops) - 1
                calls.append((key, arrival, arrival if position == 0 or last else arrival + 2))
            yield str(self.number + 2 * index), start, calls


def both_ways(line: Line, back_number: int) -> list[Line]:
    return [line, line.reverse(back_number, line.departures)]


# -- writers ---------------------------------------------------------------------------------


def _csv_text(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ",",
    newline: str = "\n",
    quote_all: bool = False,
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator=newline,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def _hms(minutes: int, leading_zero: bool = True) -> str:
    hours = f"{minutes // 60:02d}" if leading_zero else str(minutes // 60)
    return f"{hours}:{minutes % 60:02d}:00"


def _ymd(day: date) -> str:
    return day.strftime("%Y%m%d")


def _days(start: date, end: date, weekdays: str = "1111111") -> list[date]:
    out, day = [], start
    while day <= end:
        if weekdays[day.weekday()] == "1":
            out.append(day)
        day += timedelta(days=1)
    return out


# -- references -------------------------------------------------------------------------------

TRAINLINE_LANGUAGES = ("de", "en", "es", "fr", "it", "nl")
TRAINLINE_HEADER = (
    "id", "name", "slug", "uic", "uic8_sncf", "latitude", "longitude", "parent_station_id",
    "is_city", "country", "is_main_station", "time_zone", "is_suggestable", "sncf_id", "db_id",
    "renfe_id", "same_as", *(f"info:{lang}" for lang in TRAINLINE_LANGUAGES),
)  # fmt: skip


def write_trainline(directory: Path) -> None:
    """Semicolon separated; one city row per city (localised names) and one row per station."""
    rows: list[list[object]] = []
    city_ids: dict[str, int] = {}
    for place in PLACES.values():
        if place.city not in city_ids:
            city_ids[place.city] = 1000 + len(city_ids)
            rows.append(
                [
                    city_ids[place.city], place.city, place.city.lower(), "", "", place.lat,
                    place.lon, "", "t", place.country, "f", place.tz, "t", "", "", "", "",
                    *(place.city_names.get(lang, "") for lang in TRAINLINE_LANGUAGES),
                ]
            )  # fmt: skip
    for number, place in enumerate(PLACES.values(), start=1):
        rows.append(
            [
                number, place.name, place.key, place.uic,
                place.uic8 if place.country == "FR" else "", place.lat, place.lon,
                city_ids[place.city], "f", place.country, "t", place.tz, "t",
                place.uic8[2:] if place.country == "FR" else "",
                place.uic if place.country == "DE" else "", place.renfe or "", "",
                *("" for _ in TRAINLINE_LANGUAGES),
            ]
        )  # fmt: skip
    _write(
        directory / catalogue.STATIONS_TRAINLINE.mirror_dir / "stations.csv",
        _csv_text(TRAINLINE_HEADER, rows, delimiter=";"),
    )


def write_db_stations(directory: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": place.uic,
                "name": place.name,
                "location": {"type": "location", "latitude": place.lat, "longitude": place.lon},
                "address": {"city": place.city, "country": "Deutschland"},
            },
            ensure_ascii=False,
        )
        for place in PLACES.values()
        if place.country == "DE"
    ]
    spec = catalogue.STATIONS_DB
    _write(directory / spec.mirror_dir / spec.files[0], "\n".join(lines) + "\n")


def write_airports(directory: Path) -> None:
    folder = directory / catalogue.AIRPORTS.mirror_dir
    _write(
        folder / "airports.csv",
        _csv_text(
            ("icao", "iata", "name", "city", "subd", "country", "elevation", "lat", "lon", "tz", "lid"),
            [(i, a, n, c, "", co, 100, la, lo, tz, "") for i, a, n, c, co, la, lo, tz in AIRPORTS],
            quote_all=True,
        ),
    )  # fmt: skip
    metropolitan = [
        ("FR", "PAR", "Paris", "CDG", "Charles de Gaulle"),
        ("FR", "PAR", "Paris", "ORY", "Orly"),
    ]
    seen_cities = {"Paris"}
    for _icao, iata, name, city, country, *_ in AIRPORTS:
        if city not in seen_cities and city in {p.city for p in PLACES.values()}:
            seen_cities.add(city)
            metropolitan.append((country, iata, city, iata, name))
    _write(
        folder / "iata_macs.csv",
        _csv_text(("Country", "City Code", "City Name", "Airport Code", "Airport Name"), metropolitan),
    )  # fmt: skip


# -- the night-train database (JSON export keyed by record id) ---------------------------------

# fmt: off
NIGHT_LINES = (
    *both_ways(Line("NJ", 40424, (("paris-est", 0), ("strasbourg", 150), ("muenchen", 470), ("salzburg", 590), ("wien", 830)), (1198,), "OBB"), 40425),
    *both_ways(Line("NJ", 40466, (("zuerich", 0), ("innsbruck", 240), ("salzburg", 360), ("wien", 600)), (1280,), "OBB"), 40467),
    *both_ways(Line("NJ", 40490, (("hamburg", 0), ("berlin", 160), ("praha", 480), ("wien", 760)), (1190,), "OBB"), 40491),
    *both_ways(Line("NJ", 40294, (("wien", 0), ("innsbruck", 330), ("roma", 840)), (1170,), "OBB"), 40295),
    *both_ways(Line("EN", 40462, (("budapest", 0), ("wien", 170), ("muenchen", 600), ("zuerich", 860)), (1250,), "MAV"), 40463),
    *both_ways(Line("ICN", 3751, (("paris-austerlitz", 0), ("toulouse", 480)), (1385,), "SNCF"), 3752),
    *both_ways(Line("ICN", 5773, (("paris-austerlitz", 0), ("marseille", 540), ("nice", 700)), (1275,), "SNCF"), 5774),
    # The same train as the German feed's EN 40347 (linked, counted once).
    *both_ways(Line("EN", 40347, (("muenchen", 0), ("salzburg", 95), ("wien", 250)), (1180,), "OBB"), 40346),
    *both_ways(Line("ES", 452, (("bruxelles", 0), ("amsterdam", 190), ("berlin", 720)), (1160,), "ES"), 453),
)
# fmt: on
ONTD_AGENCIES = {
    "OBB": ("ÖBB Nightjet", "https://www.nightjet.com", "AT"),
    "MAV": ("MÁV-START", "https://www.mavcsoport.hu", "HU"),
    "SNCF": ("SNCF Voyageurs", "https://www.sncf-connect.com", "FR"),
    "ES": ("European Sleeper", "https://www.europeansleeper.eu", "NL"),
}


def _sheet_time(minutes: int) -> str:
    day = 30 + minutes // 1440
    minutes %= 1440
    return f"1899-12-{day}T{minutes // 60:02d}:{minutes % 60:02d}:00.000Z"


def write_ontd(directory: Path) -> None:
    """The newest export (no stops.json) and the older export's stops.json (coordinates)."""
    latest = directory / catalogue.ONTD.mirror_dir
    agencies = {
        key: {"agency_id": key, "agency_name": name, "agency_url": url, "agency_state": country}
        for key, (name, url, country) in ONTD_AGENCIES.items()
    }
    calendar = {
        "Daily": {"service_id": "Daily", **dict.fromkeys(WEEKDAYS, 1), "start_date": "2025-12-14T00:00:00.000Z", "end_date": "2026-12-12T00:00:00.000Z"},
        "Fri, Sun": {"service_id": "Fri, Sun", **dict.fromkeys(WEEKDAYS, 0), "friday": 1, "sunday": 1, "start_date": "2025-12-14T00:00:00.000Z", "end_date": "2026-12-12T00:00:00.000Z"},
    }  # fmt: skip
    trips: dict[str, dict[str, object]] = {}
    trip_stops: dict[str, dict[str, object]] = {}
    routes: dict[str, dict[str, object]] = {}
    used: set[str] = set()
    for route_number, line in enumerate(NIGHT_LINES, start=1):
        routes[str(route_number)] = {
            "route_id": route_number,
            "agency_id": line.agency,
            "route_type": 105,
        }
        for number, _start, calls in line.trips():
            trip_id = f"{line.agency} {line.product} {number}"
            first, last = PLACES[calls[0][0]], PLACES[calls[-1][0]]
            distance = round(_path_km([PLACES[k] for k, _, _ in calls]) * 1.15)
            trips[trip_id] = {
                "trip_id": trip_id,
                "route_id": route_number,
                "agency_id": line.agency,
                "service_id": "Fri, Sun" if line.product == "ES" else "Daily",
                "trip_short_name": f"{line.product} {number}",
                "trip_origin": first.city,
                "trip_headsign": last.city,
                "classes": "seat, couchette, sleeper",
                "distance": distance,
                "emissions_co2e": round(distance * 0.02, 1),
                "countries": ",".join(dict.fromkeys(PLACES[k].country for k, _, _ in calls)),
                "is_active": "Y",
            }
            for position, (key, arrival, departure) in enumerate(calls):
                sequence = 99 if position == len(calls) - 1 else position
                trip_stops[f"{trip_id}:{position}"] = {
                    "trip_id": trip_id,
                    "stop_id": PLACES[key].name + (" " if position == 1 else ""),  # stray space
                    "stop_sequence": sequence,
                    "arrival_time": "" if position == 0 else _sheet_time(arrival),
                    "departure_time": "" if sequence == 99 else _sheet_time(departure),
                }
                used.add(key)
    # A discontinued train: read, then rejected (is_active = N).
    trips["OBB NJ 999"] = {**trips["OBB NJ 40424"], "trip_id": "OBB NJ 999", "trip_short_name": "NJ 999", "is_active": "N"}  # fmt: skip
    for position in range(2):
        trip_stops[f"OBB NJ 999:{position}"] = {**trip_stops[f"OBB NJ 40424:{position}"], "trip_id": "OBB NJ 999"}  # fmt: skip
    cities = {
        PLACES[key].name: {
            "stop_id": PLACES[key].name,
            "stop_country": PLACES[key].country,
            "stop_cityname_romanized": PLACES[key].city,
        }
        for key in sorted(used)
    }
    tables = {
        "agencies.json": agencies,
        "routes.json": routes,
        "trips.json": trips,
        "trip_stop.json": trip_stops,
        "calendar.json": calendar,
        "view_ontd_cities.json": cities,
    }
    for name, content in tables.items():
        _write(latest / name, json.dumps(content, ensure_ascii=False, indent=1))
    stops = {
        PLACES[key].name: {
            "stop_id": PLACES[key].name,
            "stop_name": PLACES[key].name,
            "stop_lat": PLACES[key].lat,
            "stop_lon": PLACES[key].lon,
            "stop_country": PLACES[key].country,
            "stop_cityname": PLACES[key].city,
            "stop_cityname_romanized": PLACES[key].city,
        }
        for key in sorted(used)
    }
    _write(
        directory / catalogue.ONTD_STOPS.mirror_dir / "stops.json",
        json.dumps(stops, ensure_ascii=False, indent=1),
    )


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _path_km(places: Sequence[Place]) -> float:
    from warehouse.harmonise.geo import haversine_km

    return sum(haversine_km(a.lat, a.lon, b.lat, b.lon) for a, b in itertools.pairwise(places))


# -- GTFS feeds ------------------------------------------------------------------------------


@dataclass
class Feed:
    """The rows of one GTFS feed, written with the quirks of its source."""

    agency: tuple[str, str, str, str]  # id, name, url, time zone
    routes: list[dict[str, str]] = field(default_factory=list)
    trips: list[dict[str, str]] = field(default_factory=list)
    stop_times: list[dict[str, str]] = field(default_factory=list)
    stops: dict[str, dict[str, str]] = field(default_factory=dict)


def _gtfs_feed(
    agency: tuple[str, str, str, str],
    lines: Sequence[Line],
    stop_id: Callable[[Place, Line], str],
    add_stop: Callable[[Feed, Place, Line], None],
    route_fields: Callable[[Line], dict[str, str]],
    trip_fields: Callable[[Line, str], dict[str, str]],
    service_of: Callable[[Line], str],
    time_text: Callable[[int], str] = _hms,
) -> Feed:
    feed = Feed(agency)
    for route_index, line in enumerate(lines):
        route_id = f"R{route_index + 1}"
        feed.routes.append(
            {"route_id": route_id, "agency_id": agency[0], "route_type": "2", **route_fields(line)}
        )
        for number, _start, calls in line.trips():
            trip_id = f"{route_id}-{number}"
            feed.trips.append({"route_id": route_id, "service_id": service_of(line), "trip_id": trip_id, **trip_fields(line, number)})  # fmt: skip
            for sequence, (key, arrival, departure) in enumerate(calls):
                place = PLACES[key]
                add_stop(feed, place, line)
                feed.stop_times.append(
                    {
                        "trip_id": trip_id,
                        "arrival_time": time_text(arrival),
                        "departure_time": time_text(departure),
                        "stop_id": stop_id(place, line),
                        "stop_sequence": str(sequence + 1),
                    }
                )
    return feed


def _write_gtfs(
    folder: Path,
    feed: Feed,
    extra: dict[str, tuple[Sequence[str], list[Sequence[object]]]],
    *,
    newline: str = "\n",
    pad: bool = False,
) -> None:
    def table(rows: list[dict[str, str]]) -> tuple[list[str], list[list[str]]]:
        header = list(dict.fromkeys(k for row in rows for k in row))
        return header, [[row.get(k, "") for k in header] for row in rows]

    files: dict[str, tuple[Sequence[str], Sequence[Sequence[object]]]] = {
        "agency.txt": (
            ("agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang"),
            [(*feed.agency, "")],
        ),
        "routes.txt": table(feed.routes),
        "trips.txt": table(feed.trips),
        "stop_times.txt": table(feed.stop_times),
        "stops.txt": table(list(feed.stops.values())),
        **extra,
    }
    for name, (header, rows) in files.items():
        if pad:  # Renfe: every header name and value right-padded with spaces
            header = [f"{h:<12}" for h in header]
            rows = [[f"{v!s:<8}" for v in row] for row in rows]
        _write(folder / name, _csv_text(header, rows, newline=newline))


def _calendar(
    services: dict[str, tuple[str, date, date]],
) -> tuple[Sequence[str], list[Sequence[object]]]:
    return (
        ("service_id", *WEEKDAYS, "start_date", "end_date"),
        [(sid, *mask, _ymd(start), _ymd(end)) for sid, (mask, start, end) in services.items()],
    )


def _calendar_dates(
    dates: dict[str, list[date]], exception: int = 1
) -> tuple[Sequence[str], list[Sequence[object]]]:
    return (
        ("service_id", "date", "exception_type"),
        [(sid, _ymd(day), exception) for sid, days in dates.items() for day in days],
    )


# fmt: off
TGV_LINES = (
    *both_ways(Line("TGV INOUI", 6101, (("paris-lyon", 0), ("lyon", 116), ("marseille", 200)), (370, 490, 610, 850, 1090)), 6102),
    *both_ways(Line("OUIGO", 7801, (("paris-lyon", 0), ("lyon", 120)), (420, 780, 1140)), 7802),
    *both_ways(Line("TGV INOUI", 2401, (("paris-est", 0), ("strasbourg", 106)), (400, 640, 1000)), 2402),
    *both_ways(Line("TGV INOUI", 7001, (("paris-nord", 0), ("lille", 62)), (460, 700, 1060)), 7002),
    *both_ways(Line("TGV INOUI", 8501, (("paris-montparnasse", 0), ("bordeaux", 124), ("toulouse", 250)), (450, 830)), 8502),
    *both_ways(Line("ICE", 9553, (("paris-est", 0), ("strasbourg", 110), ("frankfurt", 230)), (540, 900)), 9554),  # also in the German feed
    *both_ways(Line("Lyria", 9201, (("paris-lyon", 0), ("zuerich", 244)), (470, 1010)), 9202),
)
# fmt: on
TGV_BRANDS = {
    "TGV INOUI": "OCETGV INOUI",
    "OUIGO": "OCEOUIGO",
    "Lyria": "OCELyria",
    "ICE": "OCEICE",
}


def write_sncf_tgv(directory: Path, start: date, end: date) -> None:
    """Train number in trip_headsign, brand only in the StopPoint prefix, calendar_dates only."""

    def add_stop(feed: Feed, place: Place, line: Line) -> None:
        area = f"StopArea:OCE{place.uic8}"
        feed.stops.setdefault(area, {"stop_id": area, "stop_name": place.name, "stop_lat": str(place.lat), "stop_lon": str(place.lon), "location_type": "1", "parent_station": ""})  # fmt: skip
        point = f"StopPoint:{TGV_BRANDS[line.product]}-{place.uic8}"
        feed.stops.setdefault(point, {**feed.stops[area], "stop_id": point, "stop_name": place.name, "location_type": "0", "parent_station": area})  # fmt: skip

    feed = _gtfs_feed(
        ("OCESN", "SNCF", "https://www.sncf-connect.com", "Europe/Paris"),
        TGV_LINES,
        lambda place, line: f"StopPoint:{TGV_BRANDS[line.product]}-{place.uic8}",
        add_stop,
        lambda line: {"route_short_name": "", "route_long_name": f"{line.product}"},
        lambda line, number: {"trip_headsign": number, "direction_id": "0"},
        lambda line: "week" if line.product != "OUIGO" else "weekend",
    )
    spec = catalogue.GTFS_SNCF_TGV
    _write_gtfs(
        directory / spec.mirror_dir,
        feed,
        {
            "calendar_dates.txt": _calendar_dates(
                {"week": _days(start, end), "weekend": _days(start, end, "0000111")}
            ),
            "feed_info.txt": (
                ("feed_id", "feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_start_date", "feed_end_date", "feed_version"),
                [("1", "SNCF", "https://www.sncf.com", "fr", _ymd(start), _ymd(end), "1")],
            ),
        },
    )  # fmt: skip


# fmt: off
INTERCITES_LINES = (
    *both_ways(Line("Lunéa", 3731, (("paris-austerlitz", 0), ("toulouse", 500)), (1330,)), 3732),
    *both_ways(Line("Lunéa", 5771, (("paris-austerlitz", 0), ("marseille", 560), ("nice", 720)), (1290,)), 5772),
    *both_ways(Line("Intercités", 3611, (("paris-austerlitz", 0), ("toulouse", 400)), (480, 780)), 3612),
)
# fmt: on


def write_sncf_intercites(directory: Path) -> None:
    """2013 edition: Windows line endings, 'gare de' names, the service in the route_id prefix."""

    def stop_id(place: Place, line: Line) -> str:
        return f"StopArea:OCE{place.uic8}"

    def add_stop(feed: Feed, place: Place, line: Line) -> None:
        feed.stops.setdefault(stop_id(place, line), {"stop_id": stop_id(place, line), "stop_name": f"gare de {place.name}", "stop_desc": "", "stop_lat": str(place.lat), "stop_lon": str(place.lon), "location_type": "1", "parent_station": ""})  # fmt: skip

    feed = _gtfs_feed(
        ("OCESN", "SNCF", "http://www.sncf.com", "Europe/Paris"),
        INTERCITES_LINES,
        stop_id,
        add_stop,
        lambda line: {"route_short_name": "", "route_long_name": f"{line.product} {PLACES[line.stops[0][0]].city} - {PLACES[line.stops[-1][0]].city}"},
        lambda line, number: {"trip_headsign": number},
        lambda line: "hiver",
    )  # fmt: skip
    for route in feed.routes:  # 'OCECorail Lunéa-…' or 'OCECorail Intercités-…'
        product = route["route_long_name"].split(" ", 1)[0]
        new_id = f"OCECorail {product}-{route['route_id']}"
        for trip in feed.trips:
            if trip["route_id"] == route["route_id"]:
                trip["route_id"] = new_id
        route["route_id"] = new_id
    spec = catalogue.GTFS_SNCF_INTERCITES
    _write_gtfs(
        directory / spec.mirror_dir,
        feed,
        {
            "calendar.txt": _calendar({"hiver": ("1111111", date(2013, 12, 15), date(2014, 4, 5))}),
            "calendar_dates.txt": _calendar_dates({"hiver": [date(2013, 12, 25)]}, exception=2),
        },
        newline="\r\n",
    )


# fmt: off
DE_LINES = (
    *both_ways(Line("ICE", 501, (("berlin", 0), ("frankfurt", 240), ("muenchen", 460)), (330, 450, 570, 690, 810, 930)), 502),
    *both_ways(Line("ICE", 71, (("hamburg", 0), ("koeln", 240), ("frankfurt", 330)), (360, 600, 840)), 72),
    *both_ways(Line("IC", 2071, (("hamburg", 0), ("berlin", 120)), (400, 640, 880, 1120)), 2072),
    *both_ways(Line("ICE", 27, (("berlin", 0), ("praha", 260), ("wien", 520)), (420,)), 28),
    *both_ways(Line("RE", 4101, (("frankfurt", 0), ("koeln", 150)), (500, 860)), 4102),
    *both_ways(Line("RE", 5101, (("koeln", 0), ("bonn", 21)), (15, 380, 440, 500, 1000)), 5102),
    *both_ways(Line("EN", 40347, (("muenchen", 0), ("salzburg", 95), ("wien", 250)), (1180,)), 40346),
    *both_ways(Line("ICE", 9553, (("paris-est", 0), ("strasbourg", 110), ("frankfurt", 230)), (540, 900)), 9554),  # the same trains as the SNCF feed's
)
# fmt: on


def write_gtfs_de(directory: Path, spec: SourceSpec, start: date, end: date) -> None:
    """gtfs.de: no train numbers (product and line in route_short_name), numeric stop ids with
    platform children, columns in their own order, calendar.txt and feed_info without dates."""

    def parent(place: Place) -> str:
        return str(600000 + list(PLACES).index(place.key))

    def add_stop(feed: Feed, place: Place, line: Line) -> None:
        feed.stops.setdefault(parent(place), {"stop_name": place.name, "parent_station": "", "stop_id": parent(place), "stop_lat": str(place.lat), "stop_lon": str(place.lon), "location_type": "1"})  # fmt: skip
        platform = f"{parent(place)}_1"
        feed.stops.setdefault(platform, {**feed.stops[parent(place)], "stop_id": platform, "parent_station": parent(place), "location_type": "0"})  # fmt: skip

    feed = _gtfs_feed(
        ("DB", "DB Fernverkehr AG", "https://www.bahn.de", "Europe/Berlin"),
        DE_LINES,
        lambda place, line: f"{parent(place)}_1",
        add_stop,
        lambda line: {"route_long_name": "", "route_short_name": f"{line.product} {line.number // 100 or line.number}"},
        lambda line, number: {},
        lambda line: "daily" if line.product != "RE" else "weekdays",
    )  # fmt: skip
    _write_gtfs(
        directory / spec.mirror_dir,
        feed,
        {
            "calendar.txt": _calendar(
                {"daily": ("1111111", start, end), "weekdays": ("1111100", start, end)}
            ),
            "calendar_dates.txt": _calendar_dates({"daily": [start + timedelta(days=3)]}, 2),
            "feed_info.txt": (
                ("feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_version"),
                [("DELFI e.V.", "https://gtfs.de", "de", spec.edition)],
            ),
        },
    )


# fmt: off
RENFE_LINES = (
    *both_ways(Line("AVE", 3061, (("madrid", 0), ("zaragoza", 80), ("barcelona", 160)), (360, 480, 600, 780, 960, 1140)), 3062),
    *both_ways(Line("AVLO", 6201, (("madrid", 0), ("barcelona", 170)), (405, 1005)), 6202),
    *both_ways(Line("ALVIA", 4161, (("madrid", 0), ("valencia", 115)), (540, 1020)), 4162),
    *both_ways(Line("MD", 15001, (("zaragoza", 0), ("barcelona", 260)), (420, 900)), 15002),
)
# fmt: on


def write_renfe(directory: Path, start: date, end: date) -> None:
    """Renfe: every field right-padded, hours without a leading zero, Adif station codes as
    stop ids, train number in trip_short_name."""

    def add_stop(feed: Feed, place: Place, line: Line) -> None:
        code = place.renfe or ""
        feed.stops.setdefault(code, {"stop_id": code, "stop_code": "", "stop_name": place.name.upper(), "stop_desc": "", "stop_lat": str(place.lat), "stop_lon": str(place.lon), "location_type": "0", "parent_station": "", "stop_timezone": place.tz})  # fmt: skip

    feed = _gtfs_feed(
        ("1071", "RENFE OPERADORA", "https://www.renfe.com", "Europe/Madrid"),
        RENFE_LINES,
        lambda place, line: place.renfe or "",
        add_stop,
        lambda line: {"route_short_name": line.product, "route_long_name": f"{PLACES[line.stops[0][0]].city}-{PLACES[line.stops[-1][0]].city}"},
        lambda line, number: {"trip_headsign": "", "trip_short_name": number},
        lambda line: "LD",
        time_text=lambda minutes: _hms(minutes, leading_zero=False),
    )  # fmt: skip
    _write_gtfs(
        directory / catalogue.GTFS_RENFE.mirror_dir,
        feed,
        {
            "calendar.txt": _calendar({"LD": ("1111110", start, end)}),
            "calendar_dates.txt": _calendar_dates({"LD": _days(start, end, "0000001")}),
        },
        pad=True,
    )


# -- the whole mirror ------------------------------------------------------------------------


def write_mirror(directory: Path, today: date | None = None) -> Path:
    """Write the synthetic mirror into `directory` (same layout as the real one) and return it.
    Current timetables are valid from a week before `today` to three months after it."""
    today = today or date.today()
    start, end = today - timedelta(days=7), today + timedelta(days=90)
    write_trainline(directory)
    write_db_stations(directory)
    write_airports(directory)
    write_ontd(directory)
    write_sncf_tgv(directory, start, end)
    write_sncf_intercites(directory)
    write_gtfs_de(directory, catalogue.GTFS_DE_2025, start, end)
    write_gtfs_de(directory, catalogue.GTFS_DE_2023, date(2023, 12, 10), date(2024, 12, 14))
    write_renfe(directory, start, end)
    (directory / "README.md").write_text(
        "# Synthetic open-data mirror\n\nGenerated by tests/support/synthetic.py for the fast "
        "test loop: made-up trains in the sources' own formats. Not real data.\n",
        encoding="utf-8",
    )
    (directory / MARKER).write_text("tests.support.synthetic\n", encoding="utf-8")
    _write_manifest(directory)
    return directory


def _write_manifest(directory: Path) -> None:
    lines = []
    for path in sorted(
        p for p in directory.rglob("*") if p.is_file() and p.name != "MANIFEST.sha256"
    ):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(directory).as_posix()}\n")
    (directory / "MANIFEST.sha256").write_text("".join(lines), encoding="utf-8")


def is_synthetic(directory: Path) -> bool:
    return (directory / MARKER).is_file()

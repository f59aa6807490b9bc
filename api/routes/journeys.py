"""Journeys between cities: every direct destination from a city (/destinations) and train or
plane between two cities (/comparison, /comparison/pairs). Method: api/journeys.py."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import Field

from api import journeys
from api.errors import ApiProblem, ErrorCode
from api.journey_schemas import Comparison, Destinations, WinningPairs
from api.params import TEXT_MAX, QueryModel, StationText, TrajetFilters, station_text
from api.queries import journeys as queries
from api.responses import COMMON_PROBLEMS, json_response, problems
from api.routing import declare
from api.schemas import DayNight
from api.snapshot import DataDep

router = APIRouter(tags=["voyages"])

City = Annotated[
    str,
    Field(
        alias="from",
        min_length=1,
        max_length=TEXT_MAX,
        description="Ville de départ, dans n'importe quelle langue (« Munich », « München », "
        "« Muenchen »), ou identifiant de gare.",
        examples=["München"],
    ),
]
DayNightOnly = Annotated[
    DayNight | None, Field(description="Trains de jour ou de nuit seulement.", examples=["night"])
]


class DestinationsQuery(QueryModel):
    city: City
    day_night: DayNightOnly = None


class ComparisonQuery(QueryModel):
    city: City
    to: Annotated[
        str,
        Field(
            min_length=1,
            max_length=TEXT_MAX,
            description="Ville d'arrivée, dans n'importe quelle langue.",
            examples=["Berlin"],
        ),
    ]
    day_night: DayNightOnly = None


class PairsQuery(QueryModel):
    day_night: DayNightOnly = None
    limit: Annotated[
        int, Field(ge=1, le=500, description="Nombre de relations.", examples=[50])
    ] = 100


COUNTED = (
    " Services comptés dans les statistiques des éditions courantes (un train = une ligne). "
    "Estimation avion et hypothèses : voir `method` et docs/api/train-ou-avion.md."
)


def _city_text(parameter: str, value: str) -> StationText:
    text = station_text(parameter, value)
    assert text is not None
    return text


def _train(row: dict[str, Any]) -> str | None:
    designation = " ".join(p for p in (row.get("brand"), row.get("train_number")) if p)
    return designation or row.get("train_name")


def _time(time: Any, zone: str | None, days: int | None = 0) -> dict[str, Any]:
    return {"time": f"{time:%H:%M}", "time_zone": zone or "", "days": int(days or 0)}


async def _city(snapshot: Any, text: StationText, parameter: str) -> dict[str, Any]:
    place = await queries.city_place(snapshot, text)
    if place is None:
        raise ApiProblem(
            ErrorCode.not_found, f"No station or city matches {parameter}={text.raw!r}."
        )
    return {"query": text.raw, **place}


def _place(row: dict[str, Any] | None, prefix: str = "") -> journeys.Place | None:
    if not row or row.get(f"{prefix}latitude") is None:
        return None
    return journeys.Place(row[f"{prefix}latitude"], row[f"{prefix}longitude"])


def _plane(
    origin: journeys.Place | None,
    destination: journeys.Place | None,
    airports: journeys.Airports,
    factors: journeys.Factors,
) -> journeys.PlaneTrip | None:
    if origin is None or destination is None:
        return None
    return journeys.plane_trip(origin, destination, airports, factors)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def figures(leg: dict[str, Any], factors: journeys.Factors) -> journeys.LegFigures:
    """The leg's distance and CO2 by the one rule of api.journeys.leg_figures."""
    return journeys.leg_figures(
        whole=leg["from_seq"] == leg["first_seq"] and leg["seq"] == leg["last_seq"],
        trajet_km=_float(leg["trajet_km"]),
        trajet_co2_kg=_float(leg["trajet_co2_kg"]),
        leg_route_km=_float(leg["leg_route_km"]),
        route_km=_float(leg["route_km"]),
        category=leg["rail_category"],
        factors=factors,
    )


def same_trains(legs: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The legs grouped as a traveller sees trains: one group per designation, operator,
    day/night, boarding and alighting stations, departure and arrival (services that differ
    only by their calendar or by where they run beyond the journey). In each group, the leg of
    the service with the most weekly departures first."""
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for leg in legs:
        key = (
            _train(leg),
            leg["operator_name"],
            leg["day_night"],
            leg["from_station"],
            leg["to_station"],
            leg["departure_local"],
            leg["arrival_local"],
            leg["arrival_days"],
        )
        grouped.setdefault(key, []).append(leg)
    return [
        sorted(rows, key=lambda r: (-float(r["weekly_departures"]), r["trajet_id"]))
        for rows in grouped.values()
    ]


def destination_groups(
    legs: list[dict[str, Any]],
    origin: journeys.Place | None,
    airports: journeys.Airports,
    factors: journeys.Factors,
) -> list[dict[str, Any]]:
    """One entry per destination city and day/night, from the legs that reach it."""
    grouped: dict[tuple[str, str | None, str], list[dict[str, Any]]] = {}
    for leg in legs:
        grouped.setdefault((leg["to_city"], leg["to_country"], leg["day_night"]), []).append(leg)
    planes: dict[str, journeys.PlaneTrip | None] = {}  # per station: by day and by night
    out = []
    for (city, country, day_night), rows in grouped.items():
        trains = same_trains(rows)
        fastest = min(
            (train[0] for train in trains),
            key=lambda r: (r["rail_min"], r["departure_local"], -float(r["weekly_departures"])),
        )
        fastest_figures = figures(fastest, factors)
        station_id = Counter(r["to_station"] for r in rows).most_common(1)[0][0]
        station = next(r for r in rows if r["to_station"] == station_id)
        earliest = min(rows, key=lambda r: r["departure_local"])
        latest = max(rows, key=lambda r: (r["arrival_days"], r["arrival_local"]))
        if station_id not in planes:
            planes[station_id] = _plane(origin, _place(station, "to_"), airports, factors)
        plane = planes[station_id]
        out.append(
            {
                "city": city,
                "country": country,
                "day_night": day_night,
                "station": {
                    "id": station_id,
                    "name": station["to_name"],
                    "latitude": station["to_latitude"],
                    "longitude": station["to_longitude"],
                },
                "trains": len(trains),
                "weekly_departures": round(sum(float(r["weekly_departures"]) for r in rows), 2),
                "fastest_min": int(fastest["rail_min"]),
                "fastest_trajet_id": fastest["trajet_id"],
                "earliest_departure": _time(earliest["departure_local"], earliest["from_tz"]),
                "latest_arrival": _time(
                    latest["arrival_local"], latest["to_tz"], latest["arrival_days"]
                ),
                "rail_km": fastest_figures.rail_km,
                "co2_train_kg": fastest_figures.co2_train_kg,
                "figures_basis": fastest_figures.basis,
                "co2_plane_kg": plane.co2_kg if plane else None,
                "plane": plane.as_json() if plane else None,
            }
        )
    return sorted(out, key=lambda d: (d["fastest_min"], d["city"]))


def _km(row: dict[str, Any]) -> float | None:
    return None if row.get("rail_km") is None else float(row["rail_km"])


@router.get(
    "/destinations",
    response_model=Destinations,
    summary="Depuis ma ville : toutes les destinations directes",
    description="Pour une ville donnée dans n'importe quelle langue, chaque ville atteinte sans "
    "changement (tout arrêt suivant d'un train qui part de la ville), de jour et de nuit : "
    "nombre de trains, départs par semaine, temps du plus rapide, premier départ et dernière "
    "arrivée (heure locale avec son fuseau), distance, CO2 du train et de l'avion." + COUNTED,
    responses={**COMMON_PROBLEMS, **problems(404)},
)
@declare(cacheable=True)
async def destinations(data: DataDep, params: Annotated[DestinationsQuery, Query()]) -> Response:
    origin_text = _city_text("from", params.city)
    filters = TrajetFilters(day_night=params.day_night)
    async with data.snapshot() as snapshot:
        origin = await _city(snapshot, origin_text, "from")
        legs = await queries.legs(snapshot, origin_text, None, filters)
        airports = await queries.served_airports(snapshot)
        factors = await queries.factors(snapshot)
    body = {
        "origin": origin,
        "destinations": destination_groups(legs, _place(origin), airports, factors),
        "method": journeys.METHOD,
    }
    return json_response(body, snapshot.data_version)


def train_option(
    train: list[dict[str, Any]], factors: journeys.Factors, plane: journeys.PlaneTrip | None
) -> dict[str, Any]:
    """One row of /comparison: a train as a traveller sees it (`same_trains`), its figures
    those of its service with the most weekly departures, its weekly departures those of all."""
    leg = train[0]
    leg_figures = figures(leg, factors)
    co2 = leg_figures.co2_train_kg
    verdict, saved = journeys.verdict(float(leg["rail_min"]), co2, plane)
    return {
        "trajet_id": leg["trajet_id"],
        "trajet_ids": [r["trajet_id"] for r in train],
        "train": _train(leg),
        "operator": leg["operator_name"],
        "day_night": leg["day_night"],
        "departure": _time(leg["departure_local"], leg["from_tz"]),
        "arrival": _time(leg["arrival_local"], leg["to_tz"], leg["arrival_days"]),
        "from_station": leg["from_name"],
        "to_station": leg["to_name"],
        "rail_min": int(leg["rail_min"]),
        "door_to_door_min": round(journeys.train_door_to_door_min(float(leg["rail_min"]))),
        "weekly_departures": round(sum(float(r["weekly_departures"]) for r in train), 2),
        "rail_km": leg_figures.rail_km,
        "co2_train_kg": co2,
        "figures_basis": leg_figures.basis,
        "verdict": verdict,
        "minutes_saved": None if saved is None else round(saved),
    }


@router.get(
    "/comparison",
    response_model=Comparison,
    summary="Train ou avion ? entre deux villes",
    description="Chaque train direct entre deux villes (toutes langues) comparé à l'avion porte "
    "à porte : temps ferroviaire, temps porte à porte estimé de l'avion (accès et sortie des "
    "aéroports, marges avant et après le vol, vol selon la distance), CO2 de chacun et "
    "verdict." + COUNTED,
    responses={**COMMON_PROBLEMS, **problems(404)},
)
@declare(cacheable=True)
async def comparison(data: DataDep, params: Annotated[ComparisonQuery, Query()]) -> Response:
    origin_text, destination_text = _city_text("from", params.city), _city_text("to", params.to)
    day_night = params.day_night
    async with data.snapshot() as snapshot:
        origin = await _city(snapshot, origin_text, "from")
        destination = await _city(snapshot, destination_text, "to")
        legs = await queries.legs(
            snapshot, origin_text, destination_text, TrajetFilters(day_night=day_night)
        )
        airports = await queries.served_airports(snapshot)
        factors = await queries.factors(snapshot)
    plane = _plane(_place(origin), _place(destination), airports, factors)
    trains = sorted(
        (train_option(train, factors, plane) for train in same_trains(legs)),
        key=lambda o: (o["rail_min"], o["departure"]["time"]),
    )
    body = {
        "origin": origin,
        "destination": destination,
        "trains": trains,
        "fastest": trains[0] if trains else None,
        "plane": plane.as_json() if plane else None,
        "method": journeys.METHOD,
    }
    return json_response(body, snapshot.data_version)


@router.get(
    "/comparison/pairs",
    response_model=WinningPairs,
    summary="Relations où le train bat l'avion en temps et en CO2",
    description="Les relations directes de bout en bout (ville d'origine → ville terminus d'un "
    "train) où le train le plus rapide est à la fois plus rapide porte à porte que l'avion "
    "estimé et moins émetteur ; les plus longues d'abord (distance entre aéroports)." + COUNTED,
    responses=COMMON_PROBLEMS,
)
@declare(cacheable=True)
async def winning_pairs(data: DataDep, params: Annotated[PairsQuery, Query()]) -> Response:
    day_night, limit = params.day_night, params.limit
    async with data.snapshot() as snapshot:
        relations = await queries.fastest_by_relation(snapshot, TrajetFilters(day_night=day_night))
        airports = await queries.served_airports(snapshot)
        factors = await queries.factors(snapshot)
    pairs = []
    for row in relations:
        plane = _plane(_place(row, "origin_"), _place(row, "destination_"), airports, factors)
        co2 = factors.train_kg(row["rail_category"], _km(row))
        if row["co2_train_kg"] is not None:
            co2 = float(row["co2_train_kg"])
        verdict, saved = journeys.verdict(float(row["rail_min"]), co2, plane)
        if verdict != "train_faster_and_lower_carbon" or plane is None or saved is None:
            continue
        pairs.append(
            {
                "origin": row["origin_city"],
                "origin_country": row["origin_country"],
                "destination": row["destination_city"],
                "destination_country": row["destination_country"],
                "day_night": row["day_night"],
                "trajet_id": row["trajet_id"],
                "train": _train(row),
                "rail_min": int(row["rail_min"]),
                "train_door_to_door_min": round(journeys.train_door_to_door_min(row["rail_min"])),
                "plane_door_to_door_min": round(plane.door_to_door_min),
                "minutes_saved": round(saved),
                "co2_train_kg": co2,
                "co2_plane_kg": plane.co2_kg,
                "plane_km": round(plane.distance_km, 1),
            }
        )
    pairs.sort(key=lambda p: (-p["plane_km"], p["origin"], p["destination"]))
    body = {"pairs": pairs[:limit], "total": len(pairs), "method": journeys.METHOD}
    return json_response(body, snapshot.data_version)

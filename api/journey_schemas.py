"""OpenAPI shapes of /destinations and /comparison (documentation: handlers send bytes)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from api.schemas import DayNight, Model

FiguresBasis = Literal["trajet", "prorated", "calls"]
FIGURES_BASIS = (
    "D'où viennent la distance et le CO2 du train : `trajet`, le voyage est tout "
    "le trajet (premier arrêt au dernier), ses chiffres sont ceux de /trajets/{id} ; "
    "`prorated`, une partie du trajet, ses chiffres au prorata de la distance le long des "
    "arrêts ; `calls`, trajet sans distance, somme des lignes droites entre arrêts × facteur "
    "de la catégorie ; null si un arrêt n'a pas de position."
)


class CityRef(Model):
    query: str | None = Field(default=None, description="Le texte demandé.")
    city: str | None = Field(description="La ville reconnue (toutes langues, sans accents).")
    country: str | None
    latitude: float | None
    longitude: float | None


class LocalTime(Model):
    time: str = Field(description="HH:MM, heure locale de la gare.")
    time_zone: str = Field(description="Fuseau horaire IANA de la gare (Europe/Berlin...).")
    days: int = Field(default=0, description="Jours après le départ (1 : le lendemain).")


class AirportBrief(Model):
    iata: str
    name: str | None


class PlaneEstimate(Model):
    origin_airport: AirportBrief
    destination_airport: AirportBrief
    distance_km: float = Field(description="Distance orthodromique entre les aéroports.")
    access_min: int = Field(description="De la ville à l'aéroport de départ.")
    airport_before_min: int = Field(description="À l'aéroport avant le décollage.")
    flight_min: int = Field(description="Vol porte à porte (roulage compris).")
    airport_after_min: int = Field(description="À l'aéroport après l'atterrissage.")
    egress_min: int = Field(description="De l'aéroport d'arrivée à la ville.")
    door_to_door_min: int
    co2_kg: float | None = Field(description="kg CO2e par passager (traînées comprises).")


class StationPoint(Model):
    id: str
    name: str
    latitude: float | None
    longitude: float | None


class Destination(Model):
    city: str
    country: str | None
    day_night: DayNight
    station: StationPoint = Field(
        description="La gare de la ville la plus desservie depuis l'origine."
    )
    trains: int = Field(
        description="Trains directs comme le voyageur les voit : les services de même train, "
        "mêmes gares et mêmes horaires (calendriers ou terminus différents) comptent pour un."
    )
    weekly_departures: float
    fastest_min: int = Field(description="Temps de trajet du plus rapide (minutes).")
    fastest_trajet_id: str = Field(
        description="Le service du plus rapide (celui qui a le plus de départs par semaine "
        "parmi ses services de mêmes horaires) : sa distance et son CO2 sont ceux donnés ici."
    )
    earliest_departure: LocalTime
    latest_arrival: LocalTime
    rail_km: float | None = Field(description="Distance ferroviaire du plus rapide.")
    co2_train_kg: float | None = Field(description="kg CO2e par passager, le plus rapide.")
    figures_basis: FiguresBasis | None = Field(description=FIGURES_BASIS)
    co2_plane_kg: float | None
    plane: PlaneEstimate | None


class Destinations(Model):
    origin: CityRef
    destinations: list[Destination]
    method: dict[str, Any] = Field(description="Hypothèses et sources de l'estimation avion.")


class TrainOption(Model):
    trajet_id: str = Field(
        description="Le service de ce train qui a le plus de départs par semaine."
    )
    trajet_ids: list[str] = Field(
        description="Tous les services regroupés dans cette ligne : même train, mêmes gares, "
        "mêmes horaires, calendriers ou terminus différents (le plus fréquent d'abord)."
    )
    train: str | None = Field(description="Marque et numéro ou nom du train.")
    operator: str | None
    day_night: DayNight
    departure: LocalTime
    arrival: LocalTime
    from_station: str
    to_station: str
    rail_min: int
    door_to_door_min: int = Field(description="Trajet + temps en gare avant et après.")
    weekly_departures: float = Field(description="Somme sur les services regroupés.")
    rail_km: float | None
    co2_train_kg: float | None = Field(description="kg CO2e par passager.")
    figures_basis: FiguresBasis | None = Field(description=FIGURES_BASIS)
    verdict: str = Field(
        description="train_faster_and_lower_carbon, plane_faster_train_lower_carbon, "
        "train_faster_plane_lower_carbon, plane_faster_and_lower_carbon ou no_flight."
    )
    minutes_saved: int | None = Field(
        description="Minutes porte à porte gagnées par le train (négatif : perdues)."
    )


class Comparison(Model):
    origin: CityRef
    destination: CityRef
    trains: list[TrainOption] = Field(
        description="Chaque train direct (services de même train et mêmes horaires regroupés), "
        "le plus rapide d'abord."
    )
    fastest: TrainOption | None
    plane: PlaneEstimate | None
    method: dict[str, Any]


class WinningPair(Model):
    origin: str
    origin_country: str | None
    destination: str
    destination_country: str | None
    day_night: DayNight
    trajet_id: str
    train: str | None
    rail_min: int
    train_door_to_door_min: int
    plane_door_to_door_min: int
    minutes_saved: int
    co2_train_kg: float | None
    co2_plane_kg: float | None
    plane_km: float = Field(description="Distance orthodromique entre les aéroports.")


class WinningPairs(Model):
    pairs: list[WinningPair]
    total: int
    method: dict[str, Any]

"""Query parameters and answers of the modal-shift endpoints (OpenAPI documents them)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from warehouse.harmonise.text import normalise

TEXT_MAX = 100
Sort = Literal[
    "rail_share",
    "-rail_share",
    "rail_time",
    "-rail_time",
    "distance",
    "-distance",
    "weekly_departures",
    "-weekly_departures",
]


def _searchable(value: str) -> str:
    if not normalise(value):
        raise PydanticCustomError("searchable_text", "must contain at least one letter or digit")
    return value


class PairQuery(BaseModel):
    """Two places, in either order (a city, or a station's name where its city is unknown)."""

    model_config = ConfigDict(extra="forbid")

    origin: str = Field(
        min_length=1, max_length=TEXT_MAX, description="Ville de départ.", examples=["Paris"]
    )
    destination: str = Field(
        min_length=1, max_length=TEXT_MAX, description="Ville d'arrivée.", examples=["Lyon"]
    )

    _origin_searchable = field_validator("origin", "destination")(_searchable)


class PairsQuery(BaseModel):
    """Filters, sort and page of the list of pairs."""

    model_config = ConfigDict(extra="forbid")

    country: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z]{2}$",
        description="Pays (code ISO à deux lettres) d'une des deux villes.",
        examples=["FR"],
    )
    place: str | None = Field(
        default=None,
        min_length=1,
        max_length=TEXT_MAX,
        description="Une des deux villes de la paire.",
        examples=["Lyon"],
    )
    min_share: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Part ferroviaire attendue minimale (0 à 1).",
        examples=[0.5],
    )
    include_extrapolated: bool = Field(
        default=False,
        description="Inclure les paires dont le temps de train sort de la plage des données "
        "d'entraînement ou qu'aucun train de jour ne relie (prédiction extrapolée).",
        examples=[False],
    )
    sort: Sort = Field(
        default="-rail_share",
        description="Tri (préfixe « - » : décroissant).",
        examples=["-rail_share"],
    )
    limit: int = Field(
        default=100, ge=1, le=1000, description="Nombre de paires par page.", examples=[100]
    )
    offset: int = Field(
        default=0, ge=0, le=100_000, description="Paires sautées (pagination).", examples=[0]
    )

    _place_searchable = field_validator("place")(
        lambda value: _searchable(value) if value is not None else None
    )


class ModelInfo(BaseModel):
    name: str = Field(description="Nom du modèle.")
    version: int = Field(description="Version active servie.")
    artefact_sha256: str = Field(description="Empreinte SHA-256 de l'artefact.")
    trained_on_data_version: str | None = Field(
        description="Version des données publiées sur laquelle le modèle a été entraîné."
    )
    data_version: str | None = Field(description="Version des données publiées lues.")
    interval_level: float = Field(description="Niveau de l'intervalle (0,8 = 80 %).")
    cv_mae: float = Field(
        description="Erreur absolue moyenne en validation croisée (une paire laissée de côté)."
    )
    training_range_min: list[float] = Field(
        description="Plage des temps de train des données d'entraînement, en minutes."
    )


class PairFeatures(BaseModel):
    pair_id: str
    place_a: str
    country_a: str | None
    latitude_a: float
    longitude_a: float
    place_b: str
    country_b: str | None
    latitude_b: float
    longitude_b: float
    distance_km: float = Field(description="Distance à vol d'oiseau entre les deux villes.")
    rail_time_min: int = Field(
        description="Temps du train direct le plus rapide entre les deux villes, dans un sens ou "
        "dans l'autre (le modèle décrit le marché de la paire, deux sens confondus, comme les "
        "parts de marché publiées sur lesquelles il est ajusté), en minutes ; "
        "`fastest_trajet_id` est ce train. Dans un sens donné, le plus rapide peut être plus "
        "lent (/comparison)."
    )
    fastest_trajet_id: str
    fastest_day_night: Literal["day", "night"]
    weekly_departures: float = Field(description="Départs directs par semaine, deux sens.")
    trajets: int
    day_trajets: int
    night_trajets: int


class Prediction(BaseModel):
    rail_share: float = Field(
        description="Part du train attendue sur le marché train + avion (0 à 1) : le potentiel "
        "de report modal décrit par la courbe des marchés existants."
    )
    low: float = Field(description="Borne basse de l'intervalle.")
    high: float = Field(description="Borne haute de l'intervalle.")
    extrapolation: Literal["below_training_range", "above_training_range", "night_only"] | None = (
        Field(description="Pourquoi la prédiction est extrapolée (null : dans le domaine).")
    )


class PairPrediction(BaseModel):
    pair: PairFeatures
    prediction: Prediction


class PairAnswer(BaseModel):
    model: ModelInfo
    caveat: str
    pair: PairFeatures
    prediction: Prediction


class PairsAnswer(BaseModel):
    model: ModelInfo
    caveat: str
    total: int = Field(description="Paires correspondant aux filtres.")
    limit: int
    offset: int
    items: list[PairPrediction]

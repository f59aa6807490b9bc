"""Reference lists: stations autocomplete, operators, sources and licences, ETL runs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import Field

from api.params import TEXT_MAX, NoParams, QueryModel
from api.queries import reference
from api.responses import COMMON_PROBLEMS, json_response
from api.routing import declare
from api.schemas import CountryCoverage, EtlRun, Operator, Source, StationMatch
from api.snapshot import DataDep
from api.text import normalise

router = APIRouter(tags=["référentiels"])


class StationsQuery(QueryModel):
    q: Annotated[
        str | None,
        Field(max_length=TEXT_MAX, description="Début ou partie du nom.", examples=["vienn"]),
    ] = None
    limit: Annotated[
        int, Field(ge=1, le=50, description="Nombre maximal de gares.", examples=[5])
    ] = 10


class EtlRunsQuery(QueryModel):
    limit: Annotated[int, Field(ge=1, le=100, description="Nombre d'exécutions.", examples=[5])] = (
        20
    )


@router.get(
    "/stations",
    response_model=list[StationMatch],
    summary="Autocomplétion des gares",
    description="Gares dont un nom, dans n'importe quelle langue, correspond au texte (sans "
    "accents ni casse) : nom exact d'abord, puis début de nom, puis début de mot, puis sous-chaîne ; "
    "à rang égal, les gares les plus desservies. Sans `q` : les gares les plus desservies.",
    responses=COMMON_PROBLEMS,
)
@declare(cacheable=True)
async def stations(data: DataDep, params: Annotated[StationsQuery, Query()]) -> Response:
    normalized = normalise(params.q) if params.q else None
    async with data.snapshot() as snapshot:
        body = await reference.stations(snapshot, normalized, params.limit)
    return json_response(body, snapshot.data_version)


@router.get(
    "/operators",
    response_model=list[Operator],
    summary="Exploitants ferroviaires",
    description="Les exploitants harmonisés, avec leur nombre de trajets en vigueur.",
    responses=COMMON_PROBLEMS,
)
@declare(cacheable=True)
async def operators(data: DataDep, _: NoParams) -> Response:
    async with data.snapshot() as snapshot:
        body = await reference.operators(snapshot)
    return json_response(body, snapshot.data_version)


@router.get(
    "/sources",
    response_model=list[Source],
    summary="Sources de données, licences et attributions",
    description="Chaque édition de source chargée : éditeur, URL, licence, mention à reproduire, "
    "validité des horaires et son statut **au jour de la requête** (`validity_status` : "
    "current, expired, upcoming ou historical ; `expired_since` : premier jour sans horaires).",
    responses=COMMON_PROBLEMS,
)
@declare(cacheable=True)
async def sources(data: DataDep, _: NoParams) -> Response:
    async with data.snapshot() as snapshot:
        body = await reference.sources(snapshot)
    return json_response(body, snapshot.data_version)


@router.get(
    "/coverage",
    response_model=list[CountryCoverage],
    summary="Couverture des sources par pays, jour et nuit",
    description="Pour chaque pays européen doté d'un réseau ferré (et chaque pays atteint par un "
    "trajet) : les trains de jour et de nuit sont-ils couverts par les sources courantes "
    "(`covered`), en partie (`partial` : périmètre restreint ou trains transfrontaliers "
    "seulement) ou pas du tout (`none` : un chiffre y est inconnu, pas nul) ; quelles sources ; "
    "combien de services comptés.",
    responses=COMMON_PROBLEMS,
)
@declare(cacheable=True)
async def coverage(data: DataDep, _: NoParams) -> Response:
    async with data.snapshot() as snapshot:
        body = await reference.coverage(snapshot)
    return json_response(body, snapshot.data_version)


@router.get(
    "/etl/runs",
    response_model=list[EtlRun],
    tags=["exploitation"],
    summary="Dernières exécutions de l'ETL",
    description="Les exécutions les plus récentes d'abord, avec les lignes lues, chargées et "
    "rejetées par source.",
    responses=COMMON_PROBLEMS,
)
async def etl_runs(data: DataDep, params: Annotated[EtlRunsQuery, Query()]) -> Response:
    async with data.snapshot() as snapshot:
        body = await reference.etl_runs(snapshot, params.limit)
    return json_response(body)

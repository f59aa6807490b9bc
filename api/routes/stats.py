"""Statistics: volumes by group, summary, distributions, CO2, and the map's routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import Field

from api.params import FilterQuery, NoParams
from api.queries import stats
from api.responses import COMMON_PROBLEMS, json_response
from api.routing import declare
from api.schemas import Co2Stats, Distribution, GroupBy, MapRoutes, Metric, Summary, Volumes
from api.snapshot import DataDep

router = APIRouter(tags=["statistiques"])
COUNTED = (
    " On compte des **services** (un train = une ligne, quel que soit le nombre de variantes de "
    "calendrier de la source). Seuls les trajets comptés dans les statistiques "
    "(`counted_in_stats` : chaque train une fois, trajets invraisemblables exclus) entrent dans "
    "les calculs ; éditions courantes par défaut (filtre `source`)."
)


class VolumesQuery(FilterQuery):
    group_by: Annotated[
        GroupBy, Field(description="Critère de regroupement.", examples=["country"])
    ] = GroupBy.operator


class DistributionQuery(FilterQuery):
    metric: Annotated[Metric, Field(description="Grandeur mesurée.", examples=["distance"])] = (
        Metric.duration
    )


@router.get(
    "/stats/volumes",
    response_model=Volumes,
    summary="Volumes par exploitant, pays, marque, source ou catégorie",
    description="Nombre de trajets et de départs hebdomadaires par groupe, séparés jour/nuit, "
    "avec les mêmes filtres que /trajets. Par pays, chaque groupe dit aussi si les trains de "
    "jour et de nuit du pays sont couverts par les sources (`coverage`, voir /coverage)." + COUNTED,
    responses=COMMON_PROBLEMS,
)
@declare(cacheable=True)
async def volumes(data: DataDep, params: Annotated[VolumesQuery, Query()]) -> Response:
    body = await stats.volumes(data.database, params.group_by, params.filters())
    data.answered(body["data_version"])
    return json_response(body, data.version)


@router.get(
    "/stats/summary",
    response_model=Summary,
    summary="Chiffres clés des éditions courantes",
    description="Trajets, part de nuit, exploitants, pays, gares, départs hebdomadaires, validité "
    "des sources au jour de la requête (`timetables_status`, statut de chaque édition) et "
    "fraîcheur des données." + COUNTED,
    responses=COMMON_PROBLEMS,
)
@declare(cacheable=True)
async def summary(data: DataDep, _: NoParams) -> Response:
    async with data.snapshot() as snapshot:
        body = await stats.summary(snapshot)
    return json_response(body, snapshot.data_version)


@router.get(
    "/stats/distributions",
    response_model=Distribution,
    summary="Distribution des durées ou des distances",
    description="Histogramme jour/nuit : classes de 60 min (durée) ou de 100 km (distance), de 0 "
    "au maximum observé." + COUNTED,
    responses=COMMON_PROBLEMS,
)
@declare(cacheable=True)
async def distributions(data: DataDep, params: Annotated[DistributionQuery, Query()]) -> Response:
    filters = params.filters()
    async with data.snapshot() as snapshot:
        body = await stats.distribution(snapshot, params.metric, filters)
    return json_response(body, snapshot.data_version)


@router.get(
    "/stats/co2",
    response_model=Co2Stats,
    summary="CO2 moyen du train et de l'avion, jour et nuit",
    description="Moyennes par passager des trajets filtrés dont le CO2 en train et en avion "
    "est connu (`comparable`), combien n'en ont pas (`trajets` − `comparable`), et les "
    "facteurs d'émission utilisés avec leurs sources." + COUNTED,
    responses=COMMON_PROBLEMS,
)
@declare(cacheable=True)
async def co2(data: DataDep, params: Annotated[FilterQuery, Query()]) -> Response:
    filters = params.filters()
    async with data.snapshot() as snapshot:
        body = await stats.co2(snapshot, filters)
    return json_response(body, snapshot.data_version)


@router.get(
    "/map/routes",
    response_model=MapRoutes,
    tags=["carte"],
    summary="Relations origine-terminus pour la carte",
    description="Une ligne par origine, terminus et jour/nuit avec le nombre de trajets et de "
    "départs hebdomadaires, et les coordonnées des gares." + COUNTED,
    responses=COMMON_PROBLEMS,
)
@declare(cacheable=True)
async def map_routes(data: DataDep, params: Annotated[FilterQuery, Query()]) -> Response:
    filters = params.filters()
    async with data.snapshot() as snapshot:
        body = await stats.map_routes(snapshot, filters)
    return json_response(body, snapshot.data_version)

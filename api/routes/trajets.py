"""GET /trajets (filters, sort, pages, CSV) and GET /trajets/{trajet_id}."""

from __future__ import annotations

from math import ceil
from typing import Annotated
from urllib.parse import urlencode

import orjson
from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import Field

from api.errors import ApiProblem, ErrorCode, Rule, invalid_parameter
from api.negotiation import representation
from api.params import (
    IDENTIFIER,
    FilterQuery,
    Format,
    NoParams,
    SortKey,
    SortQuery,
    TrajetFilters,
)
from api.queries import trajets, validity
from api.responses import COMMON_PROBLEMS, csv_response, json_response, problems
from api.routing import declare
from api.schemas import TrajetDetail, TrajetPage
from api.services import Services, ServicesDep
from api.snapshot import DataAccess, DataDep

router = APIRouter(tags=["trajets"])

CSV_CONTENT = {
    "text/csv": {
        "schema": {"type": "string"},
        "example": "id,train_number,name,operator_id,...\n0648ad7d2501039e,NJ 40466,...\n",
    }
}


#: Deepest row a page may reach (page x page_size): a deeper page is refused (422 max_depth);
#: filter more, sort the other way, or export the CSV. Bounds the cost of an OFFSET.
MAX_DEPTH = 10_000


def check_depth(page: int, page_size: int) -> None:
    if page * page_size > MAX_DEPTH:
        raise invalid_parameter(
            "page",
            Rule.max_depth,
            f"pages reach at most the {MAX_DEPTH}th trajet (page {page} of {page_size} would "
            f"reach the {page * page_size}th); filter more, sort the other way or use format=csv",
        )


def page_links(request: Request, page: int, page_size: int, pages: int) -> dict[str, str | None]:
    """Relative links built from the canonical (sorted) query, whatever order the client used;
    none points deeper than MAX_DEPTH."""
    params = sorted(
        (k, v) for k, v in request.query_params.multi_items() if k not in ("page", "format")
    )

    def link(number: int) -> str:
        return f"{request.url.path}?{urlencode([*params, ('page', str(number))])}"

    last = max(min(pages, MAX_DEPTH // page_size), 1)
    return {
        "self": link(page),
        "first": link(1),
        "last": link(last),
        "next": link(page + 1) if page < last else None,
        "prev": link(min(page - 1, last)) if page > 1 else None,
    }


async def _csv(
    services: Services, data: DataAccess, filters: TrajetFilters, sort: tuple[SortKey, ...]
) -> Response:
    limit = services.settings.csv_max_rows
    async with data.snapshot() as snapshot:
        total = await snapshot.value(*trajets.count_sql(filters))
        if total > limit:
            raise invalid_parameter(
                "format",
                Rule.csv_max_rows,
                f"the export would hold {total} rows (limit {limit}); filter more",
            )
        body = await snapshot.copy_csv(*trajets.csv_sql(filters, sort))
    name = f"obrail-trajets-{snapshot.data_version or 'unpublished'}.csv"
    return csv_response(body, snapshot.data_version, name)


class TrajetsQuery(SortQuery, FilterQuery):
    page: Annotated[
        int,
        Field(
            ge=1,
            le=MAX_DEPTH,
            description="Numéro de page (à partir de 1). Une page ne va pas au-delà du "
            f"{MAX_DEPTH}e trajet (page × page_size ≤ {MAX_DEPTH}, sinon 422 `max_depth`) : "
            "filtrer davantage, inverser le tri ou exporter en CSV.",
            examples=[2],
        ),
    ] = 1
    page_size: Annotated[
        int, Field(ge=1, le=100, description="Trajets par page (1 à 100).", examples=[25])
    ] = 25
    output_format: Annotated[
        Format | None,
        Field(
            alias="format",
            description="json (défaut) ou csv ; sinon l'en-tête Accept décide.",
            examples=["csv"],
        ),
    ] = None


@router.get(
    "/trajets",
    response_model=TrajetPage,
    summary="Rechercher des trajets (services)",
    description="Trajets filtrés, triés et paginés, éditions courantes des sources par défaut. "
    "**Une ligne est un service** : un train (même source, exploitant, numéro ou nom, mêmes "
    "arrêts aux mêmes heures) avec tous ses jours de circulation (rythme hebdomadaire, période "
    "et exceptions ; `variant_count` voyages de la source regroupés). `timetables` dit si les "
    "horaires affichés sont encore valides aujourd'hui ou expirés. Un trajet signalé "
    "invraisemblable (`plausibility`) est listé mais exclu des statistiques. Le même résultat "
    "en CSV (toutes les lignes, sans pagination) avec `format=csv` ou `Accept: text/csv`.",
    responses={200: {"content": CSV_CONTENT}, **COMMON_PROBLEMS},
)
@declare(cacheable=True, csv=True)
async def list_trajets(
    request: Request,
    services: ServicesDep,
    data: DataDep,
    params: Annotated[TrajetsQuery, Query()],
) -> Response:
    filters, sort = params.filters(), params.sort_keys()
    page, page_size = params.page, params.page_size
    if representation(request.scope, csv=True) == "csv":
        return await _csv(services, data, filters, sort)
    check_depth(page, page_size)
    found = await trajets.page(data.database, filters, sort, page, page_size)
    data.answered(found.data_version)
    pages = ceil(found.total / page_size)
    body = {
        "items": orjson.Fragment(found.items_json),
        "total": found.total,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "links": page_links(request, page, page_size, pages),
        "timetables": validity.from_editions(orjson.loads(found.editions_json)),
        "data_version": found.data_version,
    }
    return json_response(body, found.data_version)


@router.get(
    "/trajets/{trajet_id}",
    response_model=TrajetDetail,
    summary="Détail d'un trajet (service)",
    description="Le service avec ses arrêts, son calendrier complet (chaque date de départ, "
    "rythme et exceptions, voyages regroupés), ses éventuels signalements de vraisemblance, le "
    "CO2 train/avion avec les sources des facteurs, et la source avec sa licence et son statut "
    "de validité du jour.",
    responses={**problems(404), **COMMON_PROBLEMS},
)
@declare(cacheable=True)
async def get_trajet(
    data: DataDep,
    trajet_id: Annotated[
        str,
        Path(
            max_length=100,
            pattern=IDENTIFIER,
            description="Identifiant du trajet (champ `id` de /trajets).",
            examples=["0648ad7d2501039e"],
        ),
    ],
    _: NoParams,
) -> Response:
    trajet, data_version = await trajets.detail(data.database, trajet_id)
    data.answered(data_version)
    if trajet is None:
        raise ApiProblem(
            ErrorCode.trajet_not_found, f"No trajet '{trajet_id}' in the published data."
        )
    return json_response(orjson.Fragment(trajet), data_version)

"""GET /quality/latest: the last validation of the published data (written by `obrail quality`)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.queries import quality
from api.responses import COMMON_PROBLEMS, json_response
from api.schemas import QualityLatest
from api.services import ServicesDep

router = APIRouter(tags=["exploitation"])


@router.get(
    "/quality/latest",
    response_model=QualityLatest,
    summary="Dernier contrôle qualité des données publiées",
    description="Le dernier passage de `obrail quality` et, par suite, le dernier résultat de "
    "chaque attente (sévérité, échecs, échantillon). `run` est null tant qu'aucun contrôle n'a "
    "été fait.",
    responses=COMMON_PROBLEMS,
)
async def latest(services: ServicesDep) -> Response:
    async with services.database.snapshot() as snapshot:
        body = await quality.latest(snapshot)
    return json_response(body)

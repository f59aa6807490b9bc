"""GET /quality/latest: the last validation of the published data (written by `obrail quality`)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.params import NoParams
from api.queries import quality
from api.responses import COMMON_PROBLEMS, json_response
from api.schemas import QualityLatest
from api.snapshot import DataDep

router = APIRouter(tags=["exploitation"])


@router.get(
    "/quality/latest",
    response_model=QualityLatest,
    summary="Dernier contrôle qualité des données publiées",
    description="La dernière validation des données publiées et, par suite, le résultat de "
    "chaque attente (sévérité, échecs, échantillon) : le dernier passage de `obrail quality` "
    "(`target` = published) ou, s'il n'y en a pas de plus récent, la porte de qualité de l'ETL "
    "qui a validé ces mêmes données avant de les publier (`target` = staging). `run` est null "
    "tant qu'aucune donnée n'a été publiée.",
    responses=COMMON_PROBLEMS,
)
async def latest(data: DataDep, _: NoParams) -> Response:
    async with data.snapshot() as snapshot:
        body = await quality.latest(snapshot)
    return json_response(body)

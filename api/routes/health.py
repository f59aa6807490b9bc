"""Health for people and probes: /health (details), /health/live, /health/ready."""

from __future__ import annotations

import asyncio
import time

from fastapi import APIRouter, Response

from api.errors import ApiProblem, DatabaseUnavailable, ErrorCode
from api.params import NoParams
from api.queries.health import freshness
from api.responses import json_response, problems
from api.routing import declare
from api.schemas import Health, Status
from api.services import ServicesDep

router = APIRouter(tags=["santé"])
OK = b'{"status":"ok"}'


@router.get(
    "/health",
    response_model=Health,
    summary="État de l'API, de la base et des données",
    description="Version, base joignable et sa latence, version des données publiées, date du "
    "dernier ETL réussi et validité des horaires au jour de la requête (`data.timetables` : "
    "expired quand les horaires servis ont expiré). Répond 503 (même corps, "
    "`status: unavailable`) si la base est injoignable.",
    responses={503: {"model": Health, "description": "Base de données injoignable."}},
)
@declare(rate_limited=False)
async def health(services: ServicesDep, _: NoParams) -> Response:
    started = time.perf_counter()
    try:
        async with services.database.snapshot() as snapshot:
            latency_ms = round((time.perf_counter() - started) * 1000, 2)
            data = await freshness(snapshot)
    except ApiProblem:
        body = {
            "status": "unavailable",
            "version": services.version,
            "database": {"reachable": False, "latency_ms": None},
            "data": {
                "version": None,
                "published_at": None,
                "last_etl_success_at": None,
                "timetables": None,
            },
        }
        return json_response(body, status=503)
    services.tracker.observe(snapshot.data_version)
    body = {
        "status": "ok",
        "version": services.version,
        "database": {"reachable": True, "latency_ms": latency_ms},
        "data": data,
    }
    return json_response(body)


@router.get(
    "/health/live",
    response_model=Status,
    summary="Vivacité (le processus répond)",
    description="Toujours 200 tant que le processus sert des requêtes ; ne touche pas la base.",
)
@declare(rate_limited=False)
async def live(_: NoParams) -> Response:
    return Response(OK, media_type="application/json")


@router.get(
    "/health/ready",
    response_model=Status,
    summary="Disponibilité (prêt à servir des données)",
    description="200 quand la base répond (à chaque appel, dans `OBRAIL_READY_TIMEOUT_S`) et "
    "qu'une version des données est publiée, sinon 503.",
    responses=problems(503),
)
@declare(rate_limited=False)
async def ready(services: ServicesDep, _: NoParams) -> Response:
    # Asked every time, never from the tracker's cache: a probe must see a lost database at once.
    timeout_s = services.settings.ready_timeout_s
    try:
        version = await asyncio.wait_for(services.database.data_version(), timeout_s)
    except TimeoutError as error:
        raise DatabaseUnavailable(f"no answer within {timeout_s:g} s") from error
    services.tracker.observe(version)
    if version is None:
        raise ApiProblem(ErrorCode.no_data_published, "The warehouse has no published data yet.")
    return Response(OK, media_type="application/json")

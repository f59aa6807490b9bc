"""GET /monitoring/alerts (Alertmanager's active alerts, for the portal) and GET /metrics."""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx
from fastapi import APIRouter, Response

from api.errors import ApiProblem
from api.metrics import CONTENT_TYPE
from api.params import NoParams
from api.queries.health import data_metrics
from api.responses import COMMON_PROBLEMS, json_response
from api.routing import declare
from api.schemas import Alerts
from api.services import Services, ServicesDep

router = APIRouter(tags=["exploitation"])
logger = logging.getLogger("obrail.api")
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
DATA_METRICS_MAX_AGE_S = 60.0


def _alert(raw: dict[str, Any]) -> dict[str, Any]:
    labels, annotations = raw.get("labels") or {}, raw.get("annotations") or {}
    return {
        "name": str(labels.get("alertname", "")),
        "severity": labels.get("severity"),
        "summary": annotations.get("summary"),
        "description": annotations.get("description"),
        "starts_at": raw.get("startsAt"),
        "runbook_url": annotations.get("runbook_url"),
    }


async def fetch_alerts(services: Services) -> dict[str, Any]:
    url = services.settings.alertmanager_url
    if not url or services.http is None:
        return {"available": False, "alerts": []}
    try:
        response = await services.http.get(
            url.rstrip("/") + "/api/v2/alerts",
            # The watchdog (severity "none") always fires by design: it is not an incident.
            params={
                "active": "true",
                "silenced": "false",
                "inhibited": "false",
                "filter": 'severity!="none"',
            },
        )
        response.raise_for_status()
        alerts = [_alert(item) for item in response.json()]
    except (httpx.HTTPError, ValueError, TypeError, AttributeError) as error:
        logger.warning("alertmanager unreachable", extra={"error": str(error)})
        return {"available": False, "alerts": []}
    alerts.sort(
        key=lambda a: (SEVERITY_ORDER.get(a["severity"] or "", 9), a["starts_at"] or "", a["name"])
    )
    return {"available": True, "alerts": alerts}


@router.get(
    "/monitoring/alerts",
    response_model=Alerts,
    summary="Alertes en cours (Alertmanager)",
    description="Les alertes actives, non silencées, d'Alertmanager (OBRAIL_ALERTMANAGER_URL), "
    'sauf la sentinelle (`severity="none"`, qui est toujours active). '
    "`available` est faux quand Alertmanager n'est pas configuré ou ne répond pas.",
    responses=COMMON_PROBLEMS,
)
async def alerts(services: ServicesDep, _: NoParams) -> Response:
    return json_response(await fetch_alerts(services))


async def refresh_data_metrics(services: Services) -> None:
    """Re-read the data gauges when the data version changed or they are a minute old."""
    data = services.metrics.data
    try:
        version = await services.tracker.current()
        if (
            data.values is not None
            and data.data_version == version
            and (time.monotonic() - data.read_at < DATA_METRICS_MAX_AGE_S)
        ):
            return
        async with services.database.snapshot() as snapshot:
            data.values = await data_metrics(snapshot)
            data.data_version = snapshot.data_version
            data.read_at = time.monotonic()
    except ApiProblem:
        return  # keep the last figures; the database errors are counted and /health says so


@router.get(
    "/metrics",
    summary="Métriques Prometheus",
    description="Format d'exposition texte de Prometheus (requêtes, latences, pool, données).",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE: {"schema": {"type": "string"}}}}},
)
@declare(rate_limited=False)
async def metrics(services: ServicesDep, _: NoParams) -> Response:
    await refresh_data_metrics(services)
    return Response(services.metrics.render(), media_type=CONTENT_TYPE)

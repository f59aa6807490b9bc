"""/models and /predictions/<model>: built from the models registered under the `obrail.models`
entry point group (ml.plugin), so adding a model adds its routes without code here.

Each prediction answer carries an ETag made of the data version and the served model version
(`"<api>.<data version>.<model>@<version>.<artefact>"`): a new publication or a promote/rollback
changes it. Answers are revalidated (`Cache-Control: no-cache`), never kept by the response
cache, which only follows the data version.
"""

import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from api.errors import ApiProblem, ErrorCode
from api.negotiation import etag_matches
from api.params import NoParams
from api.predictions.serving import ModelUnavailable
from api.responses import COMMON_PROBLEMS, json_response, problems
from api.schemas import ModelSummary
from api.services import Services
from ml.plugin import Endpoint, InputNotFound, ModelPlugin

PREDICTION_PROBLEMS = {**COMMON_PROBLEMS, **problems(404)}

MODELS = """
SELECT model_name, version, artefact_sha256, data_version, trained_at, active_since, metrics
FROM api.model_active
"""


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def build_router(plugins: dict[str, ModelPlugin]) -> APIRouter:
    router = APIRouter(tags=["modèles"])
    router.add_api_route(
        "/models",
        list_models,
        methods=["GET"],
        response_model=list[ModelSummary],
        summary="Modèles servis et version active",
        description="Chaque modèle enregistré, sa version servie (ou `null`), ses métriques de "
        "validation croisée, la version des données sur laquelle il a été entraîné et son "
        "avertissement d'usage.",
        responses=COMMON_PROBLEMS,
    )
    for plugin in plugins.values():
        for endpoint in plugin.endpoints:
            router.add_api_route(
                f"/predictions/{plugin.slug}{endpoint.path}",
                _route(plugin, endpoint),
                methods=["GET"],
                name=f"{plugin.name}.{endpoint.name}",
                response_model=endpoint.response_model,
                summary=endpoint.summary,
                description=endpoint.description,
                responses=PREDICTION_PROBLEMS,
            )
    return router


async def list_models(request: Request, _: NoParams) -> Response:
    services = _services(request)
    async with services.database.snapshot() as snapshot:
        rows = {row["model_name"]: row for row in await snapshot.all(MODELS)}
    body = []
    for plugin in services.serving.plugins.values():
        row = rows.get(plugin.name)
        body.append(
            {
                "name": plugin.name,
                "title": plugin.title,
                "description": plugin.description,
                "caveat": plugin.caveat,
                "endpoints": [f"/predictions/{plugin.slug}{e.path}" for e in plugin.endpoints],
                "active_version": row["version"] if row else None,
                "artefact_sha256": row["artefact_sha256"] if row else None,
                "trained_on_data_version": row["data_version"] if row else None,
                "trained_at": row["trained_at"].isoformat() if row else None,
                "active_since": row["active_since"].isoformat() if row else None,
                "metrics": row["metrics"] if row else None,
            }
        )
    return json_response(body, snapshot.data_version)


def _route(plugin: ModelPlugin, endpoint: Endpoint) -> Callable[..., Awaitable[Response]]:
    async def route(request: Request, params: Any) -> Response:
        return await _serve(_services(request), plugin, endpoint, params, request)

    route.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request
            ),
            inspect.Parameter(
                "params",
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                annotation=Annotated[endpoint.parameters, Query()],
            ),
        ]
    )
    route.__name__ = f"predict_{plugin.name}_{endpoint.name}"
    return route


async def _serve(
    services: Services, plugin: ModelPlugin, endpoint: Endpoint, params: Any, request: Request
) -> Response:
    metrics = services.metrics.predictions
    started = time.perf_counter()
    version = "none"
    outcome = "ok"
    try:
        async with services.database.snapshot() as snapshot:
            model = await services.serving.active(snapshot, plugin)
            version = str(model.version)
            etag = f'"{services.version}.{snapshot.data_version}.{model.label}.{model.sha256[:12]}"'
            headers = {"ETag": etag, "Cache-Control": "no-cache", "X-Model-Version": model.label}
            if etag_matches(request.headers.get("if-none-match", "").encode("latin-1"), etag):
                outcome = "not_modified"
                return Response(status_code=304, headers=headers)
            served = await endpoint.handler(snapshot, model, params)
        metrics.observe_inputs(plugin.name, served.inputs)
        response = json_response(served.body, snapshot.data_version)
        response.headers.update(headers)
        return response
    except ModelUnavailable:
        outcome = "unavailable"
        raise
    except InputNotFound as error:
        outcome = "not_found"
        raise ApiProblem(ErrorCode.prediction_input_not_found, str(error)) from error
    finally:
        metrics.requests.labels(plugin.name, version, endpoint.name, outcome).inc()
        metrics.duration.labels(plugin.name, endpoint.name).observe(time.perf_counter() - started)

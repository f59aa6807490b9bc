"""`create_app(settings)`: the FastAPI application, its middleware stack and error handlers.

Nothing connects at import: the database pool is opened by the lifespan. Middlewares, outermost
first: observability (request id, metrics, access log) -> security headers -> CORS -> guard (NUL
bytes, unknown parameters) -> rate limit and API keys -> ETag and response cache -> routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import lru_cache

from annotated_types import MaxLen
from fastapi import FastAPI, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import BaseRoute

from api.errors import (
    PROBLEM_CONTENT_TYPE,
    PYDANTIC_RULES,
    ApiProblem,
    ErrorCode,
    ParameterError,
    problem_body,
)
from api.middleware.caching import CachingMiddleware
from api.middleware.guard import GuardMiddleware
from api.middleware.observability import ObservabilityMiddleware
from api.middleware.rate_limit import RateLimitMiddleware
from api.middleware.security import SecurityHeadersMiddleware
from api.openapi import DESCRIPTION, TAGS, build_openapi
from api.routes import health, monitoring, quality, reference, stats, trajets
from api.services import Services
from api.settings import ApiSettings


def _problem_response(request: Request, problem: ApiProblem) -> Response:
    body = problem_body(
        problem.code,
        problem.detail,
        request.url.path,
        getattr(request.state, "request_id", None),
        problem.errors,
    )
    return Response(body, problem.status, problem.headers, media_type=PROBLEM_CONTENT_TYPE)


async def _on_problem(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiProblem)
    return _problem_response(request, error)


async def _on_validation(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    errors = [
        ParameterError(
            parameter=str(item["loc"][-1]) if item.get("loc") else "request",
            rule=PYDANTIC_RULES.get(item.get("type", ""), item.get("type", "invalid")),
            message=str(item.get("msg", "invalid value")),
        )
        for item in error.errors()
    ]
    detail = "; ".join(f"{e.parameter}: {e.message}" for e in errors)
    return _problem_response(request, ApiProblem(ErrorCode.validation_failed, detail, errors))


async def _on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code == 405:
        problem = ApiProblem(
            ErrorCode.method_not_allowed,
            f"{request.method} is not allowed here; this API only reads (GET).",
            headers=dict(error.headers or {}),
        )
    elif error.status_code == 404:
        problem = ApiProblem(ErrorCode.not_found, f"No resource at {request.url.path}.")
    else:
        problem = ApiProblem(ErrorCode.internal_error, str(error.detail))
    return _problem_response(request, problem)


#: Health first: probes are matched before anything else.
ROUTERS = (
    health.router,
    trajets.router,
    stats.router,
    reference.router,
    quality.router,
    monitoring.router,
)


def all_routes(app: FastAPI) -> list[BaseRoute]:
    """The app's routes: its own (docs, OpenAPI) and those of the route modules."""
    return list(app.router.routes)


def route_resolver(app: FastAPI) -> Callable[[str], str | None]:
    """path -> route template ('/trajets/abc' -> '/trajets/{trajet_id}'), memoised."""

    @lru_cache(maxsize=4096)
    def resolve(path: str) -> str | None:
        for route in all_routes(app):
            regex = getattr(route, "path_regex", None)
            if regex is not None and regex.match(path):
                return str(getattr(route, "path", path))
        return None

    return resolve


def query_parameters(dependant: Dependant) -> dict[str, int | None]:
    """Query parameters of a route and of its dependencies, with their declared max_length."""
    declared = {
        param.alias: next(
            (m.max_length for m in param.field_info.metadata if isinstance(m, MaxLen)), None
        )
        for param in dependant.query_params
    }
    for sub in dependant.dependencies:
        declared |= query_parameters(sub)
    return declared


def parameter_whitelist(app: FastAPI) -> Callable[[str], dict[str, int | None] | None]:
    """route template -> its query parameters (None: not an API route, e.g. /docs)."""
    declared: dict[str, dict[str, int | None]] = {}

    def lookup(route: str) -> dict[str, int | None] | None:
        if not declared:
            for item in all_routes(app):
                if isinstance(item, APIRoute):
                    declared[item.path] = query_parameters(item.dependant)
        return declared.get(route)

    return lookup


def create_app(settings: ApiSettings) -> FastAPI:
    services = Services.build(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await services.open()
        try:
            yield
        finally:
            await services.close()

    app = FastAPI(
        title="ObRail Observatory API",
        version=services.version,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        license_info={"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
    )
    app.state.services = services
    # The routers' routes join the app's own list: FastAPI's include_router wraps each router in
    # a lazily resolved layer that costs a tenth of a millisecond per request to match.
    for router in ROUTERS:
        app.router.routes.extend(router.routes)
    app.add_exception_handler(ApiProblem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    stack = [
        Middleware(
            ObservabilityMiddleware,
            metrics=services.metrics,
            resolve_route=route_resolver(app),
            access_log=settings.access_log,
        ),
        Middleware(SecurityHeadersMiddleware, hsts=settings.hsts),
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["X-API-Key", "X-Request-ID", "If-None-Match", "Accept"],
            expose_headers=["ETag", "X-Request-ID", "X-Data-Version", "Retry-After"],
            max_age=600,
        ),
        Middleware(GuardMiddleware, allowed_parameters=parameter_whitelist(app)),
        Middleware(RateLimitMiddleware, settings=settings, metrics=services.metrics),
        Middleware(
            CachingMiddleware,
            tracker=services.tracker,
            cache=services.cache,
            api_version=services.version,
            max_age_s=settings.cache_max_age_s,
        ),
    ]
    for middleware in reversed(stack):  # add_middleware puts each one outside the previous
        app.add_middleware(middleware.cls, *middleware.args, **middleware.kwargs)
    return app

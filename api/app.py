"""`create_app(settings)`: the FastAPI application, its middleware stack and error handlers.

Nothing connects at import: the database pool is opened by the lifespan. Middlewares, outermost
first: observability (request id, metrics, access log) -> security headers -> CORS -> trailing
slash redirect (relative) -> guard (NUL bytes, unknown parameters) -> rate limit and API keys ->
ETag and response cache -> routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from api.docs_pages import install_docs
from api.handlers import install_handlers
from api.middleware.caching import CachingMiddleware
from api.middleware.guard import GuardMiddleware
from api.middleware.observability import ObservabilityMiddleware
from api.middleware.rate_limit import RateLimitMiddleware
from api.middleware.security import SecurityHeadersMiddleware
from api.middleware.slashes import TrailingSlashMiddleware
from api.openapi import DESCRIPTION, TAGS, build_openapi
from api.routes import (
    health,
    journeys,
    monitoring,
    predictions,
    quality,
    reference,
    stats,
    trajets,
)
from api.routing import behaviours, route_resolver
from api.services import Services
from api.settings import ApiSettings
from ml.plugin import ModelPlugin, discover

#: Health first: probes are matched before anything else.
ROUTERS = (
    health.router,
    trajets.router,
    stats.router,
    journeys.router,
    reference.router,
    quality.router,
    monitoring.router,
)


def create_app(settings: ApiSettings, plugins: dict[str, ModelPlugin] | None = None) -> FastAPI:
    """The app; `plugins`: the models to serve (default: those registered as entry points)."""
    models = discover() if plugins is None else plugins
    services = Services.build(settings, models)

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
        docs_url=None,  # served from local assets by install_docs
        redoc_url=None,
    )
    app.state.services = services
    app.router.redirect_slashes = False  # TrailingSlashMiddleware redirects, relatively
    # The routers' routes join the app's own list: FastAPI's include_router wraps each router in
    # a lazily resolved layer that costs a tenth of a millisecond per request to match.
    for router in (*ROUTERS, predictions.build_router(models)):
        app.router.routes.extend(router.routes)
    install_docs(app)
    install_handlers(app)
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    behaviour = behaviours(app)
    stack = [
        Middleware(
            ObservabilityMiddleware,
            metrics=services.metrics,
            resolve_route=route_resolver(app),
            access_log=settings.access_log,
        ),
        Middleware(SecurityHeadersMiddleware, hsts=settings.hsts, behaviour=behaviour),
        Middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["X-API-Key", "X-Request-ID", "If-None-Match", "Accept"],
            expose_headers=["ETag", "X-Request-ID", "X-Data-Version", "Retry-After"],
            max_age=600,
        ),
        Middleware(TrailingSlashMiddleware, resolve_route=route_resolver(app)),
        Middleware(GuardMiddleware),
        Middleware(
            RateLimitMiddleware, settings=settings, metrics=services.metrics, behaviour=behaviour
        ),
        Middleware(
            CachingMiddleware,
            behaviour=behaviour,
            tracker=services.tracker,
            cache=services.cache,
            api_version=services.version,
            max_age_s=settings.cache_max_age_s,
        ),
    ]
    for middleware in reversed(stack):  # add_middleware puts each one outside the previous
        app.add_middleware(middleware.cls, *middleware.args, **middleware.kwargs)
    return app

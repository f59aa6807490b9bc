"""What the API needs at run time, built once by `create_app` and opened by its lifespan."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Annotated

import httpx
from fastapi import Depends, Request

from api.cache import DataVersionTracker, ResponseCache
from api.db import Database
from api.metrics import ApiMetrics
from api.predictions.serving import ModelServing
from api.settings import ApiSettings
from ml.plugin import ModelPlugin
from obrail import __version__


@dataclass
class Services:
    settings: ApiSettings
    version: str
    metrics: ApiMetrics
    database: Database
    cache: ResponseCache
    tracker: DataVersionTracker
    serving: ModelServing
    http: httpx.AsyncClient | None = field(default=None)
    warming: asyncio.Task[None] | None = field(default=None)

    @classmethod
    def build(cls, settings: ApiSettings, plugins: dict[str, ModelPlugin]) -> Services:
        metrics = ApiMetrics(__version__)
        database = Database(settings, metrics.count_db_error)
        cache = ResponseCache(settings.cache_max_bytes)
        tracker = DataVersionTracker(
            database.data_version, settings.data_version_check_s, lambda _version: cache.clear()
        )
        metrics.watch_pool(database.pool_stats)
        serving = ModelServing(plugins, settings.model_dir, metrics.predictions)
        return cls(settings, __version__, metrics, database, cache, tracker, serving)

    async def open(self) -> None:
        await self.database.open()
        self.http = httpx.AsyncClient(timeout=self.settings.alertmanager_timeout_s)
        self.warming = asyncio.create_task(self.serving.warm(self.database))

    async def close(self) -> None:
        if self.warming is not None:
            self.warming.cancel()
            await asyncio.gather(self.warming, return_exceptions=True)
            self.warming = None
        if self.http is not None:
            await self.http.aclose()
            self.http = None
        await self.database.close()


async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]

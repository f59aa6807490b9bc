"""The routes' access to the published data, as a typed dependency (`DataDep`), and the data
version each answer was computed from, kept as a value for the cache middleware.

A route reading several statements opens one read-only snapshot (`async with data.snapshot()`,
one transaction, one data version) after FastAPI validated its parameters; a route answering
with one statement of its own (`data.database.fetch_one`, whose statement reads the data version
too) says the version it got with `data.answered(version)`. The cache middleware reads it with
`answered_version(scope)`: a value, never parsed back from a response header.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.types import Scope

from api.db import Database, Snapshot
from api.scope import request_state
from api.services import ServicesDep

_STATE_KEY = "data_access"


@dataclass
class DataAccess:
    database: Database
    version: str | None = None
    """The data version of the answer (None: nothing published, or not said yet)."""

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Snapshot]:
        async with self.database.snapshot() as snapshot:
            self.version = snapshot.data_version
            yield snapshot

    def answered(self, version: str | None) -> None:
        self.version = version


async def data_access(request: Request, services: ServicesDep) -> DataAccess:
    access = DataAccess(services.database)
    request_state(request.scope)[_STATE_KEY] = access
    return access


DataDep = Annotated[DataAccess, Depends(data_access)]


def answered_version(scope: Scope) -> str | None:
    """The data version the route's answer was computed from, if it read data."""
    access = request_state(scope).get(_STATE_KEY)
    return access.version if isinstance(access, DataAccess) else None

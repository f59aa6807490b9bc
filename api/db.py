"""The API's database access: one async psycopg pool on the read-only role, opened in the lifespan.

Every query runs in a read-only REPEATABLE READ transaction, so a response and the data version
it is tagged with come from the same snapshot. PostgreSQL errors become the API's own errors here:
a lost or refused connection is `DatabaseUnavailable` (HTTP 503), never a stack trace.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import orjson
import psycopg
from psycopg import AsyncConnection, IsolationLevel
from psycopg.rows import dict_row
from psycopg.types.json import set_json_loads
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from api.errors import DatabaseUnavailable, QueryTimeout
from api.settings import ApiSettings

Params = Mapping[str, Any]
Row = dict[str, Any]


@dataclass(frozen=True)
class Snapshot:
    """A connection inside a read-only transaction, and the data version that transaction sees."""

    connection: AsyncConnection[Row]
    data_version: str | None

    async def one(self, query: str, params: Params | None = None) -> Row | None:
        cursor = await self.connection.execute(query, params)
        return await cursor.fetchone()

    async def all(self, query: str, params: Params | None = None) -> list[Row]:
        cursor = await self.connection.execute(query, params)
        return await cursor.fetchall()

    async def value(self, query: str, params: Params | None = None) -> Any:
        row = await self.one(query, params)
        return None if row is None else next(iter(row.values()))

    async def copy_csv(self, query: str, params: Params | None = None) -> bytes:
        """`COPY (query) TO STDOUT` as CSV with a header line (PostgreSQL writes the CSV)."""
        chunks: list[bytes] = []
        cursor = self.connection.cursor()
        statement = f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER true)"
        async with cursor.copy(statement, params) as copy:
            async for chunk in copy:
                chunks.append(bytes(chunk))
        return b"".join(chunks)


ErrorCounter = Callable[[str], None]


class Database:
    """The pool and the error mapping. `open()`/`close()` are called by the app's lifespan."""

    def __init__(self, settings: ApiSettings, count_error: ErrorCounter) -> None:
        self._settings = settings
        self._count_error = count_error
        self._pool: AsyncConnectionPool[AsyncConnection[Row]] | None = None

    async def open(self) -> None:
        """Create the pool without waiting: the API starts (and says so on /health) even when the
        database is not there yet."""
        settings = self._settings
        kwargs: dict[str, Any] = {
            "connect_timeout": max(1, round(settings.db_timeout_s)),
            "application_name": "obrail-api",
            "options": (
                f"-c statement_timeout={settings.statement_timeout_ms} "
                "-c default_transaction_read_only=on -c timezone=UTC"
            ),
            "row_factory": dict_row,
        }
        self._pool = AsyncConnectionPool(
            settings.require_database_url(),
            kwargs=kwargs,
            min_size=settings.pool_min_size,
            max_size=settings.pool_max_size,
            timeout=settings.db_timeout_s,
            reconnect_timeout=settings.db_reconnect_timeout_s,
            configure=_configure_connection,
            check=AsyncConnectionPool.check_connection,
            open=False,
            name="obrail-api",
        )
        await self._pool.open(wait=False)

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    def pool_stats(self) -> dict[str, int]:
        """in_use, idle and max connections (for the obrail_db_pool_connections gauge)."""
        if self._pool is None:
            return {"in_use": 0, "idle": 0, "max": self._settings.pool_max_size}
        stats = self._pool.get_stats()
        size, idle = stats.get("pool_size", 0), stats.get("pool_available", 0)
        return {"in_use": max(0, size - idle), "idle": idle, "max": stats.get("pool_max", 0)}

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Snapshot]:
        """A read-only transaction and the data version it sees; errors mapped to API errors."""
        if self._pool is None:
            raise DatabaseUnavailable("the database pool is not open")
        try:
            async with self._pool.connection() as connection, connection.transaction():
                cursor = await connection.execute("SELECT data_version FROM api.publication")
                row = await cursor.fetchone()
                yield Snapshot(connection, row["data_version"] if row else None)
        except PoolTimeout as error:
            self._count_error("unavailable")
            raise DatabaseUnavailable("no database connection could be obtained in time") from error
        except psycopg.errors.QueryCanceled as error:
            self._count_error("timeout")
            raise QueryTimeout() from error
        except psycopg.OperationalError as error:
            self._count_error("unavailable")
            raise DatabaseUnavailable("the database connection failed") from error
        except psycopg.Error:
            self._count_error("query")
            raise

    async def data_version(self) -> str | None:
        """The published data version (one short transaction)."""
        async with self.snapshot() as snapshot:
            return snapshot.data_version


async def _configure_connection(connection: AsyncConnection[Row]) -> None:
    await connection.set_isolation_level(IsolationLevel.REPEATABLE_READ)
    await connection.set_read_only(True)
    set_json_loads(orjson.loads, connection)

"""The API's database access: one async psycopg pool on the read-only role, opened in the lifespan.

A response and the data version it is tagged with always come from the same snapshot: the hot
routes ask one statement (`fetch_one`, which reads the data version itself; a single statement
sees a single snapshot), the others a read-only REPEATABLE READ transaction (`snapshot`).
Statements are prepared on the server at their first use (`prepare_threshold=0`, up to
`PREPARED_MAX` per connection): a query shape is parsed once per connection, then planned for
the values of each request (`plan_cache_mode=force_custom_plan`: a generic plan guesses the
selectivity of a distance range or of a station's services, and guesses wrong by 10x).

PostgreSQL errors become the API's own errors here: a lost or refused connection is
`DatabaseUnavailable` (HTTP 503), never a stack trace. Connections are not checked before each
use (a round trip per request): a connection found broken by the first statement of a request
is discarded and the request retried once on another, as the check would have done.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import orjson
import psycopg
from psycopg import AsyncConnection, sql
from psycopg.rows import dict_row
from psycopg.types.json import set_json_loads
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from api.errors import DatabaseUnavailable, QueryTimeout
from api.settings import ApiSettings

Params = Mapping[str, Any]
Query = str | bytes | sql.SQL | sql.Composed
"""A statement: constant text, composed by psycopg.sql from whitelisted fragments, or such a
composition already rendered (bytes, api.queries.shapes)."""
Row = dict[str, Any]

#: Prepared statements kept per connection (one per query shape: filters present, sort keys).
PREPARED_MAX = 1000


@dataclass(frozen=True)
class Snapshot:
    """A connection inside a read-only transaction, and the data version that transaction sees."""

    connection: AsyncConnection[Row]
    data_version: str | None

    async def one(self, query: Query, params: Params | None = None) -> Row | None:
        cursor = await self.connection.execute(query, params)
        return await cursor.fetchone()

    async def all(self, query: Query, params: Params | None = None) -> list[Row]:
        cursor = await self.connection.execute(query, params)
        return await cursor.fetchall()

    async def value(self, query: Query, params: Params | None = None) -> Any:
        row = await self.one(query, params)
        return None if row is None else next(iter(row.values()))

    async def copy_csv(self, query: Query, params: Params | None = None) -> bytes:
        """`COPY (query) TO STDOUT` as CSV with a header line (PostgreSQL writes the CSV)."""
        chunks: list[bytes] = []
        cursor = self.connection.cursor()
        inner = sql.SQL(query) if isinstance(query, str) else query
        statement = sql.SQL("COPY ({}) TO STDOUT WITH (FORMAT csv, HEADER true)").format(inner)
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
                "-c default_transaction_read_only=on -c timezone=UTC -c jit=off "
                "-c plan_cache_mode=force_custom_plan"
            ),
            "row_factory": dict_row,
            "autocommit": True,
            "prepare_threshold": 0,
        }
        self._pool = AsyncConnectionPool(
            settings.require_database_url(),
            kwargs=kwargs,
            min_size=settings.pool_min_size,
            max_size=settings.pool_max_size,
            timeout=settings.db_timeout_s,
            reconnect_timeout=settings.db_reconnect_timeout_s,
            configure=_configure_connection,
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
    async def _errors(self) -> AsyncIterator[None]:
        """PostgreSQL errors as the API's errors, counted."""
        try:
            yield
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

    def _require_pool(self) -> AsyncConnectionPool[AsyncConnection[Row]]:
        if self._pool is None:
            raise DatabaseUnavailable("the database pool is not open")
        return self._pool

    async def fetch_one(self, query: Query, params: Params | None = None) -> Row:
        """The one row of one statement (autocommit: the statement is its own snapshot)."""
        pool = self._require_pool()
        async with self._errors():
            for attempt in (1, 2):
                async with pool.connection() as connection:
                    try:
                        cursor = await connection.execute(query, params)
                    except psycopg.OperationalError:
                        if attempt == 2 or not connection.broken:
                            raise
                        continue  # a connection lost since its last use: the pool drops it
                    row = await cursor.fetchone()
                    if row is None:
                        raise RuntimeError("the statement returned no row")
                    return row
        raise AssertionError("unreachable")

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Snapshot]:
        """A read-only transaction and the data version it sees; errors mapped to API errors."""
        pool = self._require_pool()
        async with self._errors():
            for attempt in (1, 2):
                async with pool.connection() as connection:
                    try:
                        await connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    except psycopg.OperationalError:
                        if attempt == 2 or not connection.broken:
                            raise
                        continue  # a connection lost since its last use: the pool drops it
                    try:
                        cursor = await connection.execute(
                            "SELECT data_version FROM api.data_version"
                        )
                        row = await cursor.fetchone()
                        yield Snapshot(connection, row["data_version"] if row else None)
                    finally:
                        if not connection.broken:
                            await connection.execute("ROLLBACK")
                    return

    async def data_version(self) -> str | None:
        """The published data version (one statement)."""
        row = await self.fetch_one("SELECT (SELECT data_version FROM api.data_version) AS version")
        version: str | None = row["version"]
        return version


async def _configure_connection(connection: AsyncConnection[Row]) -> None:
    connection.prepared_max = PREPARED_MAX
    set_json_loads(orjson.loads, connection)

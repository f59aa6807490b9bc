"""Staging: the run's own schema (`staging_run_<run id>`, the published tables' twins, without
foreign keys for fast copies), filled with the harmonised records.

The column list of each copy comes from one place, the table itself (as the migrations defined
it): every column takes the record's attribute (or mapping key) of the same name, or a value
computed here for the few columns the records do not carry (the source of the airports, of the
market shares). A column no record can fill fails the load at once, naming the column.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any

import psycopg
from psycopg import sql

from warehouse.features import build_features
from warehouse.harmonise.co2 import load_factors
from warehouse.harmonise.text import normalise
from warehouse.model import SourceSpec
from warehouse.pipeline import Harmonised
from warehouse.sources.catalogue import AIRPORT_SERVICE, ALL_SOURCES, MARKET_SHARES
from warehouse.sources.locate import LocatedSource
from warehouse.sources.market_shares import read_market_shares
from warehouse.tables import PUBLISHED_TABLES

log = logging.getLogger(__name__)

Getter = Callable[[Any], Any]

#: The airports reference's edition (the rows of core.airports come from it).
AIRPORTS_SOURCE_ID = "airports@20260905"


class StagingError(RuntimeError):
    """A published table has a column the records cannot fill (a schema and code out of step)."""


def fill_staging(connection: psycopg.Connection[Any], schema: str, h: Harmonised) -> None:
    """The run's staging schema, created and filled (in the caller's transaction)."""
    staging = sql.Identifier(schema)
    connection.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(staging))
    connection.execute(sql.SQL("CREATE SCHEMA {}").format(staging))
    for table in PUBLISHED_TABLES:
        connection.execute(
            sql.SQL(
                "CREATE TABLE {s}.{t} (LIKE core.{t} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
            ).format(s=staging, t=sql.Identifier(table))
        )
    connection.execute(sql.SQL("SET LOCAL search_path TO {}").format(staging))
    located = {s.spec.source_id: s for s in h.sources}
    copy_records(
        connection,
        schema,
        "sources",
        [_source(s, located.get(s.source_id), h) for s in ALL_SOURCES],
    )
    shares = read_market_shares()
    from_shares = {"source_id": lambda _record: MARKET_SHARES.source_id}
    copy_records(connection, schema, "market_share_publications", shares.publications, from_shares)
    copy_records(connection, schema, "market_shares", shares.observations, from_shares)
    copy_records(connection, schema, "co2_factors", [_factor(f.row) for f in load_factors()])
    copy_records(
        connection,
        schema,
        "airports",
        h.airports,
        {
            "source_id": lambda _airport: AIRPORTS_SOURCE_ID,
            "service_source_id": lambda a: (
                AIRPORT_SERVICE.source_id if a.scheduled_service else None
            ),
        },
    )
    copy_records(connection, schema, "operators", h.operators)
    copy_records(connection, schema, "stations", h.stations)
    copy_records(connection, schema, "station_names", _station_names(h))
    copy_records(connection, schema, "trajets", h.trajets)
    copy_records(connection, schema, "calls", h.calls)
    copy_records(connection, schema, "trajet_links", h.links)
    copy_records(connection, schema, "coverage", h.coverage)
    build_features(connection)


def drop_staging(connection: psycopg.Connection[Any], schema: str) -> None:
    """Best effort: a schema left behind (lost connection) is dropped by the next load."""
    if connection.closed:
        return
    try:
        connection.rollback()
        connection.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
        )
        connection.commit()
    except psycopg.Error as error:
        log.warning(
            "etl: staging schema not dropped", extra={"schema": schema, "error": str(error)}
        )


def table_columns(connection: psycopg.Connection[Any], schema: str, table: str) -> tuple[str, ...]:
    """The table's columns, in their order."""
    rows = connection.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
        " AND NOT attisdropped ORDER BY attnum",
        (sql.Identifier(schema, table).as_string(connection),),
    ).fetchall()
    return tuple(str(row[0]) for row in rows)


def copy_records(
    connection: psycopg.Connection[Any],
    schema: str,
    table: str,
    records: Iterable[Any],
    computed: Mapping[str, Getter] | None = None,
) -> None:
    """COPY `records` into `schema.table`: each column from the record's attribute or key of
    the same name, or from `computed`."""
    columns = table_columns(connection, schema, table)
    rows = iter(records)
    first = next(rows, None)
    if first is None:
        return
    getters = [_getter(first, table, column, computed or {}) for column in columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(schema, table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with connection.cursor().copy(statement) as copy:
        for record in chain([first], rows):
            copy.write_row([get(record) for get in getters])


def _getter(record: Any, table: str, column: str, computed: Mapping[str, Getter]) -> Getter:
    if column in computed:
        return computed[column]
    getter: Getter = itemgetter(column) if isinstance(record, Mapping) else attrgetter(column)
    try:
        getter(record)
    except (AttributeError, KeyError):
        raise StagingError(
            f"core.{table}.{column}: {type(record).__name__} has no {column!r} and no value is "
            "computed for it (warehouse/staging.py)"
        ) from None
    return getter


def _source(spec: SourceSpec, located: LocatedSource | None, h: Harmonised) -> dict[str, Any]:
    valid_from, valid_until = h.validity.get(spec.source_id, (None, None))
    return {
        "source_id": spec.source_id,
        "family": spec.family,
        "name": spec.name,
        "edition": spec.edition,
        "kind": spec.kind,
        "is_current": spec.is_current,
        "publisher": spec.publisher,
        "public_url": spec.public_url,
        "licence": spec.licence.code,
        "licence_url": spec.licence.url,
        "attribution": spec.licence.attribution,
        "share_alike": spec.licence.share_alike,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "file_checksums": json.dumps(located.checksums if located else {}),
        "retrieved_from": located.retrieved_from if located else "warehouse/reference",
        "notes": spec.notes,
    }


def _factor(row: Mapping[str, str]) -> dict[str, Any]:
    """A factor of the ADEME file, typed as core.co2_factors holds it."""
    return {
        **row,
        "includes_contrails": row["includes_contrails"] == "true",
        "min_distance_km": row["min_distance_km"] or None,
        "max_distance_km": row["max_distance_km"] or None,
    }


def _station_names(h: Harmonised) -> Iterable[dict[str, str]]:
    for station in h.stations:
        seen: set[tuple[str, str]] = set()
        for name, language in sorted(station.names):
            key = (normalise(name), language)
            if key[0] and key not in seen:
                seen.add(key)
                yield {
                    "station_id": station.station_id,
                    "name": name,
                    "language": language,
                    "normalized": key[0],
                }

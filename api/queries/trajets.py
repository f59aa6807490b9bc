"""Trajet queries on the read model (`api.service_rows`, `api.service_summaries`,
`api.service_details`, built at each publication): one statement per answer, which sees one
snapshot, so the page, its total, the validity of the editions and the data version agree.

PostgreSQL returns the JSON of the items as text; the route splices it into the body without
parsing it again. Only the validity status of a source edition, which depends on the day of the
request, is set in the stored documents at request time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import sql

from api.db import Database
from api.params import SORT_KEYS, SortKey, TrajetFilters
from api.queries.filters import Where, trajet_where
from api.queries.shapes import Statements
from api.queries.validity import editions_shape, editions_sql

HHMM = sql.Literal("HH24:MI")

#: CSV columns (flat, from the view api.trajets `v`): the same trajets, one line each.
CSV_COLUMNS = sql.SQL("""
    v.trajet_id AS id, v.train_number, v.name, v.operator_id, v.operator_name, v.brand,
    v.rail_category, v.day_night, v.runs_overnight,
    v.origin_station_id AS origin_id, v.origin_name, v.origin_city, v.origin_country,
    v.destination_station_id AS destination_id, v.destination_name, v.destination_city,
    v.destination_country,
    to_char(v.departure_local, {hhmm}) AS departure_local, v.departure_tz,
    to_char(v.arrival_local, {hhmm}) AS arrival_local, v.arrival_tz, v.arrival_day_offset,
    v.duration_min, v.distance_km, array_to_string(v.countries, ' ') AS countries,
    v.weekly_departures, v.weekdays, v.days_label, v.service_start, v.service_end,
    v.service_days, array_to_string(v.extra_dates, ' ') AS extra_dates,
    array_to_string(v.removed_dates, ' ') AS removed_dates, v.variant_count,
    v.co2_train_kg, v.co2_plane_kg,
    v.source_id, v.source_name, v.source_edition, v.licence, v.is_current,
    v.validity_status, v.source_valid_until, v.is_fragment, v.is_plausible,
    array_to_string(v.plausibility_flags, ' ') AS plausibility_flags, v.counted_in_stats""").format(
    hhmm=HHMM
)

#: The JSON of a service (text) with today's validity status of its source edition.
ITEM = sql.SQL("d.head || to_json(s.validity_status)::text || d.tail")

DATA_VERSION = sql.SQL("(SELECT data_version FROM api.data_version)")


def sort_column(key: str) -> sql.Identifier:
    """The read model's column of a public sort key (SORT_KEYS: 't.<column>')."""
    return sql.Identifier(*SORT_KEYS[key].split("."))


def order_by(sort: tuple[SortKey, ...]) -> sql.Composed:
    terms = [
        sql.SQL("{} DESC NULLS LAST" if key.descending else "{} ASC NULLS LAST").format(
            sort_column(key.key)
        )
        for key in sort
    ]
    return sql.SQL(", ").join([*terms, sql.SQL("t.trajet_id")])


def total_sql(where: Where) -> sql.Composed:
    """The number of services the conditions select: added up from the pre-aggregated counts
    when every condition is on an attribute they keep, else counted on the services."""
    if where.aggregable:
        return sql.SQL(
            "(SELECT coalesce(sum(t.trajets), 0) FROM api.service_counts t WHERE {})"
        ).format(where.sql)
    return sql.SQL("(SELECT count(*) FROM api.service_rows t WHERE {})").format(where.sql)


@dataclass(frozen=True)
class Page:
    total: int
    items_json: str
    editions_json: str
    data_version: str | None


def page_sql(
    filters: TrajetFilters, sort: tuple[SortKey, ...]
) -> tuple[sql.Composed, dict[str, Any]]:
    """One statement: the page, its total, the editions' validity and the data version.

    The total never costs a second pass over many services:
    * every filter on an attribute the pre-aggregated counts keep: the page is a top-N (along an
      index that follows the sort when one does, stopping early) and the total is added up from
      `api.service_counts`;
    * a filter on the stations served (q, origin, destination): few services, found on their
      indexes; the page is a top-N and the total a second count on the same indexes;
    * otherwise (ranges, departure window, service period, text brand): every match is read
      anyway; the page's own scan counts them (`count(*) OVER ()`).
    A first page shorter than a page is its own total."""
    where = trajet_where(filters)
    order = order_by(sort)
    sort_columns = sql.SQL(", ").join(
        sort_column(key) for key in sorted({key.key for key in sort}, key=SORT_KEYS.__getitem__)
    )
    if where.aggregable or where.by_station:
        counted = sql.SQL("")
        total = sql.SQL(
            """CASE WHEN %(offset)s = 0 AND (SELECT count(*) FROM page) < %(limit)s
                 THEN (SELECT count(*) FROM page) ELSE {} END"""
        ).format(total_sql(where))
    else:
        counted = sql.SQL(", count(*) OVER () AS total")
        total = sql.SQL("coalesce((SELECT max(total) FROM page), {})").format(total_sql(where))
    statement = sql.SQL("""
WITH page AS MATERIALIZED (
    SELECT t.trajet_id, t.source_id, {sort_columns}{counted}
    FROM api.service_rows t WHERE {where}
    ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s)
SELECT {data_version} AS data_version,
       {total} AS total,
       (SELECT '[' || coalesce(string_agg({item}, ',' ORDER BY {order}), '') || ']'
        FROM page t
        JOIN api.service_summaries d USING (trajet_id)
        JOIN api.sources s ON s.source_id = t.source_id) AS items,
       ({editions})::text AS editions""").format(
        sort_columns=sort_columns,
        counted=counted,
        where=where.sql,
        order=order,
        data_version=DATA_VERSION,
        total=total,
        item=ITEM,
        editions=editions_sql(filters.source, filters.sources),
    )
    return statement, where.params


PAGE_STATEMENTS = Statements()


def page_statement(
    filters: TrajetFilters, sort: tuple[SortKey, ...]
) -> tuple[bytes, dict[str, Any]]:
    """`page_sql`'s statement, composed once per shape (conditions, sort, editions)."""
    where = trajet_where(filters)
    key = (where.shape, sort, editions_shape(filters.source, filters.sources))
    return PAGE_STATEMENTS.text(key, lambda: page_sql(filters, sort)[0]), where.params


async def page(
    database: Database, filters: TrajetFilters, sort: tuple[SortKey, ...], page: int, size: int
) -> Page:
    """One page of services, the total that matches, and the validity of their editions."""
    statement, params = page_statement(filters, sort)
    row = await database.fetch_one(
        statement,
        {
            **params,
            "limit": size,
            "offset": (page - 1) * size,
            "source": filters.source,
            "sources": list(filters.sources),
        },
    )
    return Page(int(row["total"]), row["items"], row["editions"], row["data_version"])


def count_sql(filters: TrajetFilters) -> tuple[sql.Composed, dict[str, Any]]:
    where = trajet_where(filters)
    return sql.SQL("SELECT {} AS total").format(total_sql(where)), where.params


def csv_sql(
    filters: TrajetFilters, sort: tuple[SortKey, ...]
) -> tuple[sql.Composed, dict[str, Any]]:
    where = trajet_where(filters)
    return (
        sql.SQL(
            """SELECT {columns}
            FROM api.service_rows t JOIN api.trajets v USING (trajet_id)
            WHERE {where} ORDER BY {order}"""
        ).format(columns=CSV_COLUMNS, where=where.sql, order=order_by(sort)),
        where.params,
    )


#: The detail and the data version from one call (one snapshot). api.trajet_detail keeps a
#: generic plan per session: a key lookup, planned once instead of at each request.
DETAIL_SQL = sql.SQL("SELECT data_version, trajet FROM api.trajet_detail(%(trajet_id)s::text)")


async def detail(database: Database, trajet_id: str) -> tuple[str | None, str | None]:
    """(the detail as JSON text or None when unknown, the data version)."""
    row = await database.fetch_one(DETAIL_SQL, {"trajet_id": trajet_id})
    return row["trajet"], row["data_version"]

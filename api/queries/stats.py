"""Statistics on the read model: one row per service (`api.service_rows`), only those
`counted_in_stats` (each train once, plausible ones), current editions unless the `source` filter
says otherwise. Volumes add up the pre-aggregated cells (`api.volume_cells`) when every filter is
on an attribute the cells keep, and count the services otherwise."""

from __future__ import annotations

from typing import Any

import orjson
from psycopg import sql
from psycopg.sql import Composable

from api.db import Database, Snapshot
from api.params import TrajetFilters
from api.queries.filters import COUNTED, trajet_where
from api.queries.shapes import Statements
from api.queries.validity import timetables
from api.schemas import GroupBy, Metric

#: group_by -> (columns the grouping reads, FROM addition, key expression, label expression), on
#: the filtered rows `t`. Only those columns are materialised: the whole row (station arrays,
#: names) would make the rows of a wide filter spill to disk before they are added up.
GROUPINGS: dict[GroupBy, tuple[Composable, Composable, Composable, Composable]] = {
    GroupBy.operator: (
        sql.SQL("t.operator_id, t.operator_name"),
        sql.SQL(""),
        sql.SQL("t.operator_id"),
        sql.SQL("t.operator_name"),
    ),
    GroupBy.country: (
        sql.SQL("t.countries"),
        sql.SQL(" CROSS JOIN LATERAL unnest(t.countries) AS c(country)"),
        sql.SQL("c.country"),
        sql.SQL("c.country"),
    ),
    GroupBy.brand: (sql.SQL("t.brand"), sql.SQL(""), sql.SQL("t.brand"), sql.SQL("t.brand")),
    GroupBy.source: (
        sql.SQL("t.source_id, t.source_label"),
        sql.SQL(""),
        sql.SQL("t.source_id"),
        sql.SQL("t.source_label"),
    ),
    GroupBy.rail_category: (
        sql.SQL("t.rail_category"),
        sql.SQL(""),
        sql.SQL("t.rail_category"),
        sql.SQL("t.rail_category"),
    ),
}

#: Trajets (`n`) and weekly departures (`w`) by day/night, of rows holding n services each.
SPLIT = sql.SQL("""
    coalesce(sum(n) FILTER (WHERE day_night = 'day'), 0) AS trajets_day,
    coalesce(sum(n) FILTER (WHERE day_night = 'night'), 0) AS trajets_night,
    coalesce(sum(n), 0) AS trajets_total,
    coalesce(round(sum(w) FILTER (WHERE day_night = 'day'), 2), 0)::float8 AS weekly_day,
    coalesce(round(sum(w) FILTER (WHERE day_night = 'night'), 2), 0)::float8 AS weekly_night,
    coalesce(round(sum(w), 2), 0)::float8 AS weekly_total""")

_SPLIT_JSON = sql.SQL("""
    'trajets', json_build_object('day', {trajets_day}, 'night', {trajets_night},
                                 'total', {trajets_total}),
    'weekly_departures', json_build_object('day', {weekly_day}, 'night', {weekly_night},
                                           'total', {weekly_total})""")


def split_json(relation: str | None = None) -> sql.Composed:
    """The day/night split of SPLIT's columns as JSON pairs, of `relation` when given."""
    names = ("trajets_day", "trajets_night", "trajets_total", "weekly_day", "weekly_night")
    columns = {
        name: sql.Identifier(relation, name) if relation else sql.Identifier(name)
        for name in (*names, "weekly_total")
    }
    return _SPLIT_JSON.format(**columns)


COVERAGE_JSON = sql.SQL("""(SELECT json_object_agg(c.day_night, c.level ORDER BY c.day_night)
                    FROM api.coverage c WHERE c.country = g.key)""")


def volumes_sql(group_by: GroupBy, filters: TrajetFilters) -> tuple[sql.Composed, dict[str, Any]]:
    where = trajet_where(filters, counted_only=True)
    columns, join, key, label = GROUPINGS[group_by]
    if where.aggregable:  # cells hold counted services only
        rows = sql.SQL(
            """SELECT {}, t.day_night, t.trajets AS n, t.weekly_departures AS w
                   FROM api.volume_cells t WHERE {}"""
        ).format(columns, where.without(COUNTED))
    else:
        rows = sql.SQL(
            """SELECT {}, t.day_night, 1 AS n, t.weekly_departures AS w
                   FROM api.service_rows t WHERE {}"""
        ).format(columns, where.sql)
    if group_by is GroupBy.country and filters.countries:
        # By country with a country filter: the countries asked for, not every one crossed.
        join = join + sql.SQL(" WHERE c.country = ANY (%(countries)s::text[])")
    coverage = COVERAGE_JSON if group_by is GroupBy.country else sql.SQL("NULL")
    statement = sql.SQL("""
WITH t AS MATERIALIZED ({rows})
SELECT (SELECT data_version FROM api.data_version) AS data_version,
       (SELECT coalesce(json_agg(json_build_object('key', g.key, 'label', g.label,
                                                   {group_split},
                                                   'coverage', {coverage})
                                 ORDER BY g.trajets_total DESC, g.key NULLS LAST), '[]')
        FROM (SELECT key, label, {split}
              FROM (SELECT {key} AS key, {label} AS label, t.day_night, t.n, t.w
                    FROM t{join}) x
              GROUP BY key, label) g)::text AS groups,
       (SELECT json_build_object({total_split}) FROM (SELECT {split} FROM t) s)::text
           AS totals""").format(
        rows=rows,
        group_split=split_json("g"),
        coverage=coverage,
        split=SPLIT,
        key=key,
        label=label,
        join=join,
        total_split=split_json(),
    )
    return statement, where.params


VOLUMES_STATEMENTS = Statements()


def volumes_statement(group_by: GroupBy, filters: TrajetFilters) -> tuple[bytes, dict[str, Any]]:
    """`volumes_sql`'s statement, composed once per shape (conditions, grouping)."""
    where = trajet_where(filters, counted_only=True)
    key = (where.shape, group_by, bool(filters.countries))
    return (
        VOLUMES_STATEMENTS.text(key, lambda: volumes_sql(group_by, filters)[0]),
        where.params,
    )


async def volumes(database: Database, group_by: GroupBy, filters: TrajetFilters) -> dict[str, Any]:
    """The body of /stats/volumes, its groups and totals as JSON text (orjson fragments)."""
    statement, params = volumes_statement(group_by, filters)
    row = await database.fetch_one(statement, params)
    return {
        "group_by": group_by.value,
        "groups": orjson.Fragment(row["groups"]),
        "totals": orjson.Fragment(row["totals"]),
        "data_version": row["data_version"],
    }


SUMMARY_SQL = sql.SQL("""
WITH current AS (SELECT * FROM api.trajets t WHERE t.is_current AND t.counted_in_stats)
SELECT
    (SELECT count(*) FROM current) AS trajets,
    (SELECT count(*) FROM current WHERE day_night = 'day') AS trajets_day,
    (SELECT count(*) FROM current WHERE day_night = 'night') AS trajets_night,
    (SELECT count(DISTINCT operator_id) FROM current) AS operators,
    (SELECT count(DISTINCT c) FROM current, unnest(countries) AS c) AS countries,
    (SELECT count(*) FROM api.stations WHERE trajet_count > 0) AS stations,
    (SELECT coalesce(round(sum(weekly_departures), 2), 0) FROM current) AS weekly_departures,
    (SELECT coalesce(json_agg(json_build_object('source_id', source_id, 'name', name,
                 'valid_from', valid_from, 'valid_until', valid_until,
                 'status', validity_status, 'expired_since', expired_since)
                 ORDER BY source_id), '[]')
     FROM api.sources WHERE kind = 'timetable' AND is_current) AS validity,
    (SELECT published_at FROM api.publication) AS published_at,
    (SELECT max(finished_at) FROM api.etl_runs WHERE status = 'succeeded') AS last_etl_success_at
""")


async def summary(snapshot: Snapshot) -> dict[str, Any]:
    row = await snapshot.one(SUMMARY_SQL)
    assert row is not None
    trajets = int(row["trajets"])
    return {
        "trajets": trajets,
        "trajets_day": row["trajets_day"],
        "trajets_night": row["trajets_night"],
        "night_share": round(row["trajets_night"] / trajets, 4) if trajets else None,
        "operators": row["operators"],
        "countries": row["countries"],
        "stations": row["stations"],
        "weekly_departures": float(row["weekly_departures"]),
        "validity": row["validity"],
        "timetables_status": (await timetables(snapshot))["status"],
        "data_version": snapshot.data_version,
        "published_at": row["published_at"],
        "last_etl_success_at": row["last_etl_success_at"],
    }


#: metric -> (column, unit, bin width).
METRICS: dict[Metric, tuple[sql.Identifier, str, int]] = {
    Metric.duration: (sql.Identifier("t", "duration_min"), "min", 60),
    Metric.distance: (sql.Identifier("t", "distance_km"), "km", 100),
}


async def distribution(
    snapshot: Snapshot, metric: Metric, filters: TrajetFilters
) -> dict[str, Any]:
    where = trajet_where(filters, counted_only=True)
    column, unit, width = METRICS[metric]
    rows = await snapshot.all(
        sql.SQL("""WITH v AS (SELECT floor({column} / %(width)s)::int AS bin, t.day_night
                       FROM api.service_rows t WHERE {where} AND {column} IS NOT NULL)
            SELECT b AS bin,
                   count(v.bin) FILTER (WHERE v.day_night = 'day') AS day,
                   count(v.bin) FILTER (WHERE v.day_night = 'night') AS night
            FROM generate_series(0, coalesce((SELECT max(bin) FROM v), -1)) AS b
            LEFT JOIN v ON v.bin = b
            GROUP BY b ORDER BY b""").format(column=column, where=where.sql),
        {**where.params, "width": width},
    )
    bins = [
        {
            "lower": float(r["bin"] * width),
            "upper": float((r["bin"] + 1) * width),
            "day": r["day"],
            "night": r["night"],
        }
        for r in rows
    ]
    return {"metric": metric.value, "unit": unit, "bins": bins}


#: A trajet whose train and plane CO2 are both known: the averages compare the same trajets.
COMPARABLE = sql.SQL("t.co2_train_kg IS NOT NULL AND t.co2_plane_kg IS NOT NULL")


async def co2(snapshot: Snapshot, filters: TrajetFilters) -> dict[str, Any]:
    where = trajet_where(filters, counted_only=True)
    by_day_night = await snapshot.all(
        sql.SQL("""SELECT t.day_night, count(*) AS trajets,
                   count(t.co2_train_kg) AS with_train_co2,
                   count(t.co2_plane_kg) AS with_plane_co2,
                   count(*) FILTER (WHERE {comparable}) AS comparable,
                   round(avg(t.co2_train_kg) FILTER (WHERE {comparable}), 3)::float
                       AS avg_train_kg,
                   round(avg(t.co2_plane_kg) FILTER (WHERE {comparable}), 3)::float
                       AS avg_plane_kg,
                   round(avg(t.co2_plane_kg - t.co2_train_kg), 3)::float AS avg_saving_kg
            FROM api.service_rows t WHERE {where}
            GROUP BY t.day_night ORDER BY t.day_night""").format(
            comparable=COMPARABLE, where=where.sql
        ),
        where.params,
    )
    factors = await snapshot.all(
        """SELECT factor_id AS id, version, mode, category, label, kg_per_pkm::float AS kg_per_pkm,
                  includes_contrails, min_distance_km::float AS min_distance_km,
                  max_distance_km::float AS max_distance_km, source_name, source_url
           FROM api.co2_factors ORDER BY mode DESC, min_distance_km NULLS FIRST, factor_id"""
    )
    return {"by_day_night": by_day_night, "factors": factors}


async def map_routes(snapshot: Snapshot, filters: TrajetFilters) -> dict[str, Any]:
    where = trajet_where(filters, counted_only=True)
    routes = await snapshot.value(
        sql.SQL("""SELECT coalesce(json_agg(json_build_object(
                'origin', json_build_object('id', o.station_id, 'name', o.name,
                                            'latitude', o.latitude, 'longitude', o.longitude),
                'destination', json_build_object('id', d.station_id, 'name', d.name,
                                                 'latitude', d.latitude, 'longitude', d.longitude),
                'day_night', r.day_night, 'trajets', r.trajets,
                'weekly_departures', r.weekly_departures)
                ORDER BY r.trajets DESC, r.weekly_departures DESC, o.station_id, d.station_id,
                         r.day_night), '[]')
            FROM (SELECT t.origin_station_id, t.destination_station_id, t.day_night,
                         count(*) AS trajets, round(sum(t.weekly_departures), 2) AS weekly_departures
                  FROM api.service_rows t WHERE {}
                  GROUP BY 1, 2, 3) r
            JOIN api.stations o ON o.station_id = r.origin_station_id
            JOIN api.stations d ON d.station_id = r.destination_station_id""").format(where.sql),
        where.params,
    )
    return {"routes": routes}

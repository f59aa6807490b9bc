"""Statistics on `api.trajets`: one row per service, only those `counted_in_stats` (each train
once, plausible ones), current editions unless the `source` filter says otherwise."""

from __future__ import annotations

from typing import Any

from api.db import Snapshot
from api.params import TrajetFilters
from api.queries.filters import trajet_where
from api.queries.validity import timetables
from api.schemas import GroupBy, Metric

#: group_by -> (FROM addition, key expression, label expression).
GROUPINGS: dict[GroupBy, tuple[str, str, str]] = {
    GroupBy.operator: ("", "t.operator_id", "t.operator_name"),
    GroupBy.country: (
        " CROSS JOIN LATERAL unnest(t.countries) AS c(country)",
        "c.country",
        "c.country",
    ),
    GroupBy.brand: ("", "t.brand", "t.brand"),
    GroupBy.source: ("", "t.source_id", "t.source_name || ' (' || t.source_edition || ')'"),
    GroupBy.rail_category: ("", "t.rail_category", "t.rail_category"),
}

SPLIT = """
    count(*) FILTER (WHERE day_night = 'day') AS trajets_day,
    count(*) FILTER (WHERE day_night = 'night') AS trajets_night,
    count(*) AS trajets_total,
    coalesce(round(sum(weekly_departures) FILTER (WHERE day_night = 'day'), 2), 0) AS weekly_day,
    coalesce(round(sum(weekly_departures) FILTER (WHERE day_night = 'night'), 2), 0) AS weekly_night,
    coalesce(round(sum(weekly_departures), 2), 0) AS weekly_total"""


def _split(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "trajets": {
            "day": row["trajets_day"],
            "night": row["trajets_night"],
            "total": row["trajets_total"],
        },
        "weekly_departures": {
            "day": float(row["weekly_day"]),
            "night": float(row["weekly_night"]),
            "total": float(row["weekly_total"]),
        },
    }


async def volumes(snapshot: Snapshot, group_by: GroupBy, filters: TrajetFilters) -> dict[str, Any]:
    where = trajet_where(filters, counted_only=True)
    join, key, label = GROUPINGS[group_by]
    groups_where = where.sql
    if group_by is GroupBy.country and filters.countries:
        # By country with a country filter: the countries asked for, not every one crossed.
        groups_where += " AND c.country = ANY (%(countries)s::text[])"
    groups = await snapshot.all(
        f"""SELECT key, label, {SPLIT}
            FROM (SELECT {key} AS key, {label} AS label, t.day_night, t.weekly_departures
                  FROM api.trajets t{join} WHERE {groups_where}) g
            GROUP BY key, label
            ORDER BY trajets_total DESC, key NULLS LAST""",
        where.params,
    )
    totals = await snapshot.one(
        f"SELECT {SPLIT} FROM api.trajets t WHERE {where.sql}", where.params
    )
    assert totals is not None
    coverage = await _coverage(snapshot) if group_by is GroupBy.country else {}
    return {
        "group_by": group_by.value,
        "groups": [
            {
                "key": g["key"],
                "label": g["label"],
                **_split(g),
                "coverage": coverage.get(g["key"]) if group_by is GroupBy.country else None,
            }
            for g in groups
        ],
        "totals": _split(totals),
        "data_version": snapshot.data_version,
    }


async def _coverage(snapshot: Snapshot) -> dict[str, dict[str, str]]:
    """country -> {day: level, night: level}."""
    rows = await snapshot.all("SELECT country, day_night, level FROM api.coverage")
    out: dict[str, dict[str, str]] = {}
    for row in rows:
        out.setdefault(row["country"], {})[row["day_night"]] = row["level"]
    return out


SUMMARY_SQL = """
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
"""


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
METRICS: dict[Metric, tuple[str, str, int]] = {
    Metric.duration: ("t.duration_min", "min", 60),
    Metric.distance: ("t.distance_km", "km", 100),
}


async def distribution(
    snapshot: Snapshot, metric: Metric, filters: TrajetFilters
) -> dict[str, Any]:
    where = trajet_where(filters, counted_only=True)
    column, unit, width = METRICS[metric]
    rows = await snapshot.all(
        f"""WITH v AS (SELECT floor({column} / %(width)s)::int AS bin, t.day_night
                       FROM api.trajets t WHERE {where.sql} AND {column} IS NOT NULL)
            SELECT b AS bin,
                   count(v.bin) FILTER (WHERE v.day_night = 'day') AS day,
                   count(v.bin) FILTER (WHERE v.day_night = 'night') AS night
            FROM generate_series(0, coalesce((SELECT max(bin) FROM v), -1)) AS b
            LEFT JOIN v ON v.bin = b
            GROUP BY b ORDER BY b""",
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
COMPARABLE = "t.co2_train_kg IS NOT NULL AND t.co2_plane_kg IS NOT NULL"


async def co2(snapshot: Snapshot, filters: TrajetFilters) -> dict[str, Any]:
    where = trajet_where(filters, counted_only=True)
    by_day_night = await snapshot.all(
        f"""SELECT t.day_night, count(*) AS trajets,
                   count(t.co2_train_kg) AS with_train_co2,
                   count(t.co2_plane_kg) AS with_plane_co2,
                   count(*) FILTER (WHERE {COMPARABLE}) AS comparable,
                   round(avg(t.co2_train_kg) FILTER (WHERE {COMPARABLE}), 3)::float
                       AS avg_train_kg,
                   round(avg(t.co2_plane_kg) FILTER (WHERE {COMPARABLE}), 3)::float
                       AS avg_plane_kg,
                   round(avg(t.co2_plane_kg - t.co2_train_kg), 3)::float AS avg_saving_kg
            FROM api.trajets t WHERE {where.sql}
            GROUP BY t.day_night ORDER BY t.day_night""",
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
        f"""SELECT coalesce(json_agg(json_build_object(
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
                  FROM api.trajets t WHERE {where.sql}
                  GROUP BY 1, 2, 3) r
            JOIN api.stations o ON o.station_id = r.origin_station_id
            JOIN api.stations d ON d.station_id = r.destination_station_id""",
        where.params,
    )
    return {"routes": routes}

"""The API's queries as they were before the read model (issue 11): the oracle of the read model.

They read the `api` views directly (api.trajets, api.calls, api.station_names, ...); the read
model must answer every question exactly as they did. Copied verbatim from api/queries/
(filters.py, trajets.py, stats.volumes, validity.py) at commit 9a55dc9; only the database calls
are synchronous here (one REPEATABLE READ transaction per answer, as the API did).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil
from typing import Any

import psycopg
from psycopg.rows import dict_row

from api.params import SortKey, TrajetFilters
from api.schemas import GroupBy

# ---- api/queries/filters.py ----


def station_match_sql(prefix: str) -> str:
    """Station ids matching `%(<prefix>_raw)s` as an id, else `%(<prefix>_norm)s` by best tier."""
    return f"""
        SELECT station_id FROM api.stations WHERE station_id = %({prefix}_raw)s
        UNION ALL
        (WITH candidates AS (
             SELECT station_id,
                    CASE WHEN normalized = %({prefix}_norm)s THEN 1
                         WHEN normalized LIKE %({prefix}_starts)s THEN 2
                         ELSE 3 END AS tier
             FROM api.station_names
             WHERE normalized LIKE %({prefix}_contains)s)
         SELECT station_id FROM candidates
         WHERE tier = (SELECT min(tier) FROM candidates)
           AND NOT EXISTS (SELECT 1 FROM api.stations WHERE station_id = %({prefix}_raw)s))"""


def station_params(prefix: str, raw: str, normalized: str) -> dict[str, str]:
    # normalised text holds only [0-9a-z ]: no LIKE wildcard to escape.
    return {
        f"{prefix}_raw": raw,
        f"{prefix}_norm": normalized,
        f"{prefix}_starts": normalized + "%",
        f"{prefix}_contains": "%" + normalized + "%",
    }


@dataclass
class Where:
    clauses: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def add(self, clause: str, **params: Any) -> None:
        self.clauses.append(clause)
        self.params.update(params)

    @property
    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "true"


def trajet_where(filters: TrajetFilters, *, counted_only: bool = False) -> Where:
    """Conditions on `api.trajets t`. `counted_only`: statistics count each train once."""
    where = Where()
    _source(where, filters.source, filters.sources)
    if counted_only:
        where.add("t.counted_in_stats")
    _stations(where, filters)
    if filters.countries:
        where.add("t.countries && %(countries)s::text[]", countries=list(filters.countries))
    if filters.operators:
        where.add(
            "(t.operator_id = ANY (%(operators)s::text[]) OR t.operator_ids && %(operators)s::text[])",
            operators=list(filters.operators),
        )
    if filters.brand:
        where.add("lower(t.brand) = lower(%(brand)s)", brand=filters.brand)
    if filters.day_night:
        where.add("t.day_night = %(day_night)s", day_night=filters.day_night.value)
    _bounds(where, filters)
    _departure_window(where, filters.departure_after, filters.departure_before)
    _service_period(where, filters)
    return where


def _service_period(where: Where, filters: TrajetFilters) -> None:
    """Trajets whose calendar (first to last running day) meets the period."""
    if filters.service_from is not None:
        where.add("t.service_end >= %(service_from)s", service_from=filters.service_from)
    if filters.service_until is not None:
        where.add("t.service_start <= %(service_until)s", service_until=filters.service_until)


def _source(where: Where, source: str, sources: tuple[str, ...] = ()) -> None:
    if sources:
        where.add("t.source_id = ANY (%(sources)s::text[])", sources=list(sources))
    elif source == "current":
        where.add("t.is_current")
    elif source == "historical":
        where.add("NOT t.is_current")
    elif source != "all":
        where.add("t.source_id = %(source)s", source=source)


def _stations(where: Where, filters: TrajetFilters) -> None:
    if filters.q:
        where.add(
            "t.trajet_id IN (SELECT c.trajet_id FROM api.calls c WHERE c.station_id IN ("
            + station_match_sql("q")
            + "))",
            **station_params("q", filters.q.raw, filters.q.normalized),
        )
    if filters.origin:
        where.add(
            "t.origin_station_id IN (" + station_match_sql("origin") + ")",
            **station_params("origin", filters.origin.raw, filters.origin.normalized),
        )
    if filters.destination:
        where.add(
            "t.destination_station_id IN (" + station_match_sql("destination") + ")",
            **station_params(
                "destination", filters.destination.raw, filters.destination.normalized
            ),
        )


def _bounds(where: Where, filters: TrajetFilters) -> None:
    if filters.min_duration is not None:
        where.add("t.duration_min >= %(min_duration)s", min_duration=filters.min_duration)
    if filters.max_duration is not None:
        where.add("t.duration_min <= %(max_duration)s", max_duration=filters.max_duration)
    if filters.min_distance is not None:
        where.add("t.distance_km >= %(min_distance)s", min_distance=filters.min_distance)
    if filters.max_distance is not None:
        where.add("t.distance_km <= %(max_distance)s", max_distance=filters.max_distance)


def _departure_window(where: Where, after: str | None, before: str | None) -> None:
    if after and before and after > before:
        where.add(
            "(t.departure_local >= %(dep_after)s::time OR t.departure_local <= %(dep_before)s::time)",
            dep_after=after,
            dep_before=before,
        )
        return
    if after:
        where.add("t.departure_local >= %(dep_after)s::time", dep_after=after)
    if before:
        where.add("t.departure_local <= %(dep_before)s::time", dep_before=before)


# ---- api/queries/trajets.py ----

#: api/params.py's sort keys, on the view api.trajets.
SORT_KEYS: dict[str, str] = {
    "departure": "t.departure_local",
    "duration": "t.duration_min",
    "distance": "t.distance_km",
    "origin": "t.origin_name",
    "destination": "t.destination_name",
    "co2_saving": "(t.co2_plane_kg - t.co2_train_kg)",
    "weekly_departures": "t.weekly_departures",
}


HHMM = "'HH24:MI'"

#: The plausibility flags of `t`, as [{code, message}] in their order.
FLAGS_JSON = """(SELECT coalesce(json_agg(json_build_object('code', f.code, 'message', f.message)
                                  ORDER BY f.ord), '[]')
     FROM unnest(t.plausibility_flags, t.plausibility_notes) WITH ORDINALITY AS f(code, message, ord))"""

SUMMARY_JSON = f"""json_build_object(
    'id', t.trajet_id, 'train_number', t.train_number, 'name', t.name,
    'operator', CASE WHEN t.operator_id IS NULL THEN NULL
                     ELSE json_build_object('id', t.operator_id, 'name', t.operator_name) END,
    'brand', t.brand, 'rail_category', t.rail_category, 'day_night', t.day_night,
    'runs_overnight', t.runs_overnight,
    'origin', json_build_object('id', t.origin_station_id, 'name', t.origin_name,
                                'city', t.origin_city, 'country', t.origin_country),
    'destination', json_build_object('id', t.destination_station_id, 'name', t.destination_name,
                                     'city', t.destination_city, 'country', t.destination_country),
    'departure_local', to_char(t.departure_local, {HHMM}), 'departure_tz', t.departure_tz,
    'arrival_local', to_char(t.arrival_local, {HHMM}), 'arrival_tz', t.arrival_tz,
    'arrival_day_offset', t.arrival_day_offset, 'duration_min', t.duration_min,
    'distance_km', t.distance_km, 'countries', t.countries,
    'weekly_departures', t.weekly_departures, 'weekdays', t.weekdays,
    'days_label', t.days_label, 'service_start', t.service_start, 'service_end', t.service_end,
    'service_days', t.service_days, 'extra_dates', t.extra_dates,
    'removed_dates', t.removed_dates, 'variant_count', t.variant_count,
    'co2', json_build_object('train_kg', t.co2_train_kg, 'plane_kg', t.co2_plane_kg),
    'source', json_build_object('id', t.source_id, 'name', t.source_name,
                                'edition', t.source_edition, 'licence', t.licence,
                                'is_current', t.is_current,
                                'validity_status', t.validity_status,
                                'valid_until', t.source_valid_until),
    'plausibility', json_build_object('plausible', t.is_plausible, 'flags', {FLAGS_JSON}),
    'is_fragment', t.is_fragment, 'counted_in_stats', t.counted_in_stats)"""

#: CSV columns (flat): the same trajets, one line each.
CSV_COLUMNS = f"""
    t.trajet_id AS id, t.train_number, t.name, t.operator_id, t.operator_name, t.brand,
    t.rail_category, t.day_night, t.runs_overnight,
    t.origin_station_id AS origin_id, t.origin_name, t.origin_city, t.origin_country,
    t.destination_station_id AS destination_id, t.destination_name, t.destination_city,
    t.destination_country,
    to_char(t.departure_local, {HHMM}) AS departure_local, t.departure_tz,
    to_char(t.arrival_local, {HHMM}) AS arrival_local, t.arrival_tz, t.arrival_day_offset,
    t.duration_min, t.distance_km, array_to_string(t.countries, ' ') AS countries,
    t.weekly_departures, t.weekdays, t.days_label, t.service_start, t.service_end,
    t.service_days, array_to_string(t.extra_dates, ' ') AS extra_dates,
    array_to_string(t.removed_dates, ' ') AS removed_dates, t.variant_count,
    t.co2_train_kg, t.co2_plane_kg,
    t.source_id, t.source_name, t.source_edition, t.licence, t.is_current,
    t.validity_status, t.source_valid_until, t.is_fragment, t.is_plausible,
    array_to_string(t.plausibility_flags, ' ') AS plausibility_flags, t.counted_in_stats"""


def order_by(sort: tuple[SortKey, ...]) -> str:
    terms = [
        f"{SORT_KEYS[key.key]} {'DESC' if key.descending else 'ASC'} NULLS LAST" for key in sort
    ]
    return ", ".join([*terms, "t.trajet_id"])


DETAIL_SQL = f"""
SELECT ({SUMMARY_JSON}::jsonb || jsonb_build_object(
    'calls', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                  'seq', c.seq,
                  'station', jsonb_build_object('id', c.station_id, 'name', c.station_name,
                        'city', c.station_city, 'country', c.country, 'latitude', c.latitude,
                        'longitude', c.longitude, 'uic', c.uic,
                        'coordinates_precision', c.coordinates_precision),
                  'arrival_local', to_char(c.arrival_local, {HHMM}),
                  'arrival_day_offset', c.arrival_day_offset,
                  'departure_local', to_char(c.departure_local, {HHMM}),
                  'departure_day_offset', c.departure_day_offset,
                  'time_zone', c.time_zone) ORDER BY c.seq), '[]'::jsonb)
              FROM api.calls c WHERE c.trajet_id = t.trajet_id),
    'distance_method', t.distance_method,
    'service', jsonb_build_object('weekdays', t.weekdays, 'start', t.service_start,
                                  'end', t.service_end, 'days', t.service_days,
                                  'weekly_departures', t.weekly_departures,
                                  'label', t.days_label, 'run_dates', t.run_dates,
                                  'extra_dates', t.extra_dates,
                                  'removed_dates', t.removed_dates,
                                  'variant_trip_ids', t.variant_trip_ids),
    'co2', jsonb_build_object(
        'train_kg', t.co2_train_kg, 'train_method', t.co2_train_method,
        'train_factor', (SELECT jsonb_build_object('id', f.factor_id, 'label', f.label,
                                'kg_per_pkm', f.kg_per_pkm, 'source_name', f.source_name,
                                'source_url', f.source_url)
                         FROM api.co2_factors f WHERE f.factor_id = t.co2_train_factor_id),
        'plane_kg', t.co2_plane_kg, 'plane_distance_km', t.plane_distance_km,
        'origin_airport', (SELECT jsonb_build_object('iata', a.iata, 'name', a.name)
                           FROM api.airports a WHERE a.iata = t.origin_airport),
        'destination_airport', (SELECT jsonb_build_object('iata', a.iata, 'name', a.name)
                                FROM api.airports a WHERE a.iata = t.destination_airport),
        'plane_factor', (SELECT jsonb_build_object('id', f.factor_id, 'label', f.label,
                                'kg_per_pkm', f.kg_per_pkm, 'source_name', f.source_name,
                                'source_url', f.source_url)
                         FROM api.co2_factors f WHERE f.factor_id = t.co2_plane_factor_id),
        'saving_kg', t.co2_plane_kg - t.co2_train_kg),
    'links', (SELECT coalesce(jsonb_agg(jsonb_build_object('trajet_id', l.linked_trajet_id,
                                  'link_type', l.link_type, 'evidence', l.evidence)
                                  ORDER BY l.linked_trajet_id), '[]'::jsonb)
              FROM api.trajet_links l WHERE l.trajet_id = t.trajet_id),
    'source', (SELECT jsonb_build_object('id', s.source_id, 'name', s.name,
                          'edition', s.edition, 'licence', s.licence, 'is_current', s.is_current,
                          'validity_status', s.validity_status, 'valid_until', s.valid_until,
                          'valid_from', s.valid_from, 'expired_since', s.expired_since,
                          'publisher', s.publisher, 'public_url', s.public_url,
                          'licence_url', s.licence_url, 'attribution', s.attribution)
               FROM api.sources s WHERE s.source_id = t.source_id)
)) AS trajet
FROM api.trajets t
WHERE t.trajet_id = %(trajet_id)s"""


# ---- api/queries/stats.py (volumes) ----


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


# ---- api/queries/validity.py ----


EDITIONS_SQL = """
SELECT coalesce(json_agg(json_build_object(
           'source_id', source_id, 'name', name, 'status', validity_status,
           'valid_from', valid_from, 'valid_until', valid_until,
           'expired_since', expired_since) ORDER BY source_id), '[]') AS editions
FROM api.sources s
WHERE kind = 'timetable' AND {condition}"""

#: `source` filter value -> which editions a response draws on.
_CONDITIONS = {
    "current": "s.is_current",
    "historical": "NOT s.is_current",
    "all": "true",
}


def overall_status(editions: list[dict[str, Any]]) -> str:
    """current, partly_expired, expired (every non-historical edition expired), historical."""
    statuses = [e["status"] for e in editions if e["status"] != "historical"]
    if not statuses:
        return "historical" if editions else "current"
    expired = sum(1 for s in statuses if s == "expired")
    if expired == len(statuses):
        return "expired"
    return "partly_expired" if expired else "current"


# ---- the answers, computed as the routes did before the read model ----

Row = dict[str, Any]


def _rows(connection: psycopg.Connection[Row], query: str, params: Any = None) -> list[Row]:
    return connection.execute(query, params).fetchall()


def _one(connection: psycopg.Connection[Row], query: str, params: Any = None) -> Row:
    row = connection.execute(query, params).fetchone()
    assert row is not None
    return row


def connect(url: str) -> psycopg.Connection[Row]:
    connection = psycopg.connect(url, row_factory=dict_row)
    connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    connection.read_only = True
    connection.execute("SET timezone = 'UTC'")
    connection.commit()
    return connection


def timetables(
    connection: psycopg.Connection[Row], source: str = "current", sources: tuple[str, ...] = ()
) -> dict[str, Any]:
    if sources:
        condition = "s.source_id = ANY (%(sources)s::text[])"
    else:
        condition = _CONDITIONS.get(source, "s.source_id = %(source)s")
    editions = _one(
        connection,
        EDITIONS_SQL.format(condition=condition),
        {"source": source, "sources": list(sources)},
    )
    editions_list = list(editions["editions"] or [])
    return {"status": overall_status(editions_list), "editions": editions_list}


def trajets_page(
    connection: psycopg.Connection[Row],
    filters: TrajetFilters,
    sort: tuple[SortKey, ...],
    page: int,
    size: int,
) -> dict[str, Any]:
    """The /trajets body without `links` (items, total, page, pages, timetables, data_version)."""
    where = trajet_where(filters)
    rows = _rows(
        connection,
        f"""SELECT p.total, {SUMMARY_JSON} AS item
            FROM (SELECT count(*) OVER () AS total,
                         row_number() OVER (ORDER BY {order_by(sort)}) AS ord, t.trajet_id
                  FROM api.trajets t WHERE {where.sql}
                  ORDER BY ord LIMIT %(limit)s OFFSET %(offset)s) p
            JOIN api.trajets t USING (trajet_id)
            ORDER BY p.ord""",
        {**where.params, "limit": size, "offset": (page - 1) * size},
    )
    if rows:
        total = int(rows[0]["total"])
    elif page > 1:
        total = int(
            _one(connection, f"SELECT count(*) FROM api.trajets t WHERE {where.sql}", where.params)[
                "count"
            ]
        )
    else:
        total = 0
    body = {
        "items": [row["item"] for row in rows],
        "total": total,
        "page": page,
        "page_size": size,
        "pages": ceil(total / size),
        "timetables": timetables(connection, filters.source, filters.sources),
        "data_version": _one(connection, "SELECT data_version FROM api.publication")[
            "data_version"
        ],
    }
    connection.commit()
    return body


def trajet_detail(connection: psycopg.Connection[Row], trajet_id: str) -> dict[str, Any] | None:
    row = connection.execute(DETAIL_SQL, {"trajet_id": trajet_id}).fetchone()
    connection.commit()
    return None if row is None else dict(row["trajet"])


def volumes(
    connection: psycopg.Connection[Row], group_by: GroupBy, filters: TrajetFilters
) -> dict[str, Any]:
    where = trajet_where(filters, counted_only=True)
    join, key, label = GROUPINGS[group_by]
    groups_where = where.sql
    if group_by is GroupBy.country and filters.countries:
        # By country with a country filter: the countries asked for, not every one crossed.
        groups_where += " AND c.country = ANY (%(countries)s::text[])"
    groups = _rows(
        connection,
        f"""SELECT key, label, {SPLIT}
            FROM (SELECT {key} AS key, {label} AS label, t.day_night, t.weekly_departures
                  FROM api.trajets t{join} WHERE {groups_where}) g
            GROUP BY key, label
            ORDER BY trajets_total DESC, key NULLS LAST""",
        where.params,
    )
    totals = _one(connection, f"SELECT {SPLIT} FROM api.trajets t WHERE {where.sql}", where.params)
    coverage: dict[str, dict[str, str]] = {}
    if group_by is GroupBy.country:
        for row in _rows(connection, "SELECT country, day_night, level FROM api.coverage"):
            coverage.setdefault(row["country"], {})[row["day_night"]] = row["level"]
    version = _one(connection, "SELECT data_version FROM api.publication")["data_version"]
    connection.commit()
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
        "data_version": version,
    }

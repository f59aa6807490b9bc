"""Trajet queries on `api.trajets`, `api.calls`, `api.trajet_links`, `api.sources`,
`api.co2_factors` and `api.airports`. PostgreSQL builds the JSON of each item."""

from __future__ import annotations

from typing import Any

from api.db import Snapshot
from api.params import SORT_KEYS, SortKey, TrajetFilters
from api.queries.filters import trajet_where

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


async def page(
    snapshot: Snapshot, filters: TrajetFilters, sort: tuple[SortKey, ...], page: int, size: int
) -> tuple[int, list[dict[str, Any]]]:
    """(total, items of the page): one sorted scan; the total comes with the rows."""
    where = trajet_where(filters)
    rows = await snapshot.all(
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
        return int(rows[0]["total"]), [row["item"] for row in rows]
    total = await count(snapshot, filters) if page > 1 else 0
    return total, []


async def count(snapshot: Snapshot, filters: TrajetFilters) -> int:
    where = trajet_where(filters)
    value = await snapshot.value(
        f"SELECT count(*) FROM api.trajets t WHERE {where.sql}", where.params
    )
    return int(value)


async def csv_export(
    snapshot: Snapshot, filters: TrajetFilters, sort: tuple[SortKey, ...]
) -> bytes:
    where = trajet_where(filters)
    return await snapshot.copy_csv(
        f"SELECT {CSV_COLUMNS} FROM api.trajets t WHERE {where.sql} ORDER BY {order_by(sort)}",
        where.params,
    )


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


async def detail(snapshot: Snapshot, trajet_id: str) -> dict[str, Any] | None:
    value = await snapshot.value(DETAIL_SQL, {"trajet_id": trajet_id})
    return dict(value) if value is not None else None

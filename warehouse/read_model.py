"""The read model: tables shaped for the API's questions, rebuilt from the published data.

`rebuild(connection)` runs inside the publishing transaction (warehouse.load._swap), after the
`core` tables received the new data and before the commit: readers see the old data and the old
read model, or the new data and the new read model, never a mix (the tables are emptied with
DELETE, which is transactional, never TRUNCATE). It reads the `api` views, so the documents it
writes are exactly what the views said; only what depends on the day of the request (the
validity status of a source edition) is left for the API to set at request time.

* `read_model.services`: one row per service (trajet) with the columns the API filters and
  sorts on; `station_ids` (every station called at) answers the free-text search through
  `read_model.search_names`; `operator_keys` is the main operator and every other one.
* `read_model.summaries` and `read_model.details`: the JSON of each service as /trajets and
  /trajets/{id} send it, as text cut where the day's validity of its source edition goes.
* `read_model.search_names`: every normalised station or city name, with its stations.
* `read_model.volume_cells`: services counted in statistics, counted and summed per combination
  of the attributes statistics filter and group on (source, operator, brand, category,
  day/night, countries): `/stats/volumes` adds up cells instead of scanning services.
* `read_model.service_counts`: every service (counted or not) per combination of the same
  attributes, for the total of a /trajets page filtered on those attributes only.
* `read_model.stops`, `read_model.routes`, `read_model.served_airports`: what /destinations and
  /comparison read: every call with its city and its along-route distance, each trajet's ends
  and length, the airports trains are compared with (revision 0008; before it, the API
  computed the distances along the route at each request).

Tables are private; the API and BI roles read them through views in the `api` schema.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from warehouse.harmonise.geo import great_circle_km_sql

#: The read model's tables, in the order they are rebuilt.
TABLES = (
    "services",
    "summaries",
    "details",
    "search_names",
    "volume_cells",
    "service_counts",
    "stops",
    "routes",
    "served_airports",
)

HHMM = sql.Literal("HH24:MI")

#: Placeholders of what depends on the day of the request. A document is stored as text cut at
#: them; the API joins the pieces with the day's values. Quoted, a placeholder matches only a JSON
#: value equal to it, which no data holds (`rebuild` checks each is found exactly once).
VALIDITY_STATUS = sql.Literal("@@validity_status@@")
EXPIRED_SINCE = sql.Literal("@@expired_since@@")

#: The list summary of a service, as /trajets returns it (validity status set per request).
SUMMARY_JSON = sql.SQL("""json_build_object(
    'id', t.trajet_id, 'train_number', t.train_number, 'name', t.name,
    'operator', CASE WHEN t.operator_id IS NULL THEN NULL
                     ELSE json_build_object('id', t.operator_id, 'name', t.operator_name) END,
    'brand', t.brand, 'rail_category', t.rail_category, 'day_night', t.day_night,
    'runs_overnight', t.runs_overnight,
    'origin', json_build_object('id', t.origin_station_id, 'name', t.origin_name,
                                'city', t.origin_city, 'country', t.origin_country),
    'destination', json_build_object('id', t.destination_station_id, 'name', t.destination_name,
                                     'city', t.destination_city, 'country', t.destination_country),
    'departure_local', to_char(t.departure_local, {hhmm}), 'departure_tz', t.departure_tz,
    'arrival_local', to_char(t.arrival_local, {hhmm}), 'arrival_tz', t.arrival_tz,
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
                                'validity_status', {validity_status},
                                'valid_until', t.source_valid_until),
    'plausibility', json_build_object(
        'plausible', t.is_plausible,
        'flags', (SELECT coalesce(json_agg(json_build_object('code', f.code, 'message', f.message)
                                           ORDER BY f.ord), '[]')
                  FROM unnest(t.plausibility_flags, t.plausibility_notes)
                       WITH ORDINALITY AS f(code, message, ord))),
    'is_fragment', t.is_fragment, 'counted_in_stats', t.counted_in_stats)""").format(
    hhmm=HHMM, validity_status=VALIDITY_STATUS
)

_FACTOR = sql.SQL("""jsonb_build_object('id', f.factor_id, 'label', f.label, 'kg_per_pkm', f.kg_per_pkm,
                               'source_name', f.source_name, 'source_url', f.source_url)""")

#: What /trajets/{id} adds to the summary (the source's validity set per request).
DETAIL_JSON = sql.SQL("""jsonb_build_object(
    'calls', coalesce(c.calls, '[]'::jsonb),
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
        'train_factor', (SELECT {factor} FROM api.co2_factors f
                         WHERE f.factor_id = t.co2_train_factor_id),
        'plane_kg', t.co2_plane_kg, 'plane_distance_km', t.plane_distance_km,
        'origin_airport', (SELECT jsonb_build_object('iata', a.iata, 'name', a.name)
                           FROM api.airports a WHERE a.iata = t.origin_airport),
        'destination_airport', (SELECT jsonb_build_object('iata', a.iata, 'name', a.name)
                                FROM api.airports a WHERE a.iata = t.destination_airport),
        'plane_factor', (SELECT {factor} FROM api.co2_factors f
                         WHERE f.factor_id = t.co2_plane_factor_id),
        'saving_kg', t.co2_plane_kg - t.co2_train_kg),
    'links', coalesce(l.links, '[]'::jsonb),
    'source', (SELECT jsonb_build_object('id', s.source_id, 'name', s.name,
                          'edition', s.edition, 'licence', s.licence, 'is_current', s.is_current,
                          'validity_status', {validity_status}, 'valid_until', s.valid_until,
                          'valid_from', s.valid_from, 'expired_since', {expired_since},
                          'publisher', s.publisher, 'public_url', s.public_url,
                          'licence_url', s.licence_url, 'attribution', s.attribution)
               FROM api.sources s WHERE s.source_id = t.source_id))""").format(
    factor=_FACTOR, validity_status=VALIDITY_STATUS, expired_since=EXPIRED_SINCE
)

CALLS_JSON = sql.SQL("""jsonb_agg(jsonb_build_object(
    'seq', c.seq,
    'station', jsonb_build_object('id', c.station_id, 'name', c.station_name,
                                  'city', c.station_city, 'country', c.country,
                                  'latitude', c.latitude, 'longitude', c.longitude,
                                  'uic', c.uic, 'coordinates_precision', c.coordinates_precision),
    'arrival_local', to_char(c.arrival_local, {hhmm}),
    'arrival_day_offset', c.arrival_day_offset,
    'departure_local', to_char(c.departure_local, {hhmm}),
    'departure_day_offset', c.departure_day_offset,
    'time_zone', c.time_zone) ORDER BY c.seq)""").format(hhmm=HHMM)

#: The placeholders as they appear in a document's text (JSON strings).
_VALIDITY = sql.Literal('"@@validity_status@@"')
_EXPIRED = sql.Literal('"@@expired_since@@"')

#: The documents are built in a MATERIALIZED query, once each: inlined, the query would build
#: each document again for every `split_part` that cuts it.
SERVICES_REBUILD: tuple[sql.SQL | sql.Composed, ...] = (
    sql.SQL("DELETE FROM read_model.service_counts"),
    sql.SQL("DELETE FROM read_model.volume_cells"),
    sql.SQL("DELETE FROM read_model.search_names"),
    sql.SQL("DELETE FROM read_model.details"),
    sql.SQL("DELETE FROM read_model.summaries"),
    sql.SQL("DELETE FROM read_model.services"),
    sql.SQL("""INSERT INTO read_model.services
           (is_current, counted_in_stats, departure_local, duration_min, distance_km, co2_saving,
            service_start, service_end, trajet_id, source_id, day_night, brand, operator_keys,
            countries, origin_station_id, destination_station_id, station_ids,
            weekly_departures, origin_name, destination_name, operator_id, operator_name,
            rail_category, source_label, co2_train_kg, co2_plane_kg)
       SELECT t.is_current, t.counted_in_stats, t.departure_local, t.duration_min,
              t.distance_km, t.co2_plane_kg - t.co2_train_kg, t.service_start, t.service_end,
              t.trajet_id, t.source_id, t.day_night, t.brand,
              ARRAY(SELECT DISTINCT o FROM unnest(t.operator_id || t.operator_ids) o
                    WHERE o IS NOT NULL ORDER BY o),
              t.countries, t.origin_station_id, t.destination_station_id,
              coalesce(s.station_ids, '{}'), t.weekly_departures, t.origin_name,
              t.destination_name, t.operator_id, t.operator_name, t.rail_category,
              t.source_name || ' (' || t.source_edition || ')', t.co2_train_kg, t.co2_plane_kg
       FROM api.trajets t
       LEFT JOIN (SELECT trajet_id, array_agg(DISTINCT station_id ORDER BY station_id) AS station_ids
                  FROM core.calls GROUP BY trajet_id) s USING (trajet_id)
       ORDER BY t.is_current DESC, t.departure_local, t.trajet_id"""),
    sql.SQL("""INSERT INTO read_model.summaries
        WITH d AS MATERIALIZED (SELECT t.trajet_id, t.source_id, ({summary})::text AS doc
                                FROM api.trajets t)
        SELECT trajet_id, source_id, split_part(doc, {validity}, 1),
               split_part(doc, {validity}, 2)
        FROM d""").format(validity=_VALIDITY, summary=SUMMARY_JSON),
    sql.SQL("""INSERT INTO read_model.details
        WITH d AS MATERIALIZED (
            SELECT t.trajet_id, t.source_id, ({summary}::jsonb || {detail})::text AS doc
            FROM api.trajets t
            LEFT JOIN (SELECT c.trajet_id, {calls} AS calls
                       FROM api.calls c GROUP BY c.trajet_id) c USING (trajet_id)
            LEFT JOIN (SELECT l.trajet_id,
                              jsonb_agg(jsonb_build_object('trajet_id', l.linked_trajet_id,
                                                           'link_type', l.link_type,
                                                           'evidence', l.evidence)
                                        ORDER BY l.linked_trajet_id) AS links
                       FROM api.trajet_links l GROUP BY l.trajet_id) l USING (trajet_id))
        SELECT trajet_id, source_id, split_part(doc, {expired}, 1),
               split_part(split_part(doc, {expired}, 2), {validity}, 1),
               split_part(split_part(doc, {expired}, 2), {validity}, 2)
        FROM d""").format(
        validity=_VALIDITY,
        expired=_EXPIRED,
        summary=SUMMARY_JSON,
        detail=DETAIL_JSON,
        calls=CALLS_JSON,
    ),
    sql.SQL("""INSERT INTO read_model.search_names
       SELECT normalized, array_agg(DISTINCT station_id ORDER BY station_id)
       FROM api.station_names GROUP BY normalized"""),
    sql.SQL("""INSERT INTO read_model.volume_cells
       SELECT source_id, is_current, source_label, operator_id, operator_name, operator_keys,
              brand, rail_category, day_night, countries,
              count(*), sum(weekly_departures)
       FROM read_model.services WHERE counted_in_stats
       GROUP BY source_id, is_current, source_label, operator_id, operator_name, operator_keys,
                brand, rail_category, day_night, countries"""),
    sql.SQL("""INSERT INTO read_model.service_counts
       SELECT source_id, is_current, operator_keys, brand, day_night, countries, count(*)
       FROM read_model.services
       GROUP BY source_id, is_current, operator_keys, brand, day_night, countries"""),
)

#: The straight line from the previous located call of the same trajet (`c`, window `w`).
STEP_KM = great_circle_km_sql(
    sql.SQL("lag(c.latitude) OVER w"),
    sql.SQL("lag(c.longitude) OVER w"),
    sql.SQL("c.latitude"),
    sql.SQL("c.longitude"),
)

#: What /destinations and /comparison read (api.queries.journeys): every call with its place
#: and its along-route distance from the trajet's first located call (straight lines between
#: the located calls, the ETL's `calls` method; null at a call without a position), each
#: trajet's ends and along-route length, and the airports the trajets are compared with.
JOURNEYS_REBUILD: tuple[sql.SQL | sql.Composed, ...] = (
    sql.SQL("DELETE FROM read_model.served_airports"),
    sql.SQL("DELETE FROM read_model.routes"),
    sql.SQL("DELETE FROM read_model.stops"),
    sql.SQL("""INSERT INTO read_model.stops
       SELECT trajet_id, seq, station_id, station_name, coalesce(station_city, station_name),
              country, latitude, longitude, arrival_local, arrival_day_offset,
              arrival_offset_min, departure_local, departure_day_offset, departure_offset_min,
              time_zone,
              CASE WHEN located
                   THEN sum(step_km) OVER (PARTITION BY trajet_id, located ORDER BY seq) END
       FROM (SELECT c.*, c.latitude IS NOT NULL AS located,
                    CASE WHEN c.latitude IS NOT NULL THEN coalesce({step_km}, 0) END AS step_km
             FROM api.calls c
             WINDOW w AS (PARTITION BY c.trajet_id, c.latitude IS NULL ORDER BY c.seq)) c
       ORDER BY trajet_id, seq""").format(step_km=STEP_KM),
    sql.SQL("""INSERT INTO read_model.routes
       SELECT t.trajet_id, t.train_number, t.name, s.first_seq, s.last_seq, s.route_km
       FROM api.trajets t
       JOIN (SELECT trajet_id, min(seq) AS first_seq, max(seq) AS last_seq,
                    max(km_at) AS route_km
             FROM read_model.stops GROUP BY trajet_id) s USING (trajet_id)
       ORDER BY t.trajet_id"""),
    sql.SQL("""INSERT INTO read_model.served_airports
       SELECT a.iata, a.name, a.latitude, a.longitude
       FROM api.airports a
       WHERE a.iata IN (SELECT origin_airport FROM api.trajets WHERE origin_airport IS NOT NULL
                        UNION SELECT destination_airport FROM api.trajets
                        WHERE destination_airport IS NOT NULL)
       ORDER BY a.iata"""),
)

REBUILD: tuple[sql.SQL | sql.Composed, ...] = (*SERVICES_REBUILD, *JOURNEYS_REBUILD)
"""Every statement of a rebuild, in order."""

#: Documents not cut exactly once at each placeholder (must be none).
MISCUT = sql.SQL("""
SELECT (SELECT count(*) FROM read_model.summaries
        WHERE tail = '' OR position({validity} IN head || tail) > 0)
     + (SELECT count(*) FROM read_model.details
        WHERE middle = '' OR tail = ''
           OR position({validity} IN head || middle || tail) > 0
           OR position({expired} IN head || middle || tail) > 0)""").format(
    validity=_VALIDITY, expired=_EXPIRED
)


class ReadModelError(RuntimeError):
    """The read model cannot be built from these data: the publication must not happen."""


def rebuild(connection: psycopg.Connection[Any]) -> None:
    """Replace the read model's content from the `api` views, in the caller's transaction."""
    connection.execute("SET LOCAL jit = off")  # compiling costs more than these scans
    for statement in REBUILD:
        connection.execute(statement)
    row = connection.execute(MISCUT).fetchone()
    if row is None or row[0]:
        raise ReadModelError(f"{row[0] if row else '?'} documents lack a request-time placeholder")


def analyze(connection: psycopg.Connection[Any]) -> None:
    """Fresh statistics and visibility maps after a rebuild (autocommit: VACUUM needs it)."""
    for table in TABLES:
        connection.execute(sql.SQL("VACUUM (ANALYZE) read_model.{}").format(sql.Identifier(table)))

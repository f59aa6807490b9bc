"""Direct journeys between cities, read from the api views (the read model's service rows for
the filters, trajets, calls, stations, airports, co2_factors): every later call of a train is a direct destination of
the station it leaves.

A *leg* is one service (a counted, current trajet) from a station of the origin city to the
first call of that train in another city: its rail time is the difference of the calls'
offsets (time-zone aware). For its distance and CO2 (api.journeys.leg_figures) a leg carries
the trajet's own figures (`trajet_km`, `trajet_co2_kg`), whether it runs from the trajet's
first call to its last (`first_seq`, `last_seq`), and the along-route distance (straight lines
between the located calls, the ETL's `calls` method) of the leg (`leg_route_km`, null when
one of its two calls has no position) and of the whole trajet (`route_km`).
"""

from __future__ import annotations

from typing import Any

from psycopg import sql
from psycopg.sql import Composable

from api.db import Snapshot
from api.journeys import Airport, Factors
from api.params import StationText, TrajetFilters
from api.queries.filters import station_match_sql, station_params, trajet_where

#: Stations of a city named in any language: the matched stations and the other stations of
#: the city most of them belong to.
CITY_STATIONS = sql.SQL("""
{matched} AS ({match}),
{city} AS (
    SELECT s.city, s.country FROM api.stations s
    WHERE s.station_id IN (SELECT station_id FROM {matched}) AND s.city IS NOT NULL
    GROUP BY s.city, s.country ORDER BY sum(s.trajet_count) DESC, s.city LIMIT 1),
{name} AS (
    SELECT station_id FROM {matched}
    UNION
    SELECT s.station_id FROM api.stations s JOIN {city} USING (city, country))""")

HAVERSINE = sql.SQL("""2 * 6371.0088 * asin(sqrt(
    power(sin(radians(c.latitude - lag(c.latitude) OVER w) / 2), 2)
    + cos(radians(lag(c.latitude) OVER w)) * cos(radians(c.latitude))
      * power(sin(radians(c.longitude - lag(c.longitude) OVER w) / 2), 2)))""")

LEGS_SQL = sql.SQL("""
WITH {origin_city},{destination_city}
served AS MATERIALIZED (
    SELECT t.trajet_id, t.day_night, t.weekly_departures, t.rail_category, v.train_number,
           v.name AS train_name, t.brand, t.operator_name,
           t.distance_km AS trajet_km, t.co2_train_kg AS trajet_co2_kg,
           o.seq AS from_seq, o.station_id AS from_station, o.station_name AS from_name,
           o.departure_local, o.departure_day_offset, o.departure_offset_min, o.time_zone AS from_tz
    FROM api.service_rows t
    JOIN api.trajets v ON v.trajet_id = t.trajet_id
    JOIN api.calls o ON o.trajet_id = t.trajet_id
    WHERE o.station_id IN (SELECT station_id FROM origin)
      AND o.departure_offset_min IS NOT NULL AND {where}),
legs AS MATERIALIZED (
    SELECT DISTINCT ON (s.trajet_id, coalesce(c.station_city, c.station_name), c.country)
           s.*, c.seq, c.station_id AS to_station, c.station_name AS to_name,
           coalesce(c.station_city, c.station_name) AS to_city, c.country AS to_country,
           c.latitude AS to_latitude, c.longitude AS to_longitude, c.arrival_local,
           c.arrival_day_offset, c.arrival_offset_min, c.time_zone AS to_tz,
           c.arrival_day_offset - coalesce(s.departure_day_offset, 0) AS arrival_days,
           c.arrival_offset_min - s.departure_offset_min AS rail_min
    FROM served s
    JOIN api.calls c ON c.trajet_id = s.trajet_id AND c.seq > s.from_seq
    WHERE c.arrival_offset_min IS NOT NULL
      AND c.station_id NOT IN (SELECT station_id FROM origin)
      AND {destination_condition}
    ORDER BY s.trajet_id, coalesce(c.station_city, c.station_name), c.country,
             c.arrival_offset_min - s.departure_offset_min, s.departure_offset_min DESC),
steps AS (
    SELECT c.trajet_id, c.seq, c.latitude IS NOT NULL AS located,
           CASE WHEN c.latitude IS NOT NULL THEN coalesce({haversine}, 0) END AS step_km
    FROM api.calls c
    WHERE c.trajet_id IN (SELECT trajet_id FROM legs)
    WINDOW w AS (PARTITION BY c.trajet_id, c.latitude IS NULL ORDER BY c.seq)),
route AS MATERIALIZED (
    SELECT trajet_id, seq,
           CASE WHEN located THEN sum(step_km) OVER (PARTITION BY trajet_id, located ORDER BY seq)
           END AS km_at
    FROM steps),
ends AS (
    SELECT trajet_id, min(seq) AS first_seq, max(seq) AS last_seq, max(km_at) AS route_km
    FROM route GROUP BY trajet_id)
SELECT l.*, e.first_seq, e.last_seq, e.route_km, rt.km_at - rf.km_at AS leg_route_km,
       (SELECT city FROM origin_city_name) AS origin_city
FROM legs l
JOIN ends e ON e.trajet_id = l.trajet_id
LEFT JOIN route rf ON rf.trajet_id = l.trajet_id AND rf.seq = l.from_seq
LEFT JOIN route rt ON rt.trajet_id = l.trajet_id AND rt.seq = l.seq
WHERE l.rail_min > 0
ORDER BY l.to_city, l.day_night, l.rail_min, l.departure_local""")


def _city(name: str, prefix: str) -> sql.Composed:
    """The CTEs naming the stations of the city `%(<prefix>_*)s` as `name`."""
    return CITY_STATIONS.format(
        matched=sql.Identifier(f"{prefix}_matched"),
        city=sql.Identifier(f"{prefix}_city"),
        match=station_match_sql(prefix),
        name=sql.Identifier(name),
    )


def _legs_sql(where: Composable, to_city: bool) -> sql.Composed:
    origin = _city("origin", "from") + sql.SQL(
        ",\norigin_city_name AS (SELECT city FROM from_city UNION ALL "
        "SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM from_city))"
    )
    destination = _city("destination", "to") + sql.SQL(",") if to_city else sql.SQL("")
    condition = sql.SQL(
        "c.station_id IN (SELECT station_id FROM destination)" if to_city else "true"
    )
    return LEGS_SQL.format(
        origin_city=origin,
        destination_city=destination,
        where=where,
        haversine=HAVERSINE,
        destination_condition=condition,
    )


async def legs(
    snapshot: Snapshot,
    origin: StationText,
    destination: StationText | None,
    filters: TrajetFilters,
) -> list[dict[str, Any]]:
    """Every direct leg from the origin city (to the destination city when given)."""
    where = trajet_where(filters, counted_only=True)
    params = {**where.params, **station_params("from", origin.raw, origin.normalized)}
    if destination is not None:
        params |= station_params("to", destination.raw, destination.normalized)
    return await snapshot.all(_legs_sql(where.sql, destination is not None), params)


async def city_place(snapshot: Snapshot, city: StationText) -> dict[str, Any] | None:
    """The city a text names (its busiest matched station's city), with a position."""
    return await snapshot.one(
        sql.SQL("""WITH {}
            SELECT coalesce(s.city, s.name) AS city, s.country, s.latitude, s.longitude
            FROM api.stations s WHERE s.station_id IN (SELECT station_id FROM stations)
              AND s.latitude IS NOT NULL
            ORDER BY s.trajet_count DESC, s.station_id LIMIT 1""").format(_city("stations", "q")),
        station_params("q", city.raw, city.normalized),
    )


#: Airports that the ETL compares trajets with: those with scheduled passenger service.
SERVED_AIRPORTS_SQL = """
SELECT a.iata, a.name, a.latitude, a.longitude
FROM api.airports a
WHERE a.iata IN (SELECT origin_airport FROM api.trajets WHERE origin_airport IS NOT NULL
                 UNION SELECT destination_airport FROM api.trajets
                 WHERE destination_airport IS NOT NULL)
ORDER BY a.iata"""


async def served_airports(snapshot: Snapshot) -> list[Airport]:
    rows = await snapshot.all(SERVED_AIRPORTS_SQL)
    return [Airport(r["iata"], r["name"], r["latitude"], r["longitude"]) for r in rows]


async def factors(snapshot: Snapshot) -> Factors:
    rows = await snapshot.all(
        "SELECT mode, category, kg_per_pkm, min_distance_km, max_distance_km FROM api.co2_factors"
    )
    return Factors.from_rows(rows)


#: Every end-to-end relation (origin city -> terminus city) with its fastest counted service.
TERMINI_SQL = sql.SQL("""
SELECT DISTINCT ON (coalesce(o.city, o.name), o.country, coalesce(d.city, d.name), d.country)
       coalesce(o.city, o.name) AS origin_city, o.country AS origin_country,
       o.latitude AS origin_latitude, o.longitude AS origin_longitude,
       coalesce(d.city, d.name) AS destination_city, d.country AS destination_country,
       d.latitude AS destination_latitude, d.longitude AS destination_longitude,
       t.trajet_id, t.day_night, t.duration_min AS rail_min, t.distance_km AS rail_km,
       t.co2_train_kg, t.rail_category, t.departure_local, t.train_number, t.brand,
       t.name AS train_name, t.operator_name
FROM api.trajets t
JOIN api.stations o ON o.station_id = t.origin_station_id
JOIN api.stations d ON d.station_id = t.destination_station_id
WHERE {where} AND o.latitude IS NOT NULL AND d.latitude IS NOT NULL
  AND coalesce(o.city, o.name) <> coalesce(d.city, d.name)
ORDER BY coalesce(o.city, o.name), o.country, coalesce(d.city, d.name), d.country,
         t.duration_min, t.trajet_id""")


async def fastest_by_relation(snapshot: Snapshot, filters: TrajetFilters) -> list[dict[str, Any]]:
    where = trajet_where(filters, counted_only=True)
    return await snapshot.all(TERMINI_SQL.format(where=where.sql), where.params)

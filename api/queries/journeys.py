"""Direct journeys between cities, read from the read model built at publication
(api.journey_stops: every call with its place and along-route distance; api.journey_routes:
each trajet's train, ends and length; api.service_rows for the filters; api.served_airports):
every later call of a train is a direct destination of the station it leaves.

A *leg* is one service (a counted, current trajet) from a station of the origin city to the
first call of that train in another city: its rail time is the difference of the calls'
offsets (time-zone aware). For its distance and CO2 (api.journeys.leg_figures) a leg carries
the trajet's own figures (`trajet_km`, `trajet_co2_kg`), whether it runs from the trajet's
first call to its last (`first_seq`, `last_seq`), and the along-route distance (straight lines
between the located calls, the ETL's `calls` method) of the leg (`leg_route_km`, null when
one of its two calls has no position) and of the whole trajet (`route_km`).

The statement reads indexes only: the origin's calls by station, their services and routes by
key, the later calls of each by (trajet, seq). The distances along the route were computed per
request before revision 0008 (a window over every call of every trajet served from the city:
about a second for Paris on a loaded machine, see docs/api/benchmark.md).
"""

from __future__ import annotations

from typing import Any

from psycopg import sql
from psycopg.sql import Composable

from api.db import Snapshot
from api.journeys import Airport, Airports, Factors
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

#: The stations of a CTE as one array, computed once (an initial plan: its value is an index
#: condition on the calls' station, never a per-row lookup).
STATION_ARRAY = "(SELECT array_agg(station_id) FROM {})::text[]"

#: For each service calling at the origin, the first call of the train in every other city
#: after it (the fastest from the origin when it calls at the origin twice): one leg per
#: trajet and destination city. Ties are broken by the calls' order, so the answer is one.
LEGS_SQL = sql.SQL("""
WITH {origin_city},{destination_city}
served AS MATERIALIZED (
    SELECT t.trajet_id, t.day_night, t.weekly_departures, t.rail_category, r.train_number,
           r.train_name, t.brand, t.operator_name,
           t.distance_km AS trajet_km, t.co2_train_kg AS trajet_co2_kg,
           r.first_seq, r.last_seq, r.route_km,
           o.seq AS from_seq, o.station_id AS from_station, o.station_name AS from_name,
           o.departure_local, o.departure_day_offset, o.departure_offset_min,
           o.time_zone AS from_tz, o.km_at AS from_km
    FROM api.journey_stops o
    JOIN api.service_rows t ON t.trajet_id = o.trajet_id
    JOIN api.journey_routes r ON r.trajet_id = o.trajet_id
    WHERE o.station_id = ANY ({origin_stations})
      AND o.departure_offset_min IS NOT NULL AND {where}),
legs AS (
    SELECT DISTINCT ON (s.trajet_id, c.place, c.country)
           s.trajet_id, s.day_night, s.weekly_departures, s.rail_category, s.train_number,
           s.train_name, s.brand, s.operator_name, s.trajet_km, s.trajet_co2_kg,
           s.first_seq, s.last_seq, s.route_km, s.from_seq, s.from_station, s.from_name,
           s.departure_local, s.from_tz,
           c.seq, c.station_id AS to_station, c.station_name AS to_name, c.place AS to_city,
           c.country AS to_country, c.latitude AS to_latitude, c.longitude AS to_longitude,
           c.arrival_local, c.time_zone AS to_tz,
           c.arrival_day_offset - coalesce(s.departure_day_offset, 0) AS arrival_days,
           c.arrival_offset_min - s.departure_offset_min AS rail_min,
           c.km_at - s.from_km AS leg_route_km
    FROM served s
    JOIN api.journey_stops c ON c.trajet_id = s.trajet_id AND c.seq > s.from_seq
    WHERE c.arrival_offset_min IS NOT NULL
      AND c.station_id <> ALL ({origin_stations})
      AND {destination_condition}
    ORDER BY s.trajet_id, c.place, c.country, c.arrival_offset_min - s.departure_offset_min,
             s.departure_offset_min DESC, c.seq, s.from_seq)
SELECT * FROM legs
WHERE rail_min > 0
ORDER BY to_city, day_night, rail_min, departure_local, trajet_id""")


def _city(name: str, prefix: str) -> sql.Composed:
    """The CTEs naming the stations of the city `%(<prefix>_*)s` as `name`."""
    return CITY_STATIONS.format(
        matched=sql.Identifier(f"{prefix}_matched"),
        city=sql.Identifier(f"{prefix}_city"),
        match=station_match_sql(prefix),
        name=sql.Identifier(name),
    )


def _legs_sql(where: Composable, to_city: bool) -> sql.Composed:
    origin = _city("origin", "from")
    destination = _city("destination", "to") + sql.SQL(",") if to_city else sql.SQL("")
    condition = (
        sql.SQL("c.station_id = ANY ({})").format(
            sql.SQL(STATION_ARRAY).format(sql.Identifier("destination"))
        )
        if to_city
        else sql.SQL("true")
    )
    return LEGS_SQL.format(
        origin_city=origin,
        destination_city=destination,
        where=where,
        origin_stations=sql.SQL(STATION_ARRAY).format(sql.Identifier("origin")),
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


#: Airports that the ETL compares trajets with (built at publication: read_model.py).
SERVED_AIRPORTS_SQL = (
    "SELECT iata, name, latitude, longitude FROM api.served_airports ORDER BY iata"
)


async def served_airports(snapshot: Snapshot) -> Airports:
    rows = await snapshot.all(SERVED_AIRPORTS_SQL)
    return Airports(Airport(r["iata"], r["name"], r["latitude"], r["longitude"]) for r in rows)


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

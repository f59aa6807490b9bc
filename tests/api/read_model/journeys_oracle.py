"""/destinations and /comparison as they were computed before their speed-up: the oracle.

Copied from api/queries/journeys.py and api/routes/journeys.py at commit e1add94 (the legs
statement on the `api` views, along-route distances computed per request, trains grouped and
destinations summarised in Python); only the database calls are synchronous here (one
REPEATABLE READ transaction per answer, as the API's snapshot). The method itself (plane
estimate, figures of a leg, verdict) is api.journeys, which both share.

One change to the copy: the legs' order ends with the trajet id. Before, the order stopped at
the departure time, and the physical order of the rows (the plan's hash joins) decided between
trains tied on everything else: on the real mirror, coupled TGV units (TGV INOUI 8501 and 12201
leave Paris Montparnasse together at 06:06 and reach Massy in 8 min, 1.39 departures a week
each) made which one was named a destination's fastest, and so its prorated distance, depend on
the plan. The speed-up keeps that order with the same last key, so that answers are defined.

A second one, of speed only: the served airports and the CO2 factors are read once per
connection (`_reference`), not in each answer's transaction; the loaded warehouse never changes.

A third one, of speed only: the legs statement's three filters on a list of ids (the origin's
stations, the served trajets, the trajets with a leg) are written `= ANY(ARRAY(subquery))`
instead of `IN (subquery)` (the second one is new, and implied by the join it sits in). The
rows are the same; the planner then knows the list before planning the scans, and reads the
calls of those stations or trajets by index instead of hashing every call of the mirror three
times (the oracle's PostgreSQL CPU for the test's 132 answers: 13.2 s -> 6.3 s, same bodies).
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

import orjson
import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from api import journeys
from api.params import StationText, TrajetFilters
from api.queries.filters import station_match_sql, station_params, trajet_where

# ---- api/queries/journeys.py ----

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
    WHERE o.station_id = ANY(ARRAY(SELECT station_id FROM origin))
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
      AND c.trajet_id = ANY(ARRAY(SELECT DISTINCT trajet_id FROM served))
      AND c.station_id NOT IN (SELECT station_id FROM origin)
      AND {destination_condition}
    ORDER BY s.trajet_id, coalesce(c.station_city, c.station_name), c.country,
             c.arrival_offset_min - s.departure_offset_min, s.departure_offset_min DESC),
steps AS (
    SELECT c.trajet_id, c.seq, c.latitude IS NOT NULL AS located,
           CASE WHEN c.latitude IS NOT NULL THEN coalesce({haversine}, 0) END AS step_km
    FROM api.calls c
    WHERE c.trajet_id = ANY(ARRAY(SELECT DISTINCT trajet_id FROM legs))
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
ORDER BY l.to_city, l.day_night, l.rail_min, l.departure_local, l.trajet_id""")

SERVED_AIRPORTS_SQL = """
SELECT a.iata, a.name, a.latitude, a.longitude
FROM api.airports a
WHERE a.iata IN (SELECT origin_airport FROM api.trajets WHERE origin_airport IS NOT NULL
                 UNION SELECT destination_airport FROM api.trajets
                 WHERE destination_airport IS NOT NULL)
ORDER BY a.iata"""

FACTORS_SQL = (
    "SELECT mode, category, kg_per_pkm, min_distance_km, max_distance_km FROM api.co2_factors"
)

Connection = psycopg.Connection[dict[str, Any]]


def _city(name: str, prefix: str) -> sql.Composed:
    return CITY_STATIONS.format(
        matched=sql.Identifier(f"{prefix}_matched"),
        city=sql.Identifier(f"{prefix}_city"),
        match=station_match_sql(prefix),
        name=sql.Identifier(name),
    )


def _legs_sql(where: sql.Composable, to_city: bool) -> sql.Composed:
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


def _legs(
    db: Connection,
    origin: StationText,
    destination: StationText | None,
    filters: TrajetFilters,
) -> list[dict[str, Any]]:
    where = trajet_where(filters, counted_only=True)
    params = {**where.params, **station_params("from", origin.raw, origin.normalized)}
    if destination is not None:
        params |= station_params("to", destination.raw, destination.normalized)
    return db.execute(_legs_sql(where.sql, destination is not None), params).fetchall()


def _city_place(db: Connection, city: StationText) -> dict[str, Any] | None:
    return db.execute(
        sql.SQL("""WITH {}
            SELECT coalesce(s.city, s.name) AS city, s.country, s.latitude, s.longitude
            FROM api.stations s WHERE s.station_id IN (SELECT station_id FROM stations)
              AND s.latitude IS NOT NULL
            ORDER BY s.trajet_count DESC, s.station_id LIMIT 1""").format(_city("stations", "q")),
        station_params("q", city.raw, city.normalized),
    ).fetchone()


def _airports(db: Connection) -> journeys.Airports:
    rows = db.execute(SERVED_AIRPORTS_SQL).fetchall()
    return journeys.Airports(
        journeys.Airport(r["iata"], r["name"], r["latitude"], r["longitude"]) for r in rows
    )


def _factors(db: Connection) -> journeys.Factors:
    return journeys.Factors.from_rows(db.execute(FACTORS_SQL).fetchall())


@cache
def _reference(db: Connection) -> tuple[journeys.Airports, journeys.Factors]:
    """The served airports and the CO2 factors, read once per connection instead of once per
    answer: the oracle runs on the loaded warehouse, which tests never change (each read of the
    served airports scans the trajets: about 50 ms on the real mirror, 132 answers)."""
    return _airports(db), _factors(db)


# ---- api/routes/journeys.py ----


def _train(row: dict[str, Any]) -> str | None:
    designation = " ".join(p for p in (row.get("brand"), row.get("train_number")) if p)
    return designation or row.get("train_name")


def _time(time: Any, zone: str | None, days: int | None = 0) -> dict[str, Any]:
    return {"time": f"{time:%H:%M}", "time_zone": zone or "", "days": int(days or 0)}


def _place(row: dict[str, Any] | None, prefix: str = "") -> journeys.Place | None:
    if not row or row.get(f"{prefix}latitude") is None:
        return None
    return journeys.Place(row[f"{prefix}latitude"], row[f"{prefix}longitude"])


def _plane(
    origin: journeys.Place | None,
    destination: journeys.Place | None,
    airports: journeys.Airports,
    factors: journeys.Factors,
) -> journeys.PlaneTrip | None:
    if origin is None or destination is None:
        return None
    return journeys.plane_trip(origin, destination, airports, factors)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _figures(leg: dict[str, Any], factors: journeys.Factors) -> journeys.LegFigures:
    return journeys.leg_figures(
        whole=leg["from_seq"] == leg["first_seq"] and leg["seq"] == leg["last_seq"],
        trajet_km=_float(leg["trajet_km"]),
        trajet_co2_kg=_float(leg["trajet_co2_kg"]),
        leg_route_km=_float(leg["leg_route_km"]),
        route_km=_float(leg["route_km"]),
        category=leg["rail_category"],
        factors=factors,
    )


def _same_trains(legs: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for leg in legs:
        key = (
            _train(leg),
            leg["operator_name"],
            leg["day_night"],
            leg["from_station"],
            leg["to_station"],
            leg["departure_local"],
            leg["arrival_local"],
            leg["arrival_days"],
        )
        grouped.setdefault(key, []).append(leg)
    return [
        sorted(rows, key=lambda r: (-float(r["weekly_departures"]), r["trajet_id"]))
        for rows in grouped.values()
    ]


def _destination_groups(
    legs: list[dict[str, Any]],
    origin: journeys.Place | None,
    airports: journeys.Airports,
    factors: journeys.Factors,
) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, str | None, str], list[dict[str, Any]]] = {}
    for leg in legs:
        grouped.setdefault((leg["to_city"], leg["to_country"], leg["day_night"]), []).append(leg)
    out = []
    for (city, country, day_night), rows in grouped.items():
        fastest = min(
            (train[0] for train in _same_trains(rows)),
            key=lambda r: (r["rail_min"], r["departure_local"], -float(r["weekly_departures"])),
        )
        fastest_figures = _figures(fastest, factors)
        station_id = Counter(r["to_station"] for r in rows).most_common(1)[0][0]
        station = next(r for r in rows if r["to_station"] == station_id)
        earliest = min(rows, key=lambda r: r["departure_local"])
        latest = max(rows, key=lambda r: (r["arrival_days"], r["arrival_local"]))
        plane = _plane(origin, _place(station, "to_"), airports, factors)
        out.append(
            {
                "city": city,
                "country": country,
                "day_night": day_night,
                "station": {
                    "id": station_id,
                    "name": station["to_name"],
                    "latitude": station["to_latitude"],
                    "longitude": station["to_longitude"],
                },
                "trains": len(_same_trains(rows)),
                "weekly_departures": round(sum(float(r["weekly_departures"]) for r in rows), 2),
                "fastest_min": int(fastest["rail_min"]),
                "fastest_trajet_id": fastest["trajet_id"],
                "earliest_departure": _time(earliest["departure_local"], earliest["from_tz"]),
                "latest_arrival": _time(
                    latest["arrival_local"], latest["to_tz"], latest["arrival_days"]
                ),
                "rail_km": fastest_figures.rail_km,
                "co2_train_kg": fastest_figures.co2_train_kg,
                "figures_basis": fastest_figures.basis,
                "co2_plane_kg": plane.co2_kg if plane else None,
                "plane": plane.as_json() if plane else None,
            }
        )
    return sorted(out, key=lambda d: (d["fastest_min"], d["city"]))


def _train_option(
    train: list[dict[str, Any]], factors: journeys.Factors, plane: journeys.PlaneTrip | None
) -> dict[str, Any]:
    leg = train[0]
    leg_figures = _figures(leg, factors)
    co2 = leg_figures.co2_train_kg
    verdict, saved = journeys.verdict(float(leg["rail_min"]), co2, plane)
    return {
        "trajet_id": leg["trajet_id"],
        "trajet_ids": [r["trajet_id"] for r in train],
        "train": _train(leg),
        "operator": leg["operator_name"],
        "day_night": leg["day_night"],
        "departure": _time(leg["departure_local"], leg["from_tz"]),
        "arrival": _time(leg["arrival_local"], leg["to_tz"], leg["arrival_days"]),
        "from_station": leg["from_name"],
        "to_station": leg["to_name"],
        "rail_min": int(leg["rail_min"]),
        "door_to_door_min": round(journeys.train_door_to_door_min(float(leg["rail_min"]))),
        "weekly_departures": round(sum(float(r["weekly_departures"]) for r in train), 2),
        "rail_km": leg_figures.rail_km,
        "co2_train_kg": co2,
        "figures_basis": leg_figures.basis,
        "verdict": verdict,
        "minutes_saved": None if saved is None else round(saved),
    }


def _json(body: dict[str, Any]) -> dict[str, Any]:
    """The body as a client reads it (the API serialises with orjson)."""
    decoded: dict[str, Any] = orjson.loads(orjson.dumps(body))
    return decoded


def connect(url: str) -> Connection:
    return psycopg.connect(url, row_factory=dict_row, autocommit=True)


def destinations(db: Connection, city: StationText, filters: TrajetFilters) -> dict[str, Any]:
    """The body of /destinations (None when the city is unknown: a 404)."""
    with db.transaction():
        db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        place = _city_place(db, city)
        assert place is not None, city
        origin = {"query": city.raw, **place}
        legs = _legs(db, city, None, filters)
        airports, factors = _reference(db)
    body = {
        "origin": origin,
        "destinations": _destination_groups(legs, _place(origin), airports, factors),
        "method": journeys.METHOD,
    }
    return _json(body)


def comparison(
    db: Connection, origin_text: StationText, destination_text: StationText, filters: TrajetFilters
) -> dict[str, Any]:
    """The body of /comparison."""
    with db.transaction():
        db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        origin_place = _city_place(db, origin_text)
        destination_place = _city_place(db, destination_text)
        assert origin_place is not None and destination_place is not None
        origin = {"query": origin_text.raw, **origin_place}
        destination = {"query": destination_text.raw, **destination_place}
        legs = _legs(db, origin_text, destination_text, filters)
        airports, factors = _reference(db)
    plane = _plane(_place(origin), _place(destination), airports, factors)
    trains = sorted(
        (_train_option(train, factors, plane) for train in _same_trains(legs)),
        key=lambda o: (o["rail_min"], o["departure"]["time"]),
    )
    body = {
        "origin": origin,
        "destination": destination,
        "trains": trains,
        "fastest": trains[0] if trains else None,
        "plane": plane.as_json() if plane else None,
        "method": journeys.METHOD,
    }
    return _json(body)

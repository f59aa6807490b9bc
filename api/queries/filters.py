"""The WHERE clause of every trajet query, built from whitelisted fragments with bound values.

Station text (q, origin, destination) is matched in `api.station_names` (every name of a station in
every language, normalised). Best tier wins: an exact name ("wien" = "vienna" = "vienne": the same
stations), else names starting with the text, else names containing it (pg_trgm index).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from api.params import TrajetFilters


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

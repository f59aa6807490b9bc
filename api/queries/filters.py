"""The WHERE clause of every trajet query, on the read model, from whitelisted fragments with bound
values.

Conditions apply to `api.service_rows t` (one row per service); those on the attributes that the
pre-aggregated tables keep (sources, operators, brand, day/night, countries) apply to
`api.service_counts` and `api.volume_cells` as well, under the same names.

Station text (q, origin, destination) is resolved by `api.match_stations(raw, normalized)`: the
station id itself, else the best tier of names in every language (an exact name: "wien" =
"vienna" = "vienne", the same stations; else names starting with the text; else names
containing it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psycopg import sql
from psycopg.sql import Composable

from api.params import TrajetFilters


def station_params(prefix: str, raw: str, normalized: str) -> dict[str, str]:
    # normalised text holds only [0-9a-z ]: no LIKE wildcard to escape.
    return {
        f"{prefix}_raw": raw,
        f"{prefix}_norm": normalized,
        f"{prefix}_starts": normalized + "%",
        f"{prefix}_contains": "%" + normalized + "%",
    }


def _match_call(prefix: str) -> sql.Composed:
    return sql.SQL("api.match_stations({}, {})").format(
        sql.Placeholder(f"{prefix}_raw"), sql.Placeholder(f"{prefix}_norm")
    )


def station_match_sql(prefix: str) -> sql.Composed:
    """A query of the station ids `%(<prefix>_raw)s` / `%(<prefix>_norm)s` names (as a set)."""
    return sql.SQL("SELECT unnest({}) AS station_id").format(_match_call(prefix))


def _matched(prefix: str) -> sql.Composed:
    """The stations a text names, computed once per statement (a scalar subquery is an initial
    plan: its value is an index condition, never a per-row call)."""
    return sql.SQL("(SELECT {})").format(_match_call(prefix))


#: The station conditions, composed once (their texts never change).
SERVES_Q = sql.SQL("t.station_ids && {}").format(_matched("q"))
FROM_ORIGIN = sql.SQL("t.origin_station_id = ANY ({}::text[])").format(_matched("origin"))
TO_DESTINATION = sql.SQL("t.destination_station_id = ANY ({}::text[])").format(
    _matched("destination")
)


@dataclass
class Where:
    clauses: list[Composable] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    aggregable: bool = True
    """Only conditions on attributes the pre-aggregated tables keep."""
    by_station: bool = False
    """A condition on the stations served (q, origin, destination): few services, indexed."""

    def add(
        self,
        clause: Composable,
        *,
        aggregable: bool = False,
        by_station: bool = False,
        **params: Any,
    ) -> None:
        self.clauses.append(clause)
        self.params.update(params)
        self.aggregable = self.aggregable and aggregable
        self.by_station = self.by_station or by_station

    @property
    def sql(self) -> Composable:
        return _conjunction(self.clauses)

    @property
    def shape(self) -> tuple[str, ...]:
        """What the statement's text depends on: the conditions themselves (their values are
        bound parameters). Equal shapes compose equal statements (api.queries.shapes)."""
        return tuple(map(repr, self.clauses))

    def without(self, clause: Composable) -> Composable:
        """The conditions but one (a condition the relation holds by construction)."""
        return _conjunction([c for c in self.clauses if c != clause])


def _conjunction(clauses: list[sql.Composable]) -> sql.Composable:
    return sql.SQL(" AND ").join(clauses) if clauses else sql.SQL("true")


COUNTED = sql.SQL("t.counted_in_stats")


def trajet_where(filters: TrajetFilters, *, counted_only: bool = False) -> Where:
    """Conditions on `t`. `counted_only`: statistics count each train once (COUNTED)."""
    where = Where()
    _source(where, filters.source, filters.sources)
    if counted_only:
        where.add(COUNTED, aggregable=True)
    _stations(where, filters)
    if filters.countries:
        where.add(
            sql.SQL("t.countries && %(countries)s::text[]"),
            aggregable=True,
            countries=list(filters.countries),
        )
    if filters.operators:
        where.add(
            sql.SQL("t.operator_keys && %(operators)s::text[]"),
            aggregable=True,
            operators=list(filters.operators),
        )
    if filters.brand:
        where.add(
            sql.SQL("lower(t.brand) = lower(%(brand)s)"), aggregable=True, brand=filters.brand
        )
    if filters.day_night:
        where.add(
            sql.SQL("t.day_night = %(day_night)s"),
            aggregable=True,
            day_night=filters.day_night.value,
        )
    _bounds(where, filters)
    _departure_window(where, filters.departure_after, filters.departure_before)
    _service_period(where, filters)
    return where


def _service_period(where: Where, filters: TrajetFilters) -> None:
    """Trajets whose calendar (first to last running day) meets the period."""
    if filters.service_from is not None:
        where.add(sql.SQL("t.service_end >= %(service_from)s"), service_from=filters.service_from)
    if filters.service_until is not None:
        where.add(
            sql.SQL("t.service_start <= %(service_until)s"), service_until=filters.service_until
        )


def _source(where: Where, source: str, sources: tuple[str, ...] = ()) -> None:
    if sources:
        where.add(
            sql.SQL("t.source_id = ANY (%(sources)s::text[])"),
            aggregable=True,
            sources=list(sources),
        )
    elif source == "current":
        where.add(sql.SQL("t.is_current"), aggregable=True)
    elif source == "historical":
        where.add(sql.SQL("NOT t.is_current"), aggregable=True)
    elif source != "all":
        where.add(sql.SQL("t.source_id = %(source)s"), aggregable=True, source=source)


def _stations(where: Where, filters: TrajetFilters) -> None:
    if filters.q:
        where.add(
            SERVES_Q,
            by_station=True,
            q_raw=filters.q.raw,
            q_norm=filters.q.normalized,
        )
    if filters.origin:
        where.add(
            FROM_ORIGIN,
            by_station=True,
            origin_raw=filters.origin.raw,
            origin_norm=filters.origin.normalized,
        )
    if filters.destination:
        where.add(
            TO_DESTINATION,
            by_station=True,
            destination_raw=filters.destination.raw,
            destination_norm=filters.destination.normalized,
        )


def _bounds(where: Where, filters: TrajetFilters) -> None:
    if filters.min_duration is not None:
        where.add(sql.SQL("t.duration_min >= %(min_duration)s"), min_duration=filters.min_duration)
    if filters.max_duration is not None:
        where.add(sql.SQL("t.duration_min <= %(max_duration)s"), max_duration=filters.max_duration)
    if filters.min_distance is not None:
        where.add(sql.SQL("t.distance_km >= %(min_distance)s"), min_distance=filters.min_distance)
    if filters.max_distance is not None:
        where.add(sql.SQL("t.distance_km <= %(max_distance)s"), max_distance=filters.max_distance)


def _departure_window(where: Where, after: str | None, before: str | None) -> None:
    if after and before and after > before:
        where.add(
            sql.SQL(
                "(t.departure_local >= %(dep_after)s::time OR t.departure_local <= %(dep_before)s::time)"
            ),
            dep_after=after,
            dep_before=before,
        )
        return
    if after:
        where.add(sql.SQL("t.departure_local >= %(dep_after)s::time"), dep_after=after)
    if before:
        where.add(sql.SQL("t.departure_local <= %(dep_before)s::time"), dep_before=before)

"""Trajets: keys, day/night, endpoints, plausible duration and distance, plausibility flags that
match the warehouse's rules (warehouse/harmonise/plausibility.py), the share of trajets flagged
implausible, countries, night trains in the evening."""

from __future__ import annotations

from collections.abc import Callable

from psycopg import sql

from quality.checks import Asset, Check, Severity, Suite, compose
from quality.expectations import ExpectNoUnexpectedRows
from quality.gx import (
    Column,
    ExpectColumnValuesToBeBetween,
    ExpectColumnValuesToBeInSet,
    ExpectColumnValuesToBeUnique,
    ExpectColumnValuesToNotBeNull,
    ExpectCompoundColumnsToBeUnique,
    ExpectTableRowCountToBeBetween,
)
from quality.reference import country_codes
from warehouse.harmonise.plausibility import (
    BOUNDS,
    MIN_DISTANCE_FOR_SPEED_FLOOR_KM,
    NIGHT_MIN_DURATION_MIN,
    Bounds,
    load_exceptions,
)

TRAJETS = Asset(
    "trajets",
    """
    SELECT t.trajet_id AS row_key, t.trajet_id, t.source_id, t.source_trip_id, t.operator_id,
           t.rail_category, t.day_night, t.origin_station_id, t.destination_station_id,
           t.departure_local, t.arrival_day_offset, t.runs_overnight, t.duration_min,
           t.distance_km, t.train_number, t.plausibility_flags,
           cardinality(t.plausibility_flags) = 0 AS is_plausible,
           round(t.distance_km * 60.0 / nullif(t.duration_min, 0), 1) AS average_speed_kmh,
           coalesce(t.departure_local >= time '17:00' OR t.departure_local < time '03:00'
                    OR t.arrival_day_offset >= 1 OR t.runs_overnight, false)
               AS evening_or_overnight
    FROM {schema}.trajets t
    """,
)

TRAJET_COUNTRIES = Asset(
    "trajet_countries",
    """
    SELECT t.trajet_id AS row_key, c.country
    FROM {schema}.trajets t CROSS JOIN LATERAL unnest(t.countries) AS c(country)
    """,
)

#: Share of trajets that must be plausible (the rest is reported, with examples).
PLAUSIBLE_SHARE = 0.995
#: Share of trajets the warehouse may flag implausible before the suite warns.
FLAGGED_SHARE_ALLOWED = 0.01
NIGHT_EVENING_SHARE = 0.9


def _by_category(bound: Callable[[Bounds], float]) -> sql.Composed:
    """CASE rail_category WHEN ... THEN <bound of that category> ... END."""
    cases = sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN {}").format(sql.Literal(category), sql.Literal(bound(b)))
        for category, b in sorted(BOUNDS.items())
    )
    return sql.SQL("CASE rail_category {} END").format(cases)


def _rule_sql(code: str) -> sql.Composable:
    """SQL (on the asset's columns) true when the trajet breaks rule `code`, as the warehouse
    computes it: the same bounds, read from warehouse.harmonise.plausibility."""
    if code == "duration_too_long":
        return sql.SQL("duration_min > {}").format(_by_category(lambda b: b.max_duration_min))
    if code == "speed_too_low":
        return sql.SQL(
            "coalesce(distance_km > 0 AND distance_km >= {floor}"
            " AND distance_km * 60.0 / duration_min < {bound}, false)"
        ).format(
            floor=sql.Literal(MIN_DISTANCE_FOR_SPEED_FLOOR_KM),
            bound=_by_category(lambda b: b.min_speed_kmh),
        )
    if code == "speed_too_high":
        return sql.SQL(
            "coalesce(distance_km > 0 AND distance_km * 60.0 / duration_min > {}, false)"
        ).format(_by_category(lambda b: b.max_speed_kmh))
    if code == "night_too_short":
        return sql.SQL("day_night = 'night' AND duration_min < {}").format(
            sql.Literal(NIGHT_MIN_DURATION_MIN)
        )
    if code == "night_not_overnight":
        return sql.SQL("day_night = 'night' AND NOT runs_overnight")
    raise ValueError(code)


#: Rules the suite recomputes from a trajet's own columns (time gaps and detours need calls
#: and coordinates: the warehouse's tests cover them on real trains).
CHECKED_RULES = (
    "duration_too_long",
    "speed_too_low",
    "speed_too_high",
    "night_too_short",
    "night_not_overnight",
)


def _flags_mismatch_query() -> str:
    """Rows whose flags disagree with the rules: a broken rule not flagged, or a flag for a
    rule that holds. Trains with a documented exception are left to their exception."""
    excepted = sql.SQL(", ").join(
        sql.SQL("({}, {})").format(sql.Literal(e.train_number), sql.Literal(e.rule))
        for e in load_exceptions()
    )
    mismatches = []
    for code in CHECKED_RULES:
        mismatch = sql.SQL("(({rule}) <> ({code} = ANY (plausibility_flags))").format(
            rule=_rule_sql(code), code=sql.Literal(code)
        )
        if load_exceptions():
            mismatch += sql.SQL(" AND (coalesce(train_number, ''), {}) NOT IN ({})").format(
                sql.Literal(code), excepted
            )
        mismatches.append(mismatch + sql.SQL(")"))
    return compose(
        "SELECT row_key, rail_category, duration_min, distance_km, plausibility_flags"
        " FROM {batch} WHERE {mismatches}",
        mismatches=sql.SQL(" OR ").join(mismatches),
    )


SUITE = Suite(
    "trajets",
    (
        Check(
            "trajets_not_empty",
            Severity.critical,
            TRAJETS,
            ExpectTableRowCountToBeBetween,
            {"min_value": 1},
            "Il y a au moins un trajet à publier.",
        ),
        Check(
            "trajet_id_present",
            Severity.critical,
            TRAJETS,
            ExpectColumnValuesToNotBeNull,
            {"column": "trajet_id"},
            "Chaque trajet a un identifiant.",
        ),
        Check(
            "trajet_id_unique",
            Severity.critical,
            TRAJETS,
            ExpectColumnValuesToBeUnique,
            {"column": "trajet_id"},
            "Aucun identifiant de trajet n'apparaît deux fois.",
        ),
        Check(
            "source_trip_unique",
            Severity.critical,
            TRAJETS,
            ExpectCompoundColumnsToBeUnique,
            {"column_list": ["source_id", "source_trip_id"]},
            "Un trajet de la source (source, identifiant d'origine) n'est chargé qu'une fois.",
        ),
        Check(
            "trajet_source_known",
            Severity.critical,
            TRAJETS,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": """
                SELECT b.row_key, b.source_id
                FROM {batch} AS b LEFT JOIN {schema}.sources s ON s.source_id = b.source_id
                WHERE s.source_id IS NULL
                """
            },
            "La source de chaque trajet existe dans le catalogue des sources.",
        ),
        Check(
            "trajet_endpoints_known",
            Severity.critical,
            TRAJETS,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": """
                SELECT b.row_key, b.origin_station_id, b.destination_station_id
                FROM {batch} AS b
                LEFT JOIN {schema}.stations o ON o.station_id = b.origin_station_id
                LEFT JOIN {schema}.stations d ON d.station_id = b.destination_station_id
                WHERE o.station_id IS NULL OR d.station_id IS NULL
                """
            },
            "Les gares d'origine et de destination de chaque trajet existent.",
        ),
        Check(
            "trajet_operator_known",
            Severity.critical,
            TRAJETS,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": """
                SELECT b.row_key, b.operator_id
                FROM {batch} AS b LEFT JOIN {schema}.operators o ON o.operator_id = b.operator_id
                WHERE b.operator_id IS NOT NULL AND o.operator_id IS NULL
                """
            },
            "L'opérateur d'un trajet, quand il est connu, existe dans la table des opérateurs.",
        ),
        Check(
            "day_night_in_set",
            Severity.critical,
            TRAJETS,
            ExpectColumnValuesToBeInSet,
            {"column": "day_night", "value_set": ["day", "night"]},
            "Chaque trajet est classé jour (day) ou nuit (night).",
        ),
        Check(
            "origin_differs_from_destination",
            Severity.critical,
            TRAJETS,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": """
                SELECT row_key, origin_station_id, destination_station_id
                FROM {batch}
                WHERE origin_station_id = destination_station_id
                """
            },
            "La gare d'origine diffère de la gare de destination.",
        ),
        Check(
            "duration_plausible",
            Severity.warning,
            TRAJETS,
            ExpectColumnValuesToBeBetween,
            {
                "column": "duration_min",
                "min_value": 5,
                "max_value": 48 * 60,
                "mostly": PLAUSIBLE_SHARE,
            },
            f"Durée entre 5 minutes et 48 heures pour au moins {PLAUSIBLE_SHARE:.1%} des trajets.",
        ),
        Check(
            "distance_present",
            Severity.warning,
            TRAJETS,
            ExpectColumnValuesToNotBeNull,
            {"column": "distance_km", "mostly": 0.99},
            "La distance est connue (source ou calculée par les arrêts) pour au moins 99 % des trajets.",
        ),
        Check(
            "distance_plausible",
            Severity.warning,
            TRAJETS,
            ExpectColumnValuesToBeBetween,
            {
                "column": "distance_km",
                "min_value": 1,
                "max_value": 4000,
                "mostly": PLAUSIBLE_SHARE,
            },
            f"Distance entre 1 et 4 000 km pour au moins {PLAUSIBLE_SHARE:.1%} des trajets.",
        ),
        Check(
            "plausibility_flags_match_the_rules",
            Severity.critical,
            TRAJETS,
            ExpectNoUnexpectedRows,
            {"unexpected_rows_query": _flags_mismatch_query()},
            "Les signalements de vraisemblance de chaque trajet suivent les règles de l'entrepôt "
            "(vitesse moyenne et durée maximale par catégorie, train de nuit d'au moins 5 h en "
            "route entre 0 h et 5 h) : un trajet invraisemblable non signalé serait compté dans "
            "les statistiques.",
        ),
        Check(
            "implausible_trajets_share",
            Severity.warning,
            TRAJETS,
            ExpectColumnValuesToBeInSet,
            {
                "column": "is_plausible",
                "value_set": [True],
                "mostly": 1 - FLAGGED_SHARE_ALLOWED,
            },
            "Au plus 1 % des trajets sont signalés invraisemblables (publiés, exclus des "
            "statistiques) ; les exemples listent les trajets signalés.",
        ),
        Check(
            "trajet_countries_valid",
            Severity.critical,
            TRAJET_COUNTRIES,
            ExpectColumnValuesToBeInSet,
            {"column": "country", "value_set": list(country_codes())},
            "Chaque pays traversé est un code ISO 3166-1 alpha-2 valide.",
        ),
        Check(
            "night_trains_evening_or_overnight",
            Severity.warning,
            TRAJETS,
            ExpectColumnValuesToBeInSet,
            {
                "column": "evening_or_overnight",
                "value_set": [True],
                "mostly": NIGHT_EVENING_SHARE,
                "row_condition": Column("day_night") == "night",
            },
            (
                "Les trains de nuit partent le soir (17 h - 3 h) ou roulent de nuit (arrivée "
                f"un jour suivant) pour au moins {NIGHT_EVENING_SHARE:.0%} d'entre eux."
            ),
        ),
    ),
)

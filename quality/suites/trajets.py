"""Trajets: keys, day/night, endpoints, plausible duration, distance and speed, countries,
night trains in the evening."""

from __future__ import annotations

from quality.checks import Asset, Check, Severity, Suite
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

TRAJETS = Asset(
    "trajets",
    """
    SELECT t.trajet_id AS row_key, t.trajet_id, t.source_id, t.source_trip_id, t.operator_id,
           t.rail_category, t.day_night, t.origin_station_id, t.destination_station_id,
           t.departure_local, t.arrival_day_offset, t.runs_overnight, t.duration_min,
           t.distance_km,
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

#: Plausible average speed, origin to terminus stops included (km/h), per rail category.
SPEED_BANDS_KMH = {
    "high_speed": (50, 330),
    "intercity": (20, 200),
    "regional": (10, 160),
    "night": (10, 160),
}
#: Share of trajets that must be plausible (the rest is reported, with examples).
PLAUSIBLE_SHARE = 0.995
SPEED_PLAUSIBLE_SHARE = 0.99
NIGHT_EVENING_SHARE = 0.9


def _speed_check(category: str) -> Check:
    low, high = SPEED_BANDS_KMH[category]
    return Check(
        name=f"average_speed_plausible_{category}",
        severity=Severity.warning,
        asset=TRAJETS,
        expectation=ExpectColumnValuesToBeBetween,
        kwargs={
            "column": "average_speed_kmh",
            "min_value": low,
            "max_value": high,
            "mostly": SPEED_PLAUSIBLE_SHARE,
            "row_condition": Column("rail_category") == category,
        },
        description=(
            f"Vitesse moyenne (distance / durée) des trajets de catégorie {category} entre "
            f"{low} et {high} km/h pour au moins {SPEED_PLAUSIBLE_SHARE:.0%} d'entre eux."
        ),
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
        *(_speed_check(category) for category in SPEED_BANDS_KMH),
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

"""Calls: one call per sequence number, times that never go backwards, stations that exist and
are fully described (coordinates, country, valid time zone: the matched share, overall and for
the night-train database, whose stops the station references know least)."""

from __future__ import annotations

from quality.checks import Asset, Check, Severity, Suite, compose
from quality.expectations import ExpectNoUnexpectedRows
from quality.gx import (
    ExpectColumnValuesToBeBetween,
    ExpectColumnValuesToBeInSet,
    ExpectCompoundColumnsToBeUnique,
)
from quality.reference import sql_text_array, time_zones

#: Share of calls whose station must be fully described.
MATCHED_SHARE = 0.99
#: The same for the night-train database's calls (issue 10: town positions included).
NIGHT_DATABASE_MATCHED_SHARE = 0.98

CALLS = Asset(
    "calls",
    compose(
        """
    SELECT c.trajet_id || '#' || c.seq AS row_key, c.trajet_id, c.seq, c.station_id,
           c.time_zone, c.arrival_offset_min, c.departure_offset_min,
           c.departure_offset_min - c.arrival_offset_min AS dwell_min,
           coalesce(c.arrival_offset_min, c.departure_offset_min)
             - lag(coalesce(c.departure_offset_min, c.arrival_offset_min))
               OVER (PARTITION BY c.trajet_id ORDER BY c.seq) AS run_min,
           coalesce(s.latitude IS NOT NULL AND s.longitude IS NOT NULL
                    AND s.country IS NOT NULL
                    AND s.time_zone = ANY ({zones}), false)
               AS station_matched
    FROM {schema}.calls c LEFT JOIN {schema}.stations s ON s.station_id = c.station_id
    """,
        zones=sql_text_array(time_zones()),
    ),
)

NIGHT_DATABASE_CALLS = Asset(
    "night_database_calls",
    compose(
        """
    SELECT c.trajet_id || '#' || c.seq AS row_key, c.trajet_id, c.seq, c.station_id,
           coalesce(s.latitude IS NOT NULL AND s.longitude IS NOT NULL
                    AND s.country IS NOT NULL
                    AND s.time_zone = ANY ({zones}), false)
               AS station_matched
    FROM {schema}.calls c
    JOIN {schema}.trajets t ON t.trajet_id = c.trajet_id
    JOIN {schema}.sources src ON src.source_id = t.source_id AND src.family = 'ontd'
    LEFT JOIN {schema}.stations s ON s.station_id = c.station_id
    """,
        zones=sql_text_array(time_zones()),
    ),
)

SUITE = Suite(
    "calls",
    (
        Check(
            "call_sequence_unique",
            Severity.critical,
            CALLS,
            ExpectCompoundColumnsToBeUnique,
            {"column_list": ["trajet_id", "seq"]},
            "Un numéro d'ordre n'apparaît qu'une fois par trajet (les arrêts se suivent).",
        ),
        Check(
            "call_times_increase",
            Severity.critical,
            CALLS,
            ExpectColumnValuesToBeBetween,
            {"column": "run_min", "min_value": 0},
            (
                "L'heure d'un arrêt n'est jamais antérieure au départ de l'arrêt précédent "
                "(minutes depuis le départ de l'origine, fuseaux horaires compris)."
            ),
        ),
        Check(
            "call_dwell_not_negative",
            Severity.critical,
            CALLS,
            ExpectColumnValuesToBeBetween,
            {"column": "dwell_min", "min_value": 0},
            "À chaque arrêt, le départ n'a pas lieu avant l'arrivée.",
        ),
        Check(
            "call_trajet_known",
            Severity.critical,
            CALLS,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": """
                SELECT b.row_key, b.trajet_id
                FROM {batch} AS b LEFT JOIN {schema}.trajets t ON t.trajet_id = b.trajet_id
                WHERE t.trajet_id IS NULL
                """
            },
            "Chaque arrêt appartient à un trajet existant.",
        ),
        Check(
            "call_station_known",
            Severity.critical,
            CALLS,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": """
                SELECT b.row_key, b.station_id
                FROM {batch} AS b LEFT JOIN {schema}.stations s ON s.station_id = b.station_id
                WHERE s.station_id IS NULL
                """
            },
            "La gare de chaque arrêt existe dans la table des gares.",
        ),
        Check(
            "call_station_matched",
            Severity.warning,
            CALLS,
            ExpectColumnValuesToBeInSet,
            {"column": "station_matched", "value_set": [True], "mostly": MATCHED_SHARE},
            (
                "La gare de l'arrêt a des coordonnées, un pays et un fuseau horaire IANA valide "
                f"(part appariée observée ; au moins {MATCHED_SHARE:.0%} attendus)."
            ),
        ),
        Check(
            "night_database_call_station_matched",
            Severity.warning,
            NIGHT_DATABASE_CALLS,
            ExpectColumnValuesToBeInSet,
            {
                "column": "station_matched",
                "value_set": [True],
                "mostly": NIGHT_DATABASE_MATCHED_SHARE,
            },
            (
                "Les arrêts de la base des trains de nuit (ONTD) mènent à une gare localisée, "
                "position de gare ou de ville comprise (part observée ; au moins "
                f"{NIGHT_DATABASE_MATCHED_SHARE:.0%} attendus)."
            ),
        ),
        Check(
            "call_time_zone_valid",
            Severity.critical,
            CALLS,
            ExpectColumnValuesToBeInSet,
            {"column": "time_zone", "value_set": list(time_zones())},
            "Le fuseau horaire de chaque arrêt est un nom IANA valide.",
        ),
    ),
)

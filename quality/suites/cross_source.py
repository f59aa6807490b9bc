"""Across sources: a train present in two sources (a same_train link, or a trajet marked as
the duplicate of another: a night train in both the Open Night Train Database and an
operator's GTFS feed, a TGV in both the SNCF and the German feeds) has consistent endpoints and
distance; links point to real trajets. Fragments (fragment_of links, is_fragment trajets) are
partial by design and are not compared."""

from __future__ import annotations

from quality.checks import Asset, Check, Severity, Suite, compose
from quality.expectations import ExpectNoUnexpectedRows
from quality.gx import ExpectColumnValuesToBeBetween
from quality.suites.geo import distance_km_sql

#: The two sources may name a different station of the same city as the endpoint.
ENDPOINT_GAP_KM = 30
#: Distances may come from the source or from the calls: up to 25 % apart.
DISTANCE_RATIO = 1.25

LINKS = Asset(
    "trajet_links",
    """
    SELECT l.trajet_id || '>' || l.linked_trajet_id AS row_key, l.trajet_id,
           l.linked_trajet_id, l.link_type
    FROM {schema}.trajet_links l
    """,
)

DUPLICATES = Asset(
    "duplicate_trajets",
    """
    SELECT t.trajet_id AS row_key, t.trajet_id, t.duplicate_of
    FROM {schema}.trajets t
    WHERE t.duplicate_of IS NOT NULL
    """,
)

SAME_TRAINS = Asset(
    "same_trains",
    compose(
        """
    SELECT p.trajet_id || '>' || p.linked_trajet_id AS row_key, p.trajet_id,
           p.linked_trajet_id, a.source_id, b.source_id AS linked_source_id,
           {origin_gap} AS origin_gap_km,
           {destination_gap} AS destination_gap_km,
           round(greatest(a.distance_km, b.distance_km)
                 / nullif(least(a.distance_km, b.distance_km), 0), 3) AS distance_ratio
    FROM (
        SELECT trajet_id, linked_trajet_id FROM {schema}.trajet_links
        WHERE link_type = 'same_train'
        UNION
        SELECT t.trajet_id, t.duplicate_of FROM {schema}.trajets t
        WHERE t.duplicate_of IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM {schema}.trajet_links f
                          WHERE f.trajet_id = t.trajet_id AND f.linked_trajet_id = t.duplicate_of
                            AND f.link_type = 'fragment_of')
    ) AS p
    JOIN {schema}.trajets a ON a.trajet_id = p.trajet_id
    JOIN {schema}.trajets b ON b.trajet_id = p.linked_trajet_id
    LEFT JOIN {schema}.stations ao ON ao.station_id = a.origin_station_id
    LEFT JOIN {schema}.stations bo ON bo.station_id = b.origin_station_id
    LEFT JOIN {schema}.stations ad ON ad.station_id = a.destination_station_id
    LEFT JOIN {schema}.stations bd ON bd.station_id = b.destination_station_id
    WHERE NOT a.is_fragment AND NOT b.is_fragment
    """,
        origin_gap=distance_km_sql("ao", "bo"),
        destination_gap=distance_km_sql("ad", "bd"),
    ),
)

SUITE = Suite(
    "cross_source",
    (
        Check(
            "link_trajets_known",
            Severity.critical,
            LINKS,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": """
                SELECT b.row_key, b.link_type
                FROM {batch} AS b
                LEFT JOIN {schema}.trajets t ON t.trajet_id = b.trajet_id
                LEFT JOIN {schema}.trajets l ON l.trajet_id = b.linked_trajet_id
                WHERE t.trajet_id IS NULL OR l.trajet_id IS NULL
                   OR b.trajet_id = b.linked_trajet_id
                """
            },
            "Chaque lien relie deux trajets existants et distincts.",
        ),
        Check(
            "duplicate_of_known",
            Severity.critical,
            DUPLICATES,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": """
                SELECT b.row_key, b.duplicate_of
                FROM {batch} AS b LEFT JOIN {schema}.trajets t ON t.trajet_id = b.duplicate_of
                WHERE t.trajet_id IS NULL OR b.duplicate_of = b.trajet_id
                """
            },
            "Un trajet marqué doublon renvoie à un autre trajet existant (compté à sa place).",
        ),
        Check(
            "same_train_origins_consistent",
            Severity.warning,
            SAME_TRAINS,
            ExpectColumnValuesToBeBetween,
            {"column": "origin_gap_km", "max_value": ENDPOINT_GAP_KM},
            (
                "Un même train vu dans deux sources part du même lieu "
                f"(gares d'origine à moins de {ENDPOINT_GAP_KM} km)."
            ),
        ),
        Check(
            "same_train_destinations_consistent",
            Severity.warning,
            SAME_TRAINS,
            ExpectColumnValuesToBeBetween,
            {"column": "destination_gap_km", "max_value": ENDPOINT_GAP_KM},
            (
                "Un même train vu dans deux sources arrive au même lieu "
                f"(gares de destination à moins de {ENDPOINT_GAP_KM} km)."
            ),
        ),
        Check(
            "same_train_distance_consistent",
            Severity.warning,
            SAME_TRAINS,
            ExpectColumnValuesToBeBetween,
            {"column": "distance_ratio", "max_value": DISTANCE_RATIO},
            (
                "Un même train vu dans deux sources a des distances proches "
                f"(au plus {DISTANCE_RATIO - 1:.0%} d'écart)."
            ),
        ),
    ),
)

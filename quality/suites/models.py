"""The model slot: the features a model reads (city pairs built at publication), its training
table (published market shares), and the active model's age against the publications.

Structural faults of the features block publication (critical); a thin training table or a model
trained on old data is reported (warning): a new publication must never wait for a model."""

from __future__ import annotations

from psycopg import sql

from quality.checks import PUBLISHED_ONLY, Asset, Check, Severity, Suite, compose
from quality.expectations import ExpectNoUnexpectedRows
from quality.gx import (
    ExpectColumnValuesToBeBetween,
    ExpectColumnValuesToBeUnique,
    ExpectColumnValuesToNotBeNull,
    ExpectTableRowCountToBeBetween,
)

#: Expectation parameter the runner supplies from the settings (quality_model_max_publications).
MAX_PUBLICATIONS = {"$PARAMETER": "model_max_publications_behind"}
#: Same as warehouse.features.CITY_PAIR_MIN_KM (a pair nearer than this has no air market).
MIN_PAIR_KM = 150
#: Straight-line average speed no train reaches between two cities (km/h).
MAX_STRAIGHT_LINE_SPEED = 320
#: Below this many city pairs the training table is thin (the model card says so).
MIN_TRAINING_PAIRS = 15

CITY_PAIRS = Asset(
    "city_pairs",
    """
    SELECT p.pair_id AS row_key, p.pair_id, p.place_a, p.place_b, p.distance_km,
           p.rail_time_min, p.weekly_departures, p.fastest_trajet_id
    FROM {schema}.city_pairs p
    """,
)

MARKET_SHARES = Asset(
    "market_shares",
    """
    SELECT m.observation_id AS row_key, m.origin_city, m.destination_city, m.rail_time_min,
           m.rail_share, m.share_publication_id, m.rail_time_publication_id
    FROM {schema}.market_shares m
    """,
)

MODEL_FRESHNESS = Asset(
    "model_freshness",
    """
    SELECT f.model_name AS row_key, f.model_name, f.version, f.data_version,
           f.trained_on_run_id, f.publications_since
    FROM api.model_freshness f
    """,
)

SUITE = Suite(
    "models",
    (
        Check(
            "city_pairs_present",
            Severity.critical,
            CITY_PAIRS,
            ExpectTableRowCountToBeBetween,
            {"min_value": 1},
            "Les paires de villes reliées par un train direct (caractéristiques du modèle de "
            "report modal) sont construites à chaque publication.",
        ),
        Check(
            "city_pair_unique",
            Severity.critical,
            CITY_PAIRS,
            ExpectColumnValuesToBeUnique,
            {"column": "pair_id"},
            "Une paire de villes n'apparaît qu'une fois.",
        ),
        Check(
            "city_pair_distance",
            Severity.critical,
            CITY_PAIRS,
            ExpectColumnValuesToBeBetween,
            {"column": "distance_km", "min_value": MIN_PAIR_KM},
            "Les deux villes d'une paire sont à au moins 150 km à vol d'oiseau (en deçà, pas de "
            "marché aérien à reporter).",
        ),
        Check(
            "city_pair_fastest_counted",
            Severity.critical,
            CITY_PAIRS,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": """
                SELECT b.row_key, b.fastest_trajet_id
                FROM {batch} AS b
                LEFT JOIN {schema}.trajets t ON t.trajet_id = b.fastest_trajet_id
                WHERE t.trajet_id IS NULL OR t.duplicate_of IS NOT NULL
                   OR cardinality(t.plausibility_flags) > 0
                """
            },
            "Le train le plus rapide d'une paire est un trajet publié, compté dans les "
            "statistiques (ni doublon ni invraisemblable).",
        ),
        Check(
            "city_pair_speed_plausible",
            Severity.warning,
            CITY_PAIRS,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": compose(
                    """
                SELECT row_key, place_a, place_b, distance_km, rail_time_min,
                       round(distance_km * 60 / rail_time_min) AS straight_line_kmh
                FROM {batch}
                WHERE distance_km * 60 / rail_time_min > {speed}
                """,
                    speed=sql.Literal(MAX_STRAIGHT_LINE_SPEED),
                )
            },
            "Aucune paire n'est reliée à plus de 320 km/h de moyenne à vol d'oiseau (temps de "
            "train faux ou villes mal placées).",
        ),
        Check(
            "market_shares_enough_pairs",
            Severity.warning,
            MARKET_SHARES,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": compose(
                    """
                SELECT 'market_shares' AS row_key, count(*) AS pairs
                FROM (SELECT DISTINCT least(origin_city, destination_city),
                                      greatest(origin_city, destination_city)
                      FROM {batch}) AS pairs
                HAVING count(*) < {pairs}
                """,
                    pairs=sql.Literal(MIN_TRAINING_PAIRS),
                )
            },
            "La table d'entraînement du modèle de report modal couvre au moins 15 paires de "
            "villes (chiffres publiés et sourcés).",
        ),
        Check(
            "market_share_rail_time_range",
            Severity.warning,
            MARKET_SHARES,
            ExpectColumnValuesToBeBetween,
            {"column": "rail_time_min", "min_value": 30, "max_value": 900},
            "Les temps de train publiés sont entre 30 minutes et 15 heures (une saisie en heures "
            "au lieu de minutes se voit).",
        ),
        Check(
            "model_trained_on_published_data",
            Severity.warning,
            MODEL_FRESHNESS,
            ExpectColumnValuesToNotBeNull,
            {"column": "trained_on_run_id"},
            "Chaque modèle servi a été entraîné sur une version de données publiée par cet "
            "entrepôt.",
            targets=PUBLISHED_ONLY,
        ),
        Check(
            "model_trained_on_recent_data",
            Severity.warning,
            MODEL_FRESHNESS,
            ExpectColumnValuesToBeBetween,
            {"column": "publications_since", "max_value": MAX_PUBLICATIONS},
            "Chaque modèle servi a été entraîné sur des données d'au plus N publications (réglage "
            "OBRAIL_QUALITY_MODEL_MAX_PUBLICATIONS, 3 par défaut) : sinon, le réentraîner.",
            targets=PUBLISHED_ONLY,
        ),
    ),
)

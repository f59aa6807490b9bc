"""Volumes: rows loaded per source compared with the previous successful ETL run (anomaly
detection on core.etl_run_sources). A source that vanishes blocks publication."""

from __future__ import annotations

from quality.checks import Asset, Check, Severity, Suite
from quality.expectations import ExpectNoUnexpectedRows
from quality.gx import ExpectColumnValuesToBeBetween

#: Expectation parameters the runner supplies from the settings (volume_tolerance).
MIN_RATIO = {"$PARAMETER": "volume_min_ratio"}
MAX_RATIO = {"$PARAMETER": "volume_max_ratio"}

SOURCE_VOLUMES = Asset(
    "source_volumes",
    """
    SELECT coalesce(c.source_id, p.source_id) AS row_key,
           c.rows_loaded, p.rows_loaded AS previous_rows_loaded,
           round(c.rows_loaded::numeric / nullif(p.rows_loaded, 0), 3) AS rows_ratio,
           c.calls_loaded, p.calls_loaded AS previous_calls_loaded,
           round(c.calls_loaded::numeric / nullif(p.calls_loaded, 0), 3) AS calls_ratio
    FROM (
        SELECT source_id, rows_loaded, calls_loaded FROM core.etl_run_sources
        WHERE run_id = {run}
    ) AS c
    FULL JOIN (
        SELECT source_id, rows_loaded, calls_loaded FROM core.etl_run_sources
        WHERE run_id = (SELECT max(run_id) FROM core.etl_runs
                        WHERE status = 'succeeded' AND run_id < {run})
    ) AS p ON p.source_id = c.source_id
    """,
)

SUITE = Suite(
    "volumes",
    (
        Check(
            "source_not_lost",
            Severity.critical,
            SOURCE_VOLUMES,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": """
                SELECT row_key, rows_loaded, previous_rows_loaded
                FROM {batch}
                WHERE previous_rows_loaded > 0 AND coalesce(rows_loaded, 0) = 0
                """
            },
            (
                "Une source chargée au précédent ETL réussi n'est pas devenue vide ou absente "
                "(sinon publier la ferait disparaître du portail)."
            ),
        ),
        Check(
            "source_rows_within_band",
            Severity.warning,
            SOURCE_VOLUMES,
            ExpectColumnValuesToBeBetween,
            {"column": "rows_ratio", "min_value": MIN_RATIO, "max_value": MAX_RATIO},
            (
                "Les lignes chargées par source restent dans la bande attendue autour du "
                "précédent ETL réussi (± 30 % par défaut)."
            ),
        ),
        Check(
            "source_calls_within_band",
            Severity.warning,
            SOURCE_VOLUMES,
            ExpectColumnValuesToBeBetween,
            {"column": "calls_ratio", "min_value": MIN_RATIO, "max_value": MAX_RATIO},
            (
                "Les arrêts chargés par source restent dans la bande attendue autour du "
                "précédent ETL réussi (± 30 % par défaut)."
            ),
        ),
    ),
)

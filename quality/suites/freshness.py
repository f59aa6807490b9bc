"""Freshness: the current timetables are valid today, and the last successful ETL is recent.

The mirror's feeds really expire (a GTFS feed covers a few weeks to a year): this is reported
as a warning, honestly, and never blocks publication."""

from __future__ import annotations

from quality.checks import PUBLISHED_ONLY, Asset, Check, Severity, Suite
from quality.expectations import ExpectNoUnexpectedRows

CURRENT_TIMETABLES = Asset(
    "current_timetables",
    """
    SELECT s.source_id AS row_key, s.source_id, s.valid_from, s.valid_until
    FROM {schema}.sources s
    WHERE s.kind = 'timetable' AND s.is_current
    """,
)

LAST_ETL = Asset(
    "last_etl_success",
    """
    SELECT 'etl' AS row_key, max(r.finished_at) AS last_success_at,
           round((extract(epoch FROM now() - max(r.finished_at)) / 3600)::numeric, 1) AS age_h
    FROM core.etl_runs r
    WHERE r.status = 'succeeded'
    """,
)

SUITE = Suite(
    "freshness",
    (
        Check(
            "current_timetables_valid_today",
            Severity.warning,
            CURRENT_TIMETABLES,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": """
                SELECT row_key, valid_from, valid_until, current_date - valid_until AS days_expired
                FROM {batch}
                WHERE NOT coalesce(valid_from <= current_date AND current_date <= valid_until, false)
                """
            },
            (
                "La période de validité de chaque horaire courant couvre aujourd'hui "
                "(un flux expiré décrit une offre qui peut avoir changé)."
            ),
        ),
        Check(
            "last_etl_success_recent",
            Severity.warning,
            LAST_ETL,
            ExpectNoUnexpectedRows,
            {
                "unexpected_rows_query": """
                SELECT row_key, last_success_at, age_h
                FROM {batch}
                WHERE last_success_at IS NULL OR age_h > {etl_max_age_h}
                """
            },
            "Le dernier chargement réussi (ETL) est récent (âge maximal réglable, 8 jours par défaut).",
            targets=PUBLISHED_ONLY,
        ),
    ),
)

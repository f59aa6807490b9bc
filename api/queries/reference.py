"""Reference lists: stations (autocomplete), operators, sources with licences, ETL runs."""

from __future__ import annotations

from typing import Any

from api.db import Snapshot
from api.queries.filters import station_params

STATION_SEARCH_SQL = """
WITH matched AS (
    SELECT DISTINCT ON (n.station_id) n.station_id, n.name AS matched_name,
           CASE WHEN n.normalized = %(s_norm)s THEN 0
                WHEN n.normalized LIKE %(s_starts)s THEN 1
                WHEN n.normalized LIKE %(s_word)s THEN 2
                ELSE 3 END AS tier
    FROM api.station_names n
    WHERE n.normalized LIKE %(s_contains)s
    ORDER BY n.station_id, tier, length(n.name), n.name)
SELECT s.station_id AS id, s.name, s.city, s.country, s.trajet_count, m.matched_name,
       s.coordinates_precision
FROM matched m JOIN api.stations s USING (station_id)
ORDER BY m.tier, s.trajet_count DESC, s.name, s.station_id
LIMIT %(limit)s"""

TOP_STATIONS_SQL = """
SELECT station_id AS id, name, city, country, trajet_count, NULL AS matched_name,
       coordinates_precision
FROM api.stations ORDER BY trajet_count DESC, name, station_id LIMIT %(limit)s"""


async def stations(snapshot: Snapshot, normalized: str | None, limit: int) -> list[dict[str, Any]]:
    if not normalized:
        return await snapshot.all(TOP_STATIONS_SQL, {"limit": limit})
    params = {
        **station_params("s", normalized, normalized),
        "s_word": "% " + normalized + "%",
        "limit": limit,
    }
    return await snapshot.all(STATION_SEARCH_SQL, params)


async def operators(snapshot: Snapshot) -> list[dict[str, Any]]:
    return await snapshot.all(
        """SELECT o.operator_id AS id, o.name, o.short_name, o.country, o.url,
                  (SELECT count(*) FROM api.trajets t
                   WHERE t.operator_id = o.operator_id AND t.is_current AND t.counted_in_stats
                  ) AS trajets
           FROM api.operators o ORDER BY o.name, o.operator_id"""
    )


async def sources(snapshot: Snapshot) -> list[dict[str, Any]]:
    return await snapshot.all(
        """SELECT source_id AS id, family, name, edition, kind, is_current, publisher, public_url,
                  licence, licence_url, attribution, share_alike, valid_from, valid_until,
                  validity_status, expired_since, notes
           FROM api.sources ORDER BY kind DESC, family, edition DESC"""
    )


async def coverage(snapshot: Snapshot) -> list[dict[str, Any]]:
    """One item per country: day and night coverage, the sources and the services counted."""
    return await snapshot.all(
        """SELECT country,
                  json_build_object('level', d.level, 'basis', d.basis,
                                    'sources', d.source_ids, 'services', d.services) AS day,
                  json_build_object('level', n.level, 'basis', n.basis,
                                    'sources', n.source_ids, 'services', n.services) AS night
           FROM api.coverage d JOIN api.coverage n USING (country)
           WHERE d.day_night = 'day' AND n.day_night = 'night'
           ORDER BY country"""
    )


async def etl_runs(snapshot: Snapshot, limit: int) -> list[dict[str, Any]]:
    return await snapshot.all(
        """SELECT r.run_id, r.started_at, r.finished_at, r.status, r.data_version, r.code_version,
                  r.error, r.rows_read, r.rows_loaded, r.rows_rejected,
                  coalesce((SELECT json_agg(json_build_object(
                                'source_id', s.source_id, 'rows_read', s.rows_read,
                                'rows_loaded', s.rows_loaded, 'rows_rejected', s.rows_rejected,
                                'calls_matched_share', s.calls_matched_share,
                                'duration_s', s.duration_s) ORDER BY s.source_id)
                            FROM api.etl_run_sources s WHERE s.run_id = r.run_id), '[]') AS sources
           FROM api.etl_runs r ORDER BY r.run_id DESC LIMIT %(limit)s""",
        {"limit": limit},
    )

"""Health: publication and freshness of the data (view api.publication, api.etl_runs)."""

from __future__ import annotations

from typing import Any

from api.db import Snapshot
from api.queries.validity import timetables

FRESHNESS_SQL = """
SELECT (SELECT published_at FROM api.publication) AS published_at,
       (SELECT max(finished_at) FROM api.etl_runs WHERE status = 'succeeded') AS last_etl_success_at"""


async def freshness(snapshot: Snapshot) -> dict[str, Any]:
    row = await snapshot.one(FRESHNESS_SQL)
    assert row is not None
    return {"version": snapshot.data_version, **row, "timetables": await timetables(snapshot)}


DATA_METRICS_SQL = """
SELECT (SELECT coalesce(json_agg(json_build_object('source_id', source_id, 'day_night', day_night,
                                                   'trajets', n, 'implausible', f)), '[]')
        FROM (SELECT source_id, day_night, count(*) FILTER (WHERE counted_in_stats) AS n,
                     count(*) FILTER (WHERE NOT is_plausible) AS f
              FROM api.trajets WHERE is_current
              GROUP BY 1, 2 ORDER BY 1, 2) c) AS trajets,
       (SELECT coalesce(json_agg(json_build_object(
                   'source_id', source_id, 'expired', (validity_status = 'expired')::int)
               ORDER BY source_id), '[]')
        FROM api.sources WHERE kind = 'timetable' AND is_current) AS expired,
       (SELECT coalesce(json_agg(json_build_object(
                   'source_id', source_id,
                   'valid_until', extract(epoch FROM ((valid_until + 1)::timestamp AT TIME ZONE 'UTC'))
               ) ORDER BY source_id), '[]')
        FROM api.sources
        WHERE kind = 'timetable' AND is_current AND valid_until IS NOT NULL) AS valid_until,
       (SELECT extract(epoch FROM max(finished_at)) FROM api.etl_runs
        WHERE status = 'succeeded') AS last_etl_success"""


async def data_metrics(snapshot: Snapshot) -> dict[str, Any]:
    """Current services counted in statistics and flagged implausible, by source and day/night;
    validity ends and expiry today; last successful ETL (epoch s)."""
    row = await snapshot.one(DATA_METRICS_SQL)
    assert row is not None
    return row

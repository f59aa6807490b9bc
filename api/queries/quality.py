"""Data-quality results written by `obrail quality` (views api.quality_runs, api.quality_latest)."""

from __future__ import annotations

from typing import Any

from api.db import Snapshot

LATEST_RUN_SQL = """
SELECT run_id, started_at, finished_at, data_version, success, critical_failures,
       warning_failures, duration_s
FROM api.quality_runs
WHERE target = 'published' AND finished_at IS NOT NULL
ORDER BY started_at DESC, run_id DESC LIMIT 1"""

SUITES_SQL = """
SELECT suite, bool_and(success) AS success,
       json_agg(json_build_object(
           'expectation', expectation, 'severity', severity, 'success', success,
           'unexpected_count', unexpected_count, 'description', description,
           'observed_value', observed_value, 'sample', sample)
           ORDER BY severity, expectation) AS expectations
FROM api.quality_latest
GROUP BY suite ORDER BY suite"""


async def latest(snapshot: Snapshot) -> dict[str, Any]:
    return {"run": await snapshot.one(LATEST_RUN_SQL), "suites": await snapshot.all(SUITES_SQL)}

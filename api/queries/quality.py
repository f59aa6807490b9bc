"""Data-quality results of the published data (views api.quality_runs, api.quality_results).

The latest validation of what is published: the last run of `obrail quality` on the published
tables or, when none is more recent, the ETL's quality gate that validated these very data in
staging just before publishing them (so the results are there right after the first load).
"""

from __future__ import annotations

from typing import Any

from api.db import Snapshot

LATEST_RUN_SQL = """
SELECT q.run_id, q.started_at, q.finished_at, q.target,
       coalesce(q.data_version, p.data_version) AS data_version, q.success,
       q.critical_failures, q.warning_failures, q.duration_s
FROM api.quality_runs q
LEFT JOIN api.publication p ON q.target = 'staging' AND p.run_id = q.etl_run_id
WHERE q.finished_at IS NOT NULL
  AND (q.target = 'published' OR p.run_id IS NOT NULL)
ORDER BY q.started_at DESC, q.run_id DESC LIMIT 1"""

SUITES_SQL = """
SELECT suite, bool_and(success) AS success,
       json_agg(json_build_object(
           'expectation', expectation, 'severity', severity, 'success', success,
           'unexpected_count', unexpected_count, 'description', description,
           'observed_value', observed_value, 'sample', sample)
           ORDER BY severity, expectation) AS expectations
FROM api.quality_results
WHERE run_id = %(run_id)s
GROUP BY suite ORDER BY suite"""


async def latest(snapshot: Snapshot) -> dict[str, Any]:
    run = await snapshot.one(LATEST_RUN_SQL)
    if run is None:
        return {"run": None, "suites": []}
    return {"run": run, "suites": await snapshot.all(SUITES_SQL, {"run_id": run["run_id"]})}

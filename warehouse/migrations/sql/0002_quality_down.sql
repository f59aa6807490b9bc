DROP VIEW IF EXISTS api.quality_latest, api.quality_results, api.quality_runs;
DROP TABLE IF EXISTS core.quality_results, core.quality_runs;

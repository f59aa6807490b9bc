-- ObRail warehouse, revision 0002: data-quality results (written by `obrail quality` and by the
-- ETL's publishing gate) and their read-only views.

CREATE TABLE core.quality_runs (
    run_id              bigserial PRIMARY KEY,
    started_at          timestamptz NOT NULL DEFAULT now(),
    finished_at         timestamptz,
    target              text NOT NULL CHECK (target IN ('staging', 'published')),
    etl_run_id          bigint REFERENCES core.etl_runs ON DELETE SET NULL,
    data_version        text,
    success             boolean,
    critical_failures   integer NOT NULL DEFAULT 0,
    warning_failures    integer NOT NULL DEFAULT 0,
    duration_s          double precision
);
COMMENT ON TABLE core.quality_runs IS 'One validation run: of staging (the ETL gate) or of the published data.';

CREATE TABLE core.quality_results (
    run_id          bigint NOT NULL REFERENCES core.quality_runs ON DELETE CASCADE,
    suite           text NOT NULL,
    expectation     text NOT NULL,
    expectation_type text NOT NULL,
    severity        text NOT NULL CHECK (severity IN ('critical', 'warning')),
    success         boolean NOT NULL,
    element_count   bigint,
    unexpected_count bigint,
    unexpected_percent double precision,
    observed_value  text,
    description     text NOT NULL,
    sample          jsonb NOT NULL DEFAULT '[]'::jsonb,
    PRIMARY KEY (run_id, suite, expectation)
);
COMMENT ON TABLE core.quality_results IS 'One expectation''s outcome in a run, with a sample of failing values.';
CREATE INDEX quality_results_suite_idx ON core.quality_results (suite, run_id DESC);

CREATE VIEW api.quality_runs AS
SELECT run_id, started_at, finished_at, target, etl_run_id, data_version, success,
       critical_failures, warning_failures, duration_s
FROM core.quality_runs;

CREATE VIEW api.quality_results AS
SELECT r.run_id, q.started_at, q.target, r.suite, r.expectation, r.expectation_type, r.severity,
       r.success, r.element_count, r.unexpected_count, r.unexpected_percent, r.observed_value,
       r.description, r.sample
FROM core.quality_results r
JOIN core.quality_runs q USING (run_id);

CREATE VIEW api.quality_latest AS
SELECT r.run_id, q.started_at, q.finished_at, q.target, r.suite, r.expectation, r.expectation_type,
       r.severity, r.success, r.element_count, r.unexpected_count, r.unexpected_percent,
       r.observed_value, r.description, r.sample
FROM core.quality_results r
JOIN core.quality_runs q USING (run_id)
WHERE q.run_id = (
    SELECT max(run_id) FROM core.quality_runs WHERE target = 'published' AND finished_at IS NOT NULL
);
COMMENT ON VIEW api.quality_latest IS 'The results of the latest finished validation of the published data.';

GRANT SELECT ON api.quality_runs, api.quality_results, api.quality_latest TO obrail_api, obrail_bi;

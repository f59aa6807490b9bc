-- ObRail warehouse, revision 0001: the read-only `api` schema, the only thing consumers read
-- (the API with role obrail_api, Metabase with role obrail_bi).

CREATE SCHEMA api;
COMMENT ON SCHEMA api IS 'Read-only views over the published warehouse: the contract with the API and BI.';

CREATE VIEW api.sources AS
SELECT source_id, family, name, edition, kind, is_current, publisher, public_url, licence,
       licence_url, attribution, share_alike, valid_from, valid_until, file_checksums,
       retrieved_from, notes
FROM core.sources;
COMMENT ON VIEW api.sources IS 'Source editions with licence, attribution and validity.';

CREATE VIEW api.co2_factors AS
SELECT factor_id, version, mode, category, label, kg_per_pkm, includes_contrails,
       min_distance_km, max_distance_km, source_name, source_url
FROM core.co2_factors;

CREATE VIEW api.airports AS
SELECT iata, icao, name, city, country, latitude, longitude, time_zone, source_id
FROM core.airports;

CREATE VIEW api.operators AS
SELECT operator_id, name, short_name, country, url, source_id
FROM core.operators;

CREATE VIEW api.stations AS
SELECT station_id, uic, name, city, country, time_zone, latitude, longitude, match_method,
       source_id, coordinates_source_id, trajet_count
FROM core.stations;

CREATE VIEW api.station_names AS
SELECT station_id, name, language, normalized
FROM core.station_names;
COMMENT ON VIEW api.station_names IS 'Search: every name of a station (localised too), normalised (lower case, no accents).';

CREATE VIEW api.trajets AS
SELECT t.trajet_id,
       t.source_id,
       s.family              AS source_family,
       s.name                AS source_name,
       s.edition             AS source_edition,
       s.is_current,
       s.licence,
       s.licence_url,
       s.attribution,
       t.source_trip_id,
       t.train_number,
       t.name,
       t.operator_id,
       o.name                AS operator_name,
       t.operator_ids,
       t.brand,
       t.rail_category,
       t.day_night,
       t.night_basis,
       t.runs_overnight,
       t.origin_station_id,
       os.name               AS origin_name,
       os.city               AS origin_city,
       os.country            AS origin_country,
       t.destination_station_id,
       ds.name               AS destination_name,
       ds.city               AS destination_city,
       ds.country            AS destination_country,
       t.departure_local,
       t.departure_tz,
       t.arrival_local,
       t.arrival_tz,
       t.arrival_day_offset,
       t.duration_min,
       t.distance_km,
       t.distance_method,
       t.countries,
       t.weekdays,
       t.service_start,
       t.service_end,
       t.service_days,
       t.weekly_departures,
       t.days_label,
       t.co2_train_kg,
       t.co2_train_method,
       t.co2_train_factor_id,
       t.co2_plane_kg,
       t.co2_plane_factor_id,
       t.plane_distance_km,
       t.origin_airport,
       t.destination_airport,
       t.is_fragment,
       t.fragment_note,
       t.stitched_from,
       t.duplicate_of,
       (t.duplicate_of IS NULL) AS counted_in_stats
FROM core.trajets t
JOIN core.sources s USING (source_id)
LEFT JOIN core.operators o USING (operator_id)
JOIN core.stations os ON os.station_id = t.origin_station_id
JOIN core.stations ds ON ds.station_id = t.destination_station_id;
COMMENT ON VIEW api.trajets IS 'Trajets with names, source and licence. counted_in_stats: false when the same train is counted through another trajet.';

CREATE VIEW api.calls AS
SELECT c.trajet_id, c.seq, c.station_id, st.name AS station_name, st.city AS station_city,
       st.country, st.uic, st.latitude, st.longitude, c.source_stop_id, c.source_stop_name,
       c.arrival_local, c.arrival_day_offset, c.departure_local, c.departure_day_offset,
       c.arrival_offset_min, c.departure_offset_min, c.time_zone
FROM core.calls c
JOIN core.stations st USING (station_id);

CREATE VIEW api.trajet_links AS
SELECT trajet_id, linked_trajet_id, link_type, evidence
FROM core.trajet_links;

CREATE VIEW api.etl_runs AS
SELECT r.run_id, r.started_at, r.finished_at, r.status, r.data_version, r.code_version, r.error,
       coalesce(sum(rs.rows_read), 0)::bigint     AS rows_read,
       coalesce(sum(rs.rows_loaded), 0)::bigint   AS rows_loaded,
       coalesce(sum(rs.rows_rejected), 0)::bigint AS rows_rejected
FROM core.etl_runs r
LEFT JOIN core.etl_run_sources rs USING (run_id)
GROUP BY r.run_id;

CREATE VIEW api.etl_run_sources AS
SELECT run_id, source_id, rows_read, rows_loaded, rows_rejected, calls_read, calls_loaded,
       calls_rejected, calls_matched,
       CASE WHEN calls_loaded > 0 THEN round(calls_matched::numeric / calls_loaded, 4) END AS calls_matched_share,
       duration_s
FROM core.etl_run_sources;

CREATE VIEW api.rejected_rows AS
SELECT rejected_id, run_id, source_id, file, line, reason, raw
FROM core.rejected_rows;

CREATE VIEW api.publication AS
SELECT p.data_version, p.published_at, p.run_id, r.started_at AS run_started_at
FROM core.publication p
JOIN core.etl_runs r USING (run_id);
COMMENT ON VIEW api.publication IS 'The data version now published and when (drives API ETags and freshness).';

-- Read-only roles. Roles are cluster-wide: create them only when missing (an owner without
-- CREATEROLE migrates where they already exist), never drop them here. Another database of the
-- cluster may be migrating at the same moment: its CREATE ROLE, not yet committed, is invisible
-- to the "does it exist" test, and ours then fails on the role's unique name once it commits;
-- each role's block takes that for done.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'obrail_api') THEN
        CREATE ROLE obrail_api NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'obrail_bi') THEN
        CREATE ROLE obrail_bi NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;
GRANT USAGE ON SCHEMA api TO obrail_api, obrail_bi;
GRANT SELECT ON ALL TABLES IN SCHEMA api TO obrail_api, obrail_bi;
ALTER DEFAULT PRIVILEGES IN SCHEMA api GRANT SELECT ON TABLES TO obrail_api, obrail_bi;

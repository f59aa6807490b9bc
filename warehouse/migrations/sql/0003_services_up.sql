-- ObRail warehouse, revision 0003: one trajet per service (its trip variants and run dates),
-- plausibility flags, the coverage table, and the validity status of each source edition
-- computed on the day of the query.

ALTER TABLE core.trajets
    ADD COLUMN variant_trip_ids     text[] NOT NULL DEFAULT '{}',
    ADD COLUMN run_dates            date[] NOT NULL DEFAULT '{}',
    ADD COLUMN extra_dates          date[] NOT NULL DEFAULT '{}',
    ADD COLUMN removed_dates        date[] NOT NULL DEFAULT '{}',
    ADD COLUMN plausibility_flags   text[] NOT NULL DEFAULT '{}',
    ADD COLUMN plausibility_notes   text[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT trajets_plausibility_notes_check
        CHECK (cardinality(plausibility_flags) = cardinality(plausibility_notes));
COMMENT ON TABLE core.trajets IS 'One train service, origin to terminus: the trip variants of one train (same operator, number or name, calls and times) grouped, running on the union of their dates. trajet_id is derived from source + the smallest variant trip id.';
COMMENT ON COLUMN core.trajets.variant_trip_ids IS 'Every source trip grouped into this service (source_trip_id is the smallest).';
COMMENT ON COLUMN core.trajets.run_dates IS 'Every distinct run date, when the source lists dates (GTFS); empty for the night-train database.';
COMMENT ON COLUMN core.trajets.extra_dates IS 'Run dates outside the weekday pattern (weekdays) between service_start and service_end.';
COMMENT ON COLUMN core.trajets.removed_dates IS 'Dates of the weekday pattern between service_start and service_end without a run.';
COMMENT ON COLUMN core.trajets.plausibility_flags IS 'Plausibility rules the trajet breaks (codes); a flagged trajet is published but not counted in statistics.';
COMMENT ON COLUMN core.trajets.plausibility_notes IS 'One English message per flag, with the figures.';
COMMENT ON COLUMN core.trajets.runs_overnight IS 'On its way at least one minute between 00:00 and 05:00 local time.';

CREATE TABLE core.coverage (
    country     char(2) NOT NULL,
    day_night   text NOT NULL CHECK (day_night IN ('day', 'night')),
    level       text NOT NULL CHECK (level IN ('covered', 'partial', 'none')),
    basis       text NOT NULL CHECK (basis IN ('national_feed', 'night_database', 'cross_border', 'none')),
    source_ids  text[] NOT NULL DEFAULT '{}',
    services    integer NOT NULL CHECK (services >= 0),
    PRIMARY KEY (country, day_night),
    CHECK ((level = 'none') = (basis = 'none'))
);
COMMENT ON TABLE core.coverage IS 'Per country and day/night: whether current sources cover those trains (covered, partial, none) and which.';

-- The day statuses are computed on: today, unless a session sets obrail.today (reports, tests).
CREATE FUNCTION api.reference_date() RETURNS date
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(nullif(current_setting('obrail.today', true), '')::date, current_date) $$;
COMMENT ON FUNCTION api.reference_date() IS 'The day validity statuses are computed for: current_date, or the session setting obrail.today.';

CREATE FUNCTION api.validity_status(is_current boolean, valid_from date, valid_until date)
    RETURNS text
    LANGUAGE sql STABLE
    AS $$
        SELECT CASE
            WHEN NOT is_current THEN 'historical'
            WHEN valid_until < api.reference_date() THEN 'expired'
            WHEN valid_from > api.reference_date() THEN 'upcoming'
            ELSE 'current'
        END
    $$;
COMMENT ON FUNCTION api.validity_status(boolean, date, date) IS 'historical (past edition), expired (valid_until before today), upcoming, or current.';

CREATE OR REPLACE VIEW api.sources AS
SELECT source_id, family, name, edition, kind, is_current, publisher, public_url, licence,
       licence_url, attribution, share_alike, valid_from, valid_until, file_checksums,
       retrieved_from, notes,
       api.validity_status(is_current, valid_from, valid_until) AS validity_status,
       CASE WHEN api.validity_status(is_current, valid_from, valid_until) = 'expired'
            THEN valid_until + 1 END AS expired_since
FROM core.sources;
COMMENT ON VIEW api.sources IS 'Source editions with licence, attribution and validity; validity_status and expired_since are computed on the day of the query.';

DROP VIEW api.trajets;
CREATE VIEW api.trajets AS
SELECT t.trajet_id,
       t.source_id,
       s.family              AS source_family,
       s.name                AS source_name,
       s.edition             AS source_edition,
       s.is_current,
       api.validity_status(s.is_current, s.valid_from, s.valid_until) AS validity_status,
       s.valid_until         AS source_valid_until,
       s.licence,
       s.licence_url,
       s.attribution,
       t.source_trip_id,
       t.variant_trip_ids,
       cardinality(t.variant_trip_ids) AS variant_count,
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
       t.run_dates,
       t.extra_dates,
       t.removed_dates,
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
       t.plausibility_flags,
       t.plausibility_notes,
       (cardinality(t.plausibility_flags) = 0) AS is_plausible,
       (t.duplicate_of IS NULL AND cardinality(t.plausibility_flags) = 0) AS counted_in_stats
FROM core.trajets t
JOIN core.sources s USING (source_id)
LEFT JOIN core.operators o USING (operator_id)
JOIN core.stations os ON os.station_id = t.origin_station_id
JOIN core.stations ds ON ds.station_id = t.destination_station_id;
COMMENT ON VIEW api.trajets IS 'One row per train service (its calendar variants grouped) with names, source, licence and validity. counted_in_stats: false when the same train is counted through another trajet or when the trajet breaks a plausibility rule.';

CREATE VIEW api.coverage AS
SELECT c.country,
       c.day_night,
       c.level,
       c.basis,
       c.source_ids,
       (SELECT coalesce(array_agg(s.name ORDER BY s.source_id), '{}')
        FROM core.sources s WHERE s.source_id = ANY (c.source_ids)) AS source_names,
       c.services
FROM core.coverage c;
COMMENT ON VIEW api.coverage IS 'Per country and day/night: covered (a source holds all such trains), partial, or none (non couvert: a figure there is unknown, not zero).';

GRANT SELECT ON api.trajets, api.sources, api.coverage TO obrail_api, obrail_bi;

-- Back to revision 0002: the 0001 views of trajets and sources, without coverage.
DROP VIEW api.coverage;
DROP VIEW api.trajets;
DROP VIEW api.sources;
CREATE VIEW api.sources AS
SELECT source_id, family, name, edition, kind, is_current, publisher, public_url, licence,
       licence_url, attribution, share_alike, valid_from, valid_until, file_checksums,
       retrieved_from, notes
FROM core.sources;
COMMENT ON VIEW api.sources IS 'Source editions with licence, attribution and validity.';
CREATE VIEW api.trajets AS
SELECT t.trajet_id, t.source_id, s.family AS source_family, s.name AS source_name,
       s.edition AS source_edition, s.is_current, s.licence, s.licence_url, s.attribution,
       t.source_trip_id, t.train_number, t.name, t.operator_id, o.name AS operator_name,
       t.operator_ids, t.brand, t.rail_category, t.day_night, t.night_basis, t.runs_overnight,
       t.origin_station_id, os.name AS origin_name, os.city AS origin_city,
       os.country AS origin_country, t.destination_station_id, ds.name AS destination_name,
       ds.city AS destination_city, ds.country AS destination_country, t.departure_local,
       t.departure_tz, t.arrival_local, t.arrival_tz, t.arrival_day_offset, t.duration_min,
       t.distance_km, t.distance_method, t.countries, t.weekdays, t.service_start,
       t.service_end, t.service_days, t.weekly_departures, t.days_label, t.co2_train_kg,
       t.co2_train_method, t.co2_train_factor_id, t.co2_plane_kg, t.co2_plane_factor_id,
       t.plane_distance_km, t.origin_airport, t.destination_airport, t.is_fragment,
       t.fragment_note, t.stitched_from, t.duplicate_of,
       (t.duplicate_of IS NULL) AS counted_in_stats
FROM core.trajets t
JOIN core.sources s USING (source_id)
LEFT JOIN core.operators o USING (operator_id)
JOIN core.stations os ON os.station_id = t.origin_station_id
JOIN core.stations ds ON ds.station_id = t.destination_station_id;
COMMENT ON VIEW api.trajets IS 'Trajets with names, source and licence. counted_in_stats: false when the same train is counted through another trajet.';
GRANT SELECT ON api.trajets, api.sources TO obrail_api, obrail_bi;
DROP FUNCTION api.validity_status(boolean, date, date);
DROP FUNCTION api.reference_date();
DROP TABLE core.coverage;
ALTER TABLE core.trajets
    DROP CONSTRAINT trajets_plausibility_notes_check,
    DROP COLUMN variant_trip_ids,
    DROP COLUMN run_dates,
    DROP COLUMN extra_dates,
    DROP COLUMN removed_dates,
    DROP COLUMN plausibility_flags,
    DROP COLUMN plausibility_notes;
COMMENT ON TABLE core.trajets IS 'One scheduled train service, origin to terminus. trajet_id is derived from source + source trip id.';
COMMENT ON COLUMN core.trajets.runs_overnight IS NULL;

-- ObRail warehouse, revision 0004: places. Airports keep their scheduled-service flag and its
-- source; stations say how precise their position is (a station's own, or the town's it belongs
-- to, from GeoNames: a source of kind 'stations').

ALTER TABLE core.airports
    ADD COLUMN scheduled_service boolean NOT NULL DEFAULT false,
    ADD COLUMN service_source_id text REFERENCES core.sources;
COMMENT ON COLUMN core.airports.scheduled_service IS 'The airport has scheduled passenger service (service reference, with documented exceptions): only such airports are compared with trains.';

ALTER TABLE core.stations
    ADD COLUMN coordinates_precision text CHECK (coordinates_precision IN ('station', 'town')),
    ADD CONSTRAINT stations_precision_with_coordinates
        CHECK ((latitude IS NULL) = (coordinates_precision IS NULL));
COMMENT ON COLUMN core.stations.coordinates_precision IS 'station: the station''s own position; town: the centroid of the town it belongs to (no station reference knows it; GeoNames). NULL without coordinates.';

CREATE OR REPLACE VIEW api.airports AS
SELECT iata, icao, name, city, country, latitude, longitude, time_zone, source_id,
       scheduled_service, service_source_id
FROM core.airports;
COMMENT ON VIEW api.airports IS 'Airports compared with trains: scheduled passenger service only.';

CREATE OR REPLACE VIEW api.stations AS
SELECT station_id, uic, name, city, country, time_zone, latitude, longitude, match_method,
       source_id, coordinates_source_id, trajet_count, coordinates_precision
FROM core.stations;
COMMENT ON VIEW api.stations IS 'Stations with their position and its precision (station or town).';

CREATE OR REPLACE VIEW api.calls AS
SELECT c.trajet_id, c.seq, c.station_id, st.name AS station_name, st.city AS station_city,
       st.country, st.uic, st.latitude, st.longitude, c.source_stop_id, c.source_stop_name,
       c.arrival_local, c.arrival_day_offset, c.departure_local, c.departure_day_offset,
       c.arrival_offset_min, c.departure_offset_min, c.time_zone,
       st.coordinates_precision
FROM core.calls c
JOIN core.stations st USING (station_id);
COMMENT ON VIEW api.calls IS 'The calls of each trajet with the station''s names and position (coordinates_precision: station or town).';

GRANT SELECT ON api.airports, api.stations, api.calls TO obrail_api, obrail_bi;

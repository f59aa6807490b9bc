-- Revision 0004 undone: the views lose the added columns (recreated as in 0001), then the tables;
-- rows are kept (a town position stays, without its precision).

DROP VIEW api.calls;
CREATE VIEW api.calls AS
SELECT c.trajet_id, c.seq, c.station_id, st.name AS station_name, st.city AS station_city,
       st.country, st.uic, st.latitude, st.longitude, c.source_stop_id, c.source_stop_name,
       c.arrival_local, c.arrival_day_offset, c.departure_local, c.departure_day_offset,
       c.arrival_offset_min, c.departure_offset_min, c.time_zone
FROM core.calls c
JOIN core.stations st USING (station_id);

DROP VIEW api.stations;
CREATE VIEW api.stations AS
SELECT station_id, uic, name, city, country, time_zone, latitude, longitude, match_method,
       source_id, coordinates_source_id, trajet_count
FROM core.stations;

DROP VIEW api.airports;
CREATE VIEW api.airports AS
SELECT iata, icao, name, city, country, latitude, longitude, time_zone, source_id
FROM core.airports;

GRANT SELECT ON api.airports, api.stations, api.calls TO obrail_api, obrail_bi;

ALTER TABLE core.stations DROP CONSTRAINT stations_precision_with_coordinates,
    DROP COLUMN coordinates_precision;
ALTER TABLE core.airports DROP COLUMN service_source_id, DROP COLUMN scheduled_service;

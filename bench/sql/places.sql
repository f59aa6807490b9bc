-- Places figures of docs/donnees/harmonisation.md ("Avant / après"), on a loaded warehouse:
--   obrail etl && psql "$OBRAIL_DATABASE_URL" -f bench/sql/places.sql
-- (read-only: api views only).

\echo 'Station coverage per source: calls reaching a station with coordinates, country and time zone'
SELECT source_id, calls_matched, calls_loaded, round(100 * calls_matched_share, 2) AS percent
FROM api.etl_run_sources
WHERE run_id = (SELECT max(run_id) FROM api.etl_runs) AND calls_loaded > 0
ORDER BY source_id;

\echo 'Stations by coordinates precision'
SELECT coalesce(coordinates_precision, 'none') AS precision, count(*) FROM api.stations GROUP BY 1 ORDER BY 1;

\echo 'Current trajets: empty origin city, numeric brand, night trains without distance'
SELECT count(*) FILTER (WHERE origin_city IS NULL) AS empty_origin_city,
       count(*) FILTER (WHERE brand ~ '[0-9]') AS numeric_brand,
       count(*) FILTER (WHERE day_night = 'night' AND distance_km IS NULL) AS night_without_distance,
       count(*) AS trajets
FROM api.trajets WHERE is_current;

\echo 'Airports used by the plane comparison without scheduled service (must be 0)'
SELECT count(DISTINCT a.iata) AS without_service
FROM api.trajets t JOIN api.airports a ON a.iata IN (t.origin_airport, t.destination_airport)
WHERE NOT a.scheduled_service;

\echo 'Paris -> Berlin: airports compared'
SELECT origin_airport, destination_airport, count(*) FROM api.trajets
WHERE is_current AND origin_city = 'Paris' AND destination_city = 'Berlin' GROUP BY 1, 2;

\echo 'Search by city: trajets calling at a station named München, Munich or Muenchen'
SELECT n.normalized, count(DISTINCT c.trajet_id) AS trajets
FROM api.station_names n JOIN api.calls c USING (station_id) JOIN api.trajets t USING (trajet_id)
WHERE t.is_current AND n.normalized IN ('munchen', 'munich', 'muenchen')
GROUP BY 1 ORDER BY 1;

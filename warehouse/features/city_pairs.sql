-- core.city_pairs, built at publication in the run's staging schema (unqualified names resolve
-- there): every pair of places at least {min_km} km apart joined by a direct train of a current
-- edition counted in statistics (not a duplicate, no plausibility flag).
-- A place is the city of a station, else its name (with its country); its position is the mean
-- of its served stations' positions. A pair is ordered by (place, country). The search keys
-- (place_*_key) are filled afterwards with the station-name normalisation (warehouse.features).
INSERT INTO city_pairs (
    pair_id, place_a, place_a_key, country_a, latitude_a, longitude_a, place_b, place_b_key,
    country_b, latitude_b,
    longitude_b, distance_km, rail_time_min, fastest_trajet_id, fastest_day_night,
    weekly_departures, trajets, day_trajets, night_trajets
)
WITH counted AS (
    SELECT t.trajet_id, t.day_night, t.weekly_departures
    FROM trajets t
    JOIN sources s USING (source_id)
    WHERE s.is_current AND t.duplicate_of IS NULL AND cardinality(t.plausibility_flags) = 0
),
stops AS (
    SELECT c.trajet_id, c.seq, coalesce(nullif(st.city, ''), st.name) AS place,
           coalesce(st.country, '') AS country, st.latitude, st.longitude,
           c.arrival_offset_min AS arrives, c.departure_offset_min AS leaves
    FROM calls c
    JOIN stations st USING (station_id)
    JOIN counted USING (trajet_id)
    WHERE st.latitude IS NOT NULL AND st.longitude IS NOT NULL
),
places AS (
    SELECT place, country, avg(latitude) AS latitude, avg(longitude) AS longitude
    FROM (SELECT DISTINCT place, country, latitude, longitude FROM stops) AS served
    GROUP BY place, country
),
legs AS (
    SELECT a.trajet_id, b.arrives - a.leaves AS minutes,
           (a.place, a.country) < (b.place, b.country) AS forward,
           a.place AS place_1, a.country AS country_1, b.place AS place_2, b.country AS country_2
    FROM stops a
    JOIN stops b ON b.trajet_id = a.trajet_id AND b.seq > a.seq
    WHERE a.leaves IS NOT NULL AND b.arrives IS NOT NULL AND b.arrives > a.leaves
      AND (a.place, a.country) <> (b.place, b.country)
),
per_trajet AS (
    -- a train calling twice in one place (two stations of a city) counts once, by its fastest leg
    SELECT CASE WHEN forward THEN place_1 ELSE place_2 END AS place_a,
           CASE WHEN forward THEN country_1 ELSE country_2 END AS country_a,
           CASE WHEN forward THEN place_2 ELSE place_1 END AS place_b,
           CASE WHEN forward THEN country_2 ELSE country_1 END AS country_b,
           trajet_id, min(minutes) AS minutes
    FROM legs
    GROUP BY 1, 2, 3, 4, trajet_id
),
pairs AS (
    SELECT p.place_a, p.country_a, p.place_b, p.country_b,
           min(p.minutes) AS rail_time_min,
           (array_agg(p.trajet_id ORDER BY p.minutes, p.trajet_id))[1] AS fastest_trajet_id,
           (array_agg(c.day_night ORDER BY p.minutes, p.trajet_id))[1] AS fastest_day_night,
           sum(c.weekly_departures) AS weekly_departures,
           count(*) AS trajets,
           count(*) FILTER (WHERE c.day_night = 'day') AS day_trajets,
           count(*) FILTER (WHERE c.day_night = 'night') AS night_trajets
    FROM per_trajet p
    JOIN counted c USING (trajet_id)
    GROUP BY p.place_a, p.country_a, p.place_b, p.country_b
),
measured AS (
    SELECT p.*, a.latitude AS latitude_a, a.longitude AS longitude_a,
           b.latitude AS latitude_b, b.longitude AS longitude_b,
           {great_circle_km} AS km
    FROM pairs p
    JOIN places a ON a.place = p.place_a AND a.country = p.country_a
    JOIN places b ON b.place = p.place_b AND b.country = p.country_b
)
SELECT left(md5(m.place_a || '|' || m.country_a || '/' || m.place_b || '|' || m.country_b), 16) AS pair_id,
       m.place_a, '' AS place_a_key, nullif(m.country_a, '') AS country_a, m.latitude_a,
       m.longitude_a, m.place_b, '' AS place_b_key, nullif(m.country_b, '') AS country_b,
       m.latitude_b, m.longitude_b,
       round(m.km::numeric, 1) AS distance_km, m.rail_time_min, m.fastest_trajet_id,
       m.fastest_day_night,
       m.weekly_departures, m.trajets, m.day_trajets, m.night_trajets
FROM measured m
WHERE m.km >= {min_km};

-- title: Trajets desservant chaque pays
-- description: Nombre de trajets actuels qui traversent ou desservent chaque pays, jour et nuit (un trajet international compte dans chaque pays traversé).
-- display: bar
SELECT country AS "pays",
       count(*) FILTER (WHERE t.day_night = 'day') AS "trajets de jour",
       count(*) FILTER (WHERE t.day_night = 'night') AS "trajets de nuit",
       count(*) AS "total"
FROM api.trajets t
CROSS JOIN LATERAL unnest(t.countries) AS country
WHERE t.is_current AND t.counted_in_stats
GROUP BY country
ORDER BY "total" DESC, country;

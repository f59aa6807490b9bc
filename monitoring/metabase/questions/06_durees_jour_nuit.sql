-- title: Répartition des durées de trajet, jour et nuit
-- description: Nombre de trajets actuels par tranche de durée de 2 heures (dernière tranche : 24 heures et plus), jour et nuit.
-- display: bar
SELECT CASE WHEN b.bucket = 12 THEN '24 h et plus'
            ELSE b.bucket * 2 || ' à ' || (b.bucket + 1) * 2 || ' h' END AS "durée",
       count(*) FILTER (WHERE t.day_night = 'day') AS "trajets de jour",
       count(*) FILTER (WHERE t.day_night = 'night') AS "trajets de nuit"
FROM api.trajets t
CROSS JOIN LATERAL (SELECT least(t.duration_min / 120, 12) AS bucket) AS b
WHERE t.is_current AND t.counted_in_stats AND t.duration_min IS NOT NULL
GROUP BY b.bucket
ORDER BY b.bucket;

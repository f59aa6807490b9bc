-- title: Trajets par opérateur, jour et nuit
-- description: Les opérateurs classés par nombre de trajets actuels, avec la répartition jour/nuit.
-- display: bar
SELECT coalesce(t.operator_name, 'Opérateur inconnu') AS "opérateur",
       count(*) FILTER (WHERE t.day_night = 'day') AS "trajets de jour",
       count(*) FILTER (WHERE t.day_night = 'night') AS "trajets de nuit",
       count(*) AS "total"
FROM api.trajets t
WHERE t.is_current AND t.counted_in_stats
GROUP BY 1
ORDER BY "total" DESC, 1
LIMIT 25;

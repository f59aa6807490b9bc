-- title: Trajets et départs hebdomadaires, jour et nuit
-- description: Chiffres actuels (éditions courantes, valides ou non aujourd'hui : voir « Validité des horaires affichés »). Un trajet est un service : un train avec tous ses jours de circulation, compté une fois ; trajets invraisemblables exclus. Nombre de trajets, départs par semaine et part de la nuit.
-- display: table
SELECT CASE t.day_night WHEN 'day' THEN 'Jour' ELSE 'Nuit' END AS "catégorie",
       count(*) AS "trajets",
       round(sum(t.weekly_departures), 1) AS "départs par semaine",
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS "part des trajets (%)"
FROM api.trajets t
WHERE t.is_current AND t.counted_in_stats
GROUP BY t.day_night
ORDER BY t.day_night;

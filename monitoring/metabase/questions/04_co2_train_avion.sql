-- title: CO₂ par voyageur : train contre avion
-- description: Émissions moyennes par voyageur du train et de l'avion sur les mêmes liaisons (trajets ayant un aéroport à chaque extrémité), et économie moyenne.
-- display: bar
SELECT CASE t.day_night WHEN 'day' THEN 'Jour' ELSE 'Nuit' END AS "catégorie",
       count(*) AS "trajets comparables",
       round(avg(t.co2_train_kg), 1) AS "train (kg CO₂e)",
       round(avg(t.co2_plane_kg), 1) AS "avion (kg CO₂e)",
       round(avg(t.co2_plane_kg - t.co2_train_kg), 1) AS "économie moyenne (kg CO₂e)"
FROM api.trajets t
WHERE t.is_current AND t.counted_in_stats
  AND t.co2_train_kg IS NOT NULL AND t.co2_plane_kg IS NOT NULL
GROUP BY t.day_night
ORDER BY t.day_night;

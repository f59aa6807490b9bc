-- title: CO₂ par voyageur : train contre avion
-- description: Émissions moyennes par voyageur du train et de l'avion sur les mêmes liaisons (trajets comptés dont le CO₂ en train et en avion est connu), économie moyenne, et combien de trajets comptés n'y entrent pas (distance ou aéroports inconnus, p. ex. 7 trains de nuit sans distance).
-- display: bar
SELECT CASE t.day_night WHEN 'day' THEN 'Jour' ELSE 'Nuit' END AS "catégorie",
       count(*) AS "trajets comparables",
       round(avg(t.co2_train_kg), 1) AS "train (kg CO₂e)",
       round(avg(t.co2_plane_kg), 1) AS "avion (kg CO₂e)",
       round(avg(t.co2_plane_kg - t.co2_train_kg), 1) AS "économie moyenne (kg CO₂e)",
       (SELECT count(*) FROM api.trajets o
        WHERE o.is_current AND o.counted_in_stats AND o.day_night = t.day_night
          AND (o.co2_train_kg IS NULL OR o.co2_plane_kg IS NULL)) AS "trajets sans comparaison"
FROM api.trajets t
WHERE t.is_current AND t.counted_in_stats
  AND t.co2_train_kg IS NOT NULL AND t.co2_plane_kg IS NOT NULL
GROUP BY t.day_night
ORDER BY t.day_night;

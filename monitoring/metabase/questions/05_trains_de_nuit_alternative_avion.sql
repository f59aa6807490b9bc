-- title: Trains de nuit, alternatives à l'avion
-- description: Les trains de nuit actuels qui relient deux villes desservies par avion, classés par économie de CO₂ par voyageur.
-- display: table
SELECT coalesce(t.name, t.brand, t.train_number, t.trajet_id) AS "train",
       t.operator_name AS "opérateur",
       t.origin_name || ' (' || t.origin_country || ')' AS "départ",
       t.destination_name || ' (' || t.destination_country || ')' AS "arrivée",
       t.origin_airport || ' → ' || t.destination_airport AS "vol équivalent",
       t.distance_km AS "distance (km)",
       round(t.duration_min / 60.0, 1) AS "durée (h)",
       t.co2_train_kg AS "train (kg CO₂e)",
       t.co2_plane_kg AS "avion (kg CO₂e)",
       t.co2_plane_kg - t.co2_train_kg AS "économie (kg CO₂e)"
FROM api.trajets t
WHERE t.is_current AND t.counted_in_stats AND t.day_night = 'night'
  AND t.origin_airport IS NOT NULL AND t.destination_airport IS NOT NULL
  AND t.origin_airport <> t.destination_airport
  AND t.co2_plane_kg IS NOT NULL AND t.co2_train_kg IS NOT NULL
ORDER BY "économie (kg CO₂e)" DESC, t.trajet_id
LIMIT 50;

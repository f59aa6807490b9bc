-- title: Trajets desservant chaque pays
-- description: Trajets actuels (services comptés) qui traversent ou desservent chaque pays, jour et nuit (un trajet international compte dans chaque pays traversé). « non couvert » : aucune source ne couvre ces trains dans ce pays, le chiffre est inconnu (pas nul) ; « couvert en partie » : une partie seulement (TGV seuls en France, trains venus d'un pays voisin).
-- display: table
SELECT d.country AS "pays",
       CASE WHEN d.level = 'none' THEN 'non couvert' ELSE d.services::text END AS "trajets de jour",
       CASE WHEN n.level = 'none' THEN 'non couvert' ELSE n.services::text END AS "trajets de nuit",
       CASE d.level WHEN 'covered' THEN 'couvert' WHEN 'partial' THEN 'couvert en partie'
                    ELSE 'non couvert' END AS "couverture jour",
       CASE n.level WHEN 'covered' THEN 'couvert' WHEN 'partial' THEN 'couvert en partie'
                    ELSE 'non couvert' END AS "couverture nuit",
       d.services + n.services AS "total compté"
FROM api.coverage d
JOIN api.coverage n ON n.country = d.country AND n.day_night = 'night'
WHERE d.day_night = 'day' AND (d.level <> 'none' OR n.level <> 'none')
ORDER BY "total compté" DESC, d.country;

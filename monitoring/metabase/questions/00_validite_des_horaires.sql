-- title: Validité des horaires affichés
-- description: À lire avant tout chiffre : pour chaque source d'horaires courante, ses horaires sont-ils encore valides aujourd'hui ou expirés, et depuis quand ? Les chiffres de ce tableau de bord décrivent ces horaires, pas forcément les trains qui circulent aujourd'hui.
-- display: table
SELECT s.name AS "source",
       CASE s.validity_status
           WHEN 'expired' THEN 'EXPIRÉS depuis le ' || to_char(s.expired_since, 'DD/MM/YYYY')
           WHEN 'upcoming' THEN 'pas encore en vigueur'
           ELSE 'valides aujourd''hui'
       END AS "horaires",
       s.valid_from AS "valables du",
       s.valid_until AS "valables jusqu'au",
       (SELECT count(*) FROM api.trajets t
        WHERE t.source_id = s.source_id AND t.counted_in_stats) AS "trajets comptés"
FROM api.sources s
WHERE s.kind = 'timetable' AND s.is_current
ORDER BY (s.validity_status = 'expired') DESC, s.name;

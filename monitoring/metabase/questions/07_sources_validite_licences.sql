-- title: Sources, validité des horaires et licences
-- description: Chaque source horaire publiée, son édition, sa période de validité, sa licence et le nombre de trajets (services) qu'elle apporte ; le statut est calculé le jour de la lecture.
-- display: table
SELECT s.name AS "source",
       s.edition AS "édition",
       CASE s.validity_status
           WHEN 'historical' THEN 'historique'
           WHEN 'expired' THEN 'courante, EXPIRÉE depuis le ' || to_char(s.expired_since, 'DD/MM/YYYY')
           WHEN 'upcoming' THEN 'courante, pas encore en vigueur'
           ELSE 'courante, valide aujourd''hui'
       END AS "statut",
       s.valid_from AS "valide du",
       s.valid_until AS "valide jusqu'au",
       s.licence AS "licence",
       s.attribution AS "attribution",
       count(t.trajet_id) AS "trajets"
FROM api.sources s
JOIN api.trajets t USING (source_id)
GROUP BY s.source_id, s.name, s.edition, s.is_current, s.validity_status, s.expired_since,
         s.valid_from, s.valid_until, s.licence, s.attribution
ORDER BY s.is_current DESC, s.name, s.edition;

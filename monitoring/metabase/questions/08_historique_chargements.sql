-- title: Historique des chargements
-- description: Les chargements de l'entrepôt, du plus récent au plus ancien : statut, lignes lues, chargées et rejetées.
-- display: table
SELECT r.run_id AS "chargement",
       r.started_at AS "début",
       r.finished_at AS "fin",
       r.status AS "statut",
       r.data_version AS "version des données",
       r.rows_read AS "lignes lues",
       r.rows_loaded AS "lignes chargées",
       r.rows_rejected AS "lignes rejetées"
FROM api.etl_runs r
ORDER BY r.started_at DESC
LIMIT 100;

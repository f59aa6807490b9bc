DROP INDEX IF EXISTS core.trajet_links_linked_trajet_idx;
DROP INDEX IF EXISTS core.city_pairs_fastest_trajet_idx;

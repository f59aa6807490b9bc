-- Indexes on the foreign keys referencing core.trajets that had none: deleting the trajets of
-- the published run (every reload) checks each referencing table once per deleted trajet.
CREATE INDEX city_pairs_fastest_trajet_idx ON core.city_pairs (fastest_trajet_id);
CREATE INDEX trajet_links_linked_trajet_idx ON core.trajet_links (linked_trajet_id);

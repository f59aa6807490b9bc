-- ObRail warehouse, revision 0006: the model slot.
-- * Reference data compiled from publications: rail's share of the rail + air market on city
--   pairs (core.market_shares), each figure with the publication it was read in; the table is
--   a source edition of kind 'factors' (reference figures compiled by the project, like the CO2
--   factors), so a downgrade leaves core.sources as the older revision knows it.
-- * The city pairs served by a direct train, built at publication from the published trajets
--   (core.city_pairs): the features a model reads through api.city_pair_features.
-- * The model registry: every trained version (artefact checksum, training data hash, data
--   version, metrics) and which one is active; written by `obrail model`, read by the API.

CREATE TABLE core.market_share_publications (
    publication_id  text PRIMARY KEY,
    title           text NOT NULL,
    publisher       text NOT NULL,
    published       text NOT NULL,
    language        char(2) NOT NULL,
    url             text NOT NULL CHECK (url ~ '^https?://'),
    notes           text,
    source_id       text NOT NULL REFERENCES core.sources
);
COMMENT ON TABLE core.market_share_publications IS 'Publications the market-share figures were read in (title, publisher, date as published, URL).';

CREATE TABLE core.market_shares (
    observation_id              text PRIMARY KEY,
    origin_city                 text NOT NULL,
    origin_country              char(2) NOT NULL,
    destination_city            text NOT NULL,
    destination_country         char(2) NOT NULL,
    year                        smallint CHECK (year BETWEEN 1960 AND 2100),
    period                      text NOT NULL,
    rail_time_min               integer NOT NULL CHECK (rail_time_min > 0),
    rail_time_text              text NOT NULL,
    rail_time_publication_id    text NOT NULL REFERENCES core.market_share_publications,
    rail_share                  numeric(5, 4) NOT NULL CHECK (rail_share BETWEEN 0 AND 1),
    share_text                  text NOT NULL,
    share_publication_id        text NOT NULL REFERENCES core.market_share_publications,
    denominator                 text NOT NULL CHECK (denominator IN
                                    ('rail_air', 'rail_air_counts', 'all_modes', 'change', 'unstated')),
    notes                       text,
    source_id                   text NOT NULL REFERENCES core.sources,
    CHECK (origin_city <> destination_city)
);
COMMENT ON TABLE core.market_shares IS 'Rail''s share of the rail + air market on a city pair, as published: the fastest rail time then and the share, each with its publication. denominator: rail_air (published as such), rail_air_counts (from passenger counts), all_modes (rail / (rail + air) from shares of every mode), change (from a share and a published change), unstated (a market share whose denominator the publication does not name).';

CREATE TABLE core.city_pairs (
    pair_id             text PRIMARY KEY,
    place_a             text NOT NULL,
    place_a_key         text NOT NULL,
    country_a           char(2),
    latitude_a          double precision NOT NULL,
    longitude_a         double precision NOT NULL,
    place_b             text NOT NULL,
    place_b_key         text NOT NULL,
    country_b           char(2),
    latitude_b          double precision NOT NULL,
    longitude_b         double precision NOT NULL,
    distance_km         numeric(7, 1) NOT NULL CHECK (distance_km > 0),
    rail_time_min       integer NOT NULL CHECK (rail_time_min > 0),
    fastest_trajet_id   text NOT NULL REFERENCES core.trajets,
    fastest_day_night   text NOT NULL CHECK (fastest_day_night IN ('day', 'night')),
    weekly_departures   numeric(8, 2) NOT NULL CHECK (weekly_departures >= 0),
    trajets             integer NOT NULL CHECK (trajets > 0),
    day_trajets         integer NOT NULL CHECK (day_trajets >= 0),
    night_trajets       integer NOT NULL CHECK (night_trajets >= 0),
    CHECK (place_a < place_b)
);
COMMENT ON TABLE core.city_pairs IS 'Places (the city of a station, else its name) at least 150 km apart joined by a direct train of the current editions counted in statistics, built at publication: fastest scheduled time between the two calls, straight-line distance between the stations of that fastest train, weekly direct departures (both directions).';
COMMENT ON COLUMN core.city_pairs.place_a_key IS 'The place name normalised like station names (no accents, no case, no punctuation) for search.';
CREATE INDEX city_pairs_place_a_idx ON core.city_pairs (place_a_key);
CREATE INDEX city_pairs_place_b_idx ON core.city_pairs (place_b_key);

CREATE TABLE core.model_versions (
    model_name          text NOT NULL CHECK (model_name ~ '^[a-z][a-z0-9_]{1,40}$'),
    version             integer NOT NULL CHECK (version > 0),
    artefact_file       text NOT NULL,
    artefact_sha256     char(64) NOT NULL CHECK (artefact_sha256 ~ '^[0-9a-f]{64}$'),
    training_data_hash  char(64) NOT NULL,
    training_rows       integer NOT NULL CHECK (training_rows > 0),
    data_version        text,
    code_version        text NOT NULL,
    metrics             jsonb NOT NULL,
    metadata            jsonb NOT NULL,
    trained_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_name, version),
    UNIQUE (model_name, artefact_sha256)
);
COMMENT ON TABLE core.model_versions IS 'Every trained model version: its artefact (file in OBRAIL_MODEL_DIR and SHA-256), the hash of its training data, the published data version it was trained on, metrics and metadata.';

CREATE TABLE core.model_events (
    event_id    bigserial PRIMARY KEY,
    model_name  text NOT NULL,
    version     integer NOT NULL,
    action      text NOT NULL CHECK (action IN ('promote', 'rollback')),
    at          timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (model_name, version) REFERENCES core.model_versions
);
COMMENT ON TABLE core.model_events IS 'Promotions and rollbacks, in order: the history `obrail model rollback` walks back.';

CREATE TABLE core.model_active (
    model_name  text PRIMARY KEY,
    version     integer NOT NULL,
    since       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (model_name, version) REFERENCES core.model_versions
);
COMMENT ON TABLE core.model_active IS 'The version the API serves, per model (changed by promote and rollback).';

CREATE VIEW api.market_share_publications AS
SELECT p.publication_id, p.title, p.publisher, p.published, p.language, p.url, p.notes,
       p.source_id
FROM core.market_share_publications p;
COMMENT ON VIEW api.market_share_publications IS 'Publications the market-share figures come from.';

CREATE VIEW api.market_shares AS
SELECT m.observation_id, m.origin_city, m.origin_country, m.destination_city,
       m.destination_country, m.year, m.period, m.rail_time_min, m.rail_time_text,
       m.rail_time_publication_id, tp.title AS rail_time_title, tp.url AS rail_time_url,
       m.rail_share, m.share_text, m.share_publication_id, sp.title AS share_title,
       sp.publisher AS share_publisher, sp.url AS share_url, m.denominator, m.notes,
       m.source_id, s.licence, s.attribution
FROM core.market_shares m
JOIN core.market_share_publications tp ON tp.publication_id = m.rail_time_publication_id
JOIN core.market_share_publications sp ON sp.publication_id = m.share_publication_id
JOIN core.sources s ON s.source_id = m.source_id;
COMMENT ON VIEW api.market_shares IS 'Training table of the modal-shift model: published rail shares of the rail + air market with rail times and their publications.';

CREATE VIEW api.city_pair_features AS
SELECT pair_id, place_a, place_a_key, country_a, latitude_a, longitude_a, place_b, place_b_key,
       country_b, latitude_b, longitude_b, distance_km, rail_time_min, fastest_trajet_id, fastest_day_night,
       weekly_departures, trajets, day_trajets, night_trajets
FROM core.city_pairs;
COMMENT ON VIEW api.city_pair_features IS 'Features of the city pairs with a direct train (at least 150 km apart): fastest rail time, distance, weekly direct departures. The input of the modal-shift model.';

CREATE VIEW api.model_versions AS
SELECT v.model_name, v.version, v.artefact_file, v.artefact_sha256, v.training_data_hash,
       v.training_rows, v.data_version, v.code_version, v.metrics, v.metadata, v.trained_at,
       (a.version IS NOT NULL) AS is_active, a.since AS active_since
FROM core.model_versions v
LEFT JOIN core.model_active a ON a.model_name = v.model_name AND a.version = v.version;
COMMENT ON VIEW api.model_versions IS 'Every registered model version and whether the API serves it.';

CREATE VIEW api.model_active AS
SELECT v.model_name, v.version, v.artefact_file, v.artefact_sha256, v.training_data_hash,
       v.training_rows, v.data_version, v.code_version, v.metrics, v.metadata, v.trained_at,
       a.since AS active_since
FROM core.model_active a
JOIN core.model_versions v USING (model_name, version);
COMMENT ON VIEW api.model_active IS 'The version of each model the API serves.';

CREATE VIEW api.model_freshness AS
SELECT a.model_name, a.version, a.data_version,
       (SELECT min(r.run_id) FROM core.etl_runs r
         WHERE r.status = 'succeeded' AND r.data_version = a.data_version) AS trained_on_run_id,
       (SELECT count(DISTINCT r.data_version) FROM core.etl_runs r
         WHERE r.status = 'succeeded' AND r.data_version IS DISTINCT FROM a.data_version
           AND r.run_id > coalesce((SELECT min(t.run_id) FROM core.etl_runs t
                                     WHERE t.status = 'succeeded'
                                       AND t.data_version = a.data_version), 0)
       ) AS publications_since
FROM api.model_active a;
COMMENT ON VIEW api.model_freshness IS 'Per active model: how many distinct data versions were published after the one it was trained on (trained_on_run_id NULL: that data version was never published here).';

GRANT SELECT ON api.market_share_publications, api.market_shares, api.city_pair_features,
    api.model_versions, api.model_active, api.model_freshness TO obrail_api, obrail_bi;

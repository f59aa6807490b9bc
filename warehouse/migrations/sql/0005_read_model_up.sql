-- ObRail warehouse, revision 0005: the read model, tables shaped for the API's questions and
-- rebuilt from the published data in the publishing transaction (warehouse/read_model.py).
-- Private like `core`: the roles read them through views of the `api` schema.

CREATE SCHEMA read_model;
COMMENT ON SCHEMA read_model IS 'Derived tables shaped for the API, rebuilt from core in the publishing transaction (private: read through api views).';

-- Fixed-width columns first: a scan reads the filter and sort columns without walking through
-- the arrays and texts that follow. Floats where the API compares with a float parameter
-- (distance) or only sorts (CO2 saving); exact numerics where sums and averages must be exact.
CREATE TABLE read_model.services (
    is_current              boolean NOT NULL,
    counted_in_stats        boolean NOT NULL,
    departure_local         time NOT NULL,
    duration_min            integer NOT NULL,
    distance_km             double precision,
    co2_saving              double precision,
    service_start           date,
    service_end             date,
    trajet_id               text PRIMARY KEY,
    source_id               text NOT NULL,
    day_night               text NOT NULL,
    brand                   text,
    operator_keys           text[] NOT NULL,
    countries               text[] NOT NULL,
    origin_station_id       text NOT NULL,
    destination_station_id  text NOT NULL,
    station_ids             text[] NOT NULL,
    weekly_departures       numeric(5, 2) NOT NULL,
    origin_name             text NOT NULL,
    destination_name        text NOT NULL,
    operator_id             text,
    operator_name           text,
    rail_category           text NOT NULL,
    source_label            text NOT NULL,
    co2_train_kg            numeric(9, 3),
    co2_plane_kg            numeric(9, 3)
);
COMMENT ON TABLE read_model.services IS 'One row per service (trajet): what /trajets and /stats filter and sort on. station_ids: every station called at; operator_keys: the main operator and every other one.';
CREATE INDEX services_station_ids_idx ON read_model.services USING gin (station_ids);
CREATE INDEX services_countries_idx ON read_model.services USING gin (countries);
CREATE INDEX services_operator_keys_idx ON read_model.services USING gin (operator_keys);
CREATE INDEX services_origin_idx ON read_model.services (origin_station_id);
CREATE INDEX services_destination_idx ON read_model.services (destination_station_id);
CREATE INDEX services_departure_idx ON read_model.services (is_current, departure_local, trajet_id);

CREATE TABLE read_model.summaries (
    trajet_id   text PRIMARY KEY,
    source_id   text NOT NULL,
    head        text NOT NULL,
    tail        text NOT NULL
);
COMMENT ON TABLE read_model.summaries IS 'The JSON of each service in /trajets, as text cut where the validity status of its source edition goes (computed on the day of the request): head || status || tail.';

CREATE TABLE read_model.details (
    trajet_id   text PRIMARY KEY,
    source_id   text NOT NULL,
    head        text NOT NULL,
    middle      text NOT NULL,
    tail        text NOT NULL
);
COMMENT ON TABLE read_model.details IS 'The JSON of /trajets/{id}, as text cut where the day''s values go: head || expired_since || middle || validity_status || tail.';

CREATE TABLE read_model.search_names (
    normalized  text PRIMARY KEY,
    station_ids text[] NOT NULL
);
COMMENT ON TABLE read_model.search_names IS 'Every normalised station or city name, in every language, with the stations it names.';
CREATE INDEX search_names_prefix_idx ON read_model.search_names (normalized text_pattern_ops);
CREATE INDEX search_names_trgm_idx ON read_model.search_names USING gin (normalized gin_trgm_ops);

CREATE TABLE read_model.volume_cells (
    source_id           text NOT NULL,
    is_current          boolean NOT NULL,
    source_label        text NOT NULL,
    operator_id         text,
    operator_name       text,
    operator_keys       text[] NOT NULL,
    brand               text,
    rail_category       text NOT NULL,
    day_night           text NOT NULL,
    countries           text[] NOT NULL,
    trajets             integer NOT NULL,
    weekly_departures   numeric NOT NULL
);
COMMENT ON TABLE read_model.volume_cells IS 'Services counted in statistics, counted and summed per source, operator(s), brand, category, day/night and countries.';

CREATE TABLE read_model.service_counts (
    source_id       text NOT NULL,
    is_current      boolean NOT NULL,
    operator_keys   text[] NOT NULL,
    brand           text,
    day_night       text NOT NULL,
    countries       text[] NOT NULL,
    trajets         integer NOT NULL
);
COMMENT ON TABLE read_model.service_counts IS 'Every service (counted in statistics or not) per source, operators, brand, day/night and countries: totals of /trajets without a scan.';

CREATE VIEW api.service_rows AS SELECT * FROM read_model.services;
COMMENT ON VIEW api.service_rows IS 'Read model: one row per service with its filter and sort columns.';
CREATE VIEW api.service_summaries AS SELECT * FROM read_model.summaries;
COMMENT ON VIEW api.service_summaries IS 'Read model: the ready JSON of each service in /trajets (validity status set per request).';
CREATE VIEW api.service_details AS SELECT * FROM read_model.details;
COMMENT ON VIEW api.service_details IS 'Read model: the ready JSON of /trajets/{id} (validity status and expiry set per request).';
CREATE VIEW api.search_names AS SELECT * FROM read_model.search_names;
COMMENT ON VIEW api.search_names IS 'Read model: normalised names (stations and cities, every language) and their stations.';
CREATE VIEW api.volume_cells AS SELECT * FROM read_model.volume_cells;
COMMENT ON VIEW api.volume_cells IS 'Read model: pre-aggregated volumes of the services counted in statistics.';
CREATE VIEW api.service_counts AS SELECT * FROM read_model.service_counts;
COMMENT ON VIEW api.service_counts IS 'Read model: pre-aggregated counts of every service.';

CREATE VIEW api.data_version AS SELECT data_version FROM core.publication;
COMMENT ON VIEW api.data_version IS 'The published data version alone (what every answer of the API is tagged with).';

-- The stations a text names: an exact station id, else the best tier of names (exact name,
-- else names starting with it, else names containing it): what /trajets' q, origin and
-- destination match.
CREATE FUNCTION api.match_stations(raw text, normalized text) RETURNS text[]
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    found text[];
BEGIN
    IF EXISTS (SELECT 1 FROM api.stations s WHERE s.station_id = raw) THEN
        RETURN ARRAY[raw];
    END IF;
    SELECT n.station_ids INTO found FROM api.search_names n WHERE n.normalized = match_stations.normalized;
    IF found IS NOT NULL THEN
        RETURN found;
    END IF;
    SELECT array_agg(DISTINCT s ORDER BY s) INTO found
    FROM api.search_names n, unnest(n.station_ids) s
    WHERE n.normalized LIKE match_stations.normalized || '%';
    IF found IS NOT NULL THEN
        RETURN found;
    END IF;
    SELECT array_agg(DISTINCT s ORDER BY s) INTO found
    FROM api.search_names n, unnest(n.station_ids) s
    WHERE n.normalized LIKE '%' || match_stations.normalized || '%';
    RETURN coalesce(found, '{}');
END
$$;
COMMENT ON FUNCTION api.match_stations(text, text) IS 'Stations named by a text: the station id itself, else the best tier of normalised names (exact, starting with, containing).';

GRANT SELECT ON api.service_rows, api.service_summaries, api.service_details, api.search_names, api.volume_cells,
    api.service_counts, api.data_version TO obrail_api, obrail_bi;

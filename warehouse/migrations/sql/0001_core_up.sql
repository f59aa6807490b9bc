-- ObRail warehouse, revision 0001: the private `core` tables.
-- Consumers never read these: they read the views of the `api` schema (0001_api_views_up.sql).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE SCHEMA core;
COMMENT ON SCHEMA core IS 'Published warehouse tables (private: read through the api views).';

CREATE TABLE core.sources (
    source_id       text PRIMARY KEY,
    family          text NOT NULL,
    name            text NOT NULL,
    edition         text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('timetable', 'stations', 'airports', 'factors')),
    is_current      boolean NOT NULL,
    publisher       text NOT NULL,
    public_url      text NOT NULL,
    licence         text NOT NULL,
    licence_url     text NOT NULL,
    attribution     text NOT NULL,
    share_alike     boolean NOT NULL,
    valid_from      date,
    valid_until     date,
    file_checksums  jsonb NOT NULL DEFAULT '{}'::jsonb,
    retrieved_from  text NOT NULL,
    notes           text
);
COMMENT ON TABLE core.sources IS 'One row per source edition: provenance, licence, checksums, validity.';

CREATE TABLE core.co2_factors (
    factor_id           text PRIMARY KEY,
    version             text NOT NULL,
    mode                text NOT NULL CHECK (mode IN ('train', 'plane')),
    category            text NOT NULL,
    label               text NOT NULL,
    kg_per_pkm          numeric(10, 6) NOT NULL CHECK (kg_per_pkm > 0),
    includes_contrails  boolean NOT NULL,
    min_distance_km     numeric(7, 1),
    max_distance_km     numeric(7, 1),
    source_name         text NOT NULL,
    source_url          text NOT NULL
);
COMMENT ON TABLE core.co2_factors IS 'Versioned emission factors (kg CO2e per passenger-km), each with its source.';

CREATE TABLE core.airports (
    iata        char(3) PRIMARY KEY,
    icao        text,
    name        text NOT NULL,
    city        text,
    country     char(2) NOT NULL,
    latitude    double precision NOT NULL,
    longitude   double precision NOT NULL,
    time_zone   text,
    source_id   text NOT NULL REFERENCES core.sources
);

CREATE TABLE core.operators (
    operator_id text PRIMARY KEY,
    name        text NOT NULL,
    short_name  text NOT NULL,
    country     char(2),
    url         text,
    source_id   text NOT NULL REFERENCES core.sources
);
COMMENT ON TABLE core.operators IS 'Railway undertakings, harmonised across sources (aliases in the ETL reference).';

CREATE TABLE core.stations (
    station_id              text PRIMARY KEY,
    uic                     text CHECK (uic ~ '^[0-9]{7}$'),
    name                    text NOT NULL,
    city                    text,
    country                 char(2),
    time_zone               text,
    latitude                double precision,
    longitude               double precision,
    match_method            text NOT NULL,
    source_id               text NOT NULL REFERENCES core.sources,
    coordinates_source_id   text REFERENCES core.sources,
    trajet_count            integer NOT NULL DEFAULT 0
);
COMMENT ON COLUMN core.stations.trajet_count IS 'Current trajets counted in statistics that call here (ranks autocomplete).';
COMMENT ON TABLE core.stations IS 'Stations served by at least one trajet, matched across sources.';
CREATE INDEX stations_uic_idx ON core.stations (uic);

CREATE TABLE core.station_names (
    station_id  text NOT NULL REFERENCES core.stations ON DELETE CASCADE,
    name        text NOT NULL,
    language    text NOT NULL DEFAULT '',
    normalized  text NOT NULL,
    PRIMARY KEY (station_id, normalized, language)
);
COMMENT ON TABLE core.station_names IS 'Every name of a station (own, city, localised exonyms), normalised for search.';
CREATE INDEX station_names_trgm_idx ON core.station_names USING gin (normalized gin_trgm_ops);

CREATE TABLE core.trajets (
    trajet_id               text PRIMARY KEY,
    source_id               text NOT NULL REFERENCES core.sources,
    source_trip_id          text NOT NULL,
    train_number            text,
    name                    text,
    operator_id             text REFERENCES core.operators,
    operator_ids            text[] NOT NULL DEFAULT '{}',
    brand                   text,
    rail_category           text NOT NULL CHECK (rail_category IN ('high_speed', 'intercity', 'regional', 'night')),
    day_night               text NOT NULL CHECK (day_night IN ('day', 'night')),
    night_basis             text,
    runs_overnight          boolean NOT NULL,
    origin_station_id       text NOT NULL REFERENCES core.stations,
    destination_station_id  text NOT NULL REFERENCES core.stations,
    departure_local         time NOT NULL,
    departure_tz            text NOT NULL,
    arrival_local           time NOT NULL,
    arrival_tz              text NOT NULL,
    arrival_day_offset      smallint NOT NULL CHECK (arrival_day_offset >= 0),
    duration_min            integer NOT NULL CHECK (duration_min > 0),
    distance_km             numeric(7, 1),
    distance_method         text CHECK (distance_method IN ('source', 'calls')),
    countries               text[] NOT NULL,
    weekdays                char(7),
    service_start           date,
    service_end             date,
    service_days            integer,
    weekly_departures       numeric(5, 2) NOT NULL CHECK (weekly_departures >= 0),
    days_label              text,
    co2_train_kg            numeric(9, 3),
    co2_train_method        text CHECK (co2_train_method IN ('source', 'factor')),
    co2_train_factor_id     text REFERENCES core.co2_factors,
    co2_plane_kg            numeric(9, 3),
    co2_plane_factor_id     text REFERENCES core.co2_factors,
    plane_distance_km       numeric(7, 1),
    origin_airport          char(3) REFERENCES core.airports,
    destination_airport     char(3) REFERENCES core.airports,
    is_fragment             boolean NOT NULL DEFAULT false,
    fragment_note           text,
    stitched_from           text[] NOT NULL DEFAULT '{}',
    duplicate_of            text REFERENCES core.trajets DEFERRABLE INITIALLY DEFERRED,
    UNIQUE (source_id, source_trip_id),
    CHECK (origin_station_id <> destination_station_id),
    CHECK ((day_night = 'night') = (night_basis IS NOT NULL))
);
COMMENT ON TABLE core.trajets IS 'One scheduled train service, origin to terminus. trajet_id is derived from source + source trip id.';
COMMENT ON COLUMN core.trajets.duplicate_of IS 'Set when the same train is already counted through another trajet (linked, counted once).';
CREATE INDEX trajets_source_idx ON core.trajets (source_id);
CREATE INDEX trajets_operator_idx ON core.trajets (operator_id);
CREATE INDEX trajets_origin_idx ON core.trajets (origin_station_id);
CREATE INDEX trajets_destination_idx ON core.trajets (destination_station_id);
CREATE INDEX trajets_departure_idx ON core.trajets (departure_local);
CREATE INDEX trajets_day_night_idx ON core.trajets (day_night, source_id);
CREATE INDEX trajets_countries_idx ON core.trajets USING gin (countries);

CREATE TABLE core.calls (
    trajet_id               text NOT NULL REFERENCES core.trajets ON DELETE CASCADE,
    seq                     smallint NOT NULL CHECK (seq >= 0),
    station_id              text NOT NULL REFERENCES core.stations,
    source_stop_id          text NOT NULL,
    source_stop_name        text NOT NULL,
    arrival_local           time,
    arrival_day_offset      smallint,
    departure_local         time,
    departure_day_offset    smallint,
    arrival_offset_min      integer,
    departure_offset_min    integer,
    time_zone               text NOT NULL,
    PRIMARY KEY (trajet_id, seq),
    CHECK (arrival_local IS NOT NULL OR departure_local IS NOT NULL)
);
COMMENT ON TABLE core.calls IS 'The calls of a trajet in order. *_offset_min: minutes after the origin departure (time-zone aware).';
CREATE INDEX calls_station_idx ON core.calls (station_id);

CREATE TABLE core.trajet_links (
    trajet_id           text NOT NULL REFERENCES core.trajets ON DELETE CASCADE,
    linked_trajet_id    text NOT NULL REFERENCES core.trajets ON DELETE CASCADE,
    link_type           text NOT NULL CHECK (link_type IN ('same_train', 'fragment_of')),
    evidence            text NOT NULL,
    PRIMARY KEY (trajet_id, linked_trajet_id)
);
COMMENT ON TABLE core.trajet_links IS 'The same train seen in two sources, or a fragment matched to its full train.';

CREATE TABLE core.etl_runs (
    run_id          bigserial PRIMARY KEY,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    status          text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    data_version    text,
    code_version    text NOT NULL,
    error           text
);

CREATE TABLE core.etl_run_sources (
    run_id          bigint NOT NULL REFERENCES core.etl_runs ON DELETE CASCADE,
    source_id       text NOT NULL,
    rows_read       integer NOT NULL,
    rows_loaded     integer NOT NULL,
    rows_rejected   integer NOT NULL,
    calls_read      integer NOT NULL DEFAULT 0,
    calls_loaded    integer NOT NULL DEFAULT 0,
    calls_rejected  integer NOT NULL DEFAULT 0,
    calls_matched   integer NOT NULL DEFAULT 0,
    duration_s      double precision NOT NULL,
    PRIMARY KEY (run_id, source_id)
);
COMMENT ON TABLE core.etl_run_sources IS 'Per run and source: rows (trips, or reference rows) read/loaded/rejected; calls read/loaded/rejected and matched to a station with coordinates and country.';

CREATE TABLE core.rejected_rows (
    rejected_id bigserial PRIMARY KEY,
    run_id      bigint NOT NULL REFERENCES core.etl_runs ON DELETE CASCADE,
    source_id   text NOT NULL,
    file        text NOT NULL,
    line        integer,
    reason      text NOT NULL,
    raw         text NOT NULL
);
CREATE INDEX rejected_rows_run_idx ON core.rejected_rows (run_id, source_id);

CREATE TABLE core.publication (
    singleton       boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    data_version    text NOT NULL,
    published_at    timestamptz NOT NULL,
    run_id          bigint NOT NULL REFERENCES core.etl_runs
);
COMMENT ON TABLE core.publication IS 'What is published now: the data version the API tags its answers with.';

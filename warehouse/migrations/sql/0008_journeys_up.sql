-- ObRail warehouse, revision 0008: what /destinations and /comparison read, built at
-- publication with the rest of the read model (warehouse/read_model.py, JOURNEYS_REBUILD)
-- instead of at each request: the along-route distance of every call (a window over all the
-- calls of every trajet served from a city, about a second for Paris under load, before).

CREATE TABLE read_model.stops (
    trajet_id               text NOT NULL,
    seq                     smallint NOT NULL,
    station_id              text NOT NULL,
    station_name            text NOT NULL,
    place                   text NOT NULL,
    country                 character(2),
    latitude                double precision,
    longitude               double precision,
    arrival_local           time,
    arrival_day_offset      smallint,
    arrival_offset_min      integer,
    departure_local         time,
    departure_day_offset    smallint,
    departure_offset_min    integer,
    time_zone               text NOT NULL,
    km_at                   double precision,
    PRIMARY KEY (trajet_id, seq)
);
COMMENT ON TABLE read_model.stops IS 'Every call of every service: its station, place (the station''s city, else its name), times, and km_at, the distance along the route from the trajet''s first located call (straight lines between located calls; null where the call has no position).';
CREATE INDEX stops_station_idx ON read_model.stops (station_id);

CREATE TABLE read_model.routes (
    trajet_id       text PRIMARY KEY,
    train_number    text,
    train_name      text,
    first_seq       smallint NOT NULL,
    last_seq        smallint NOT NULL,
    route_km        double precision
);
COMMENT ON TABLE read_model.routes IS 'Each service''s train number and name, first and last call, and along-route length (the largest km_at of its stops).';

CREATE TABLE read_model.served_airports (
    iata        character(3) PRIMARY KEY,
    name        text NOT NULL,
    latitude    double precision NOT NULL,
    longitude   double precision NOT NULL
);
COMMENT ON TABLE read_model.served_airports IS 'The airports that trajets are compared with (an origin or destination airport of a trajet).';

CREATE VIEW api.journey_stops AS SELECT * FROM read_model.stops;
COMMENT ON VIEW api.journey_stops IS 'Read model: every call with its place and along-route distance (km_at).';
CREATE VIEW api.journey_routes AS SELECT * FROM read_model.routes;
COMMENT ON VIEW api.journey_routes IS 'Read model: each service''s train, ends and along-route length.';
CREATE VIEW api.served_airports AS SELECT * FROM read_model.served_airports;
COMMENT ON VIEW api.served_airports IS 'Read model: the airports trains are compared with.';

GRANT SELECT ON api.journey_stops, api.journey_routes, api.served_airports TO obrail_api, obrail_bi;

-- Back to revision 0007: the journeys' distances computed at each request.
DROP VIEW api.served_airports, api.journey_routes, api.journey_stops;
DROP TABLE read_model.served_airports, read_model.routes, read_model.stops;

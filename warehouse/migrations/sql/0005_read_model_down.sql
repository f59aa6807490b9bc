-- Back to revision 0004: no read model.
DROP FUNCTION api.match_stations(text, text);
DROP VIEW api.data_version, api.service_counts, api.volume_cells, api.search_names, api.service_summaries, api.service_details, api.service_rows;
DROP SCHEMA read_model CASCADE;

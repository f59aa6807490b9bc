-- Back to the previous revision: no model slot.
DROP VIEW api.model_freshness;
DROP VIEW api.model_active;
DROP VIEW api.model_versions;
DROP VIEW api.city_pair_features;
DROP VIEW api.market_shares;
DROP VIEW api.market_share_publications;
DROP TABLE core.model_active;
DROP TABLE core.model_events;
DROP TABLE core.model_versions;
DROP TABLE core.city_pairs;
DROP TABLE core.market_shares;
DROP TABLE core.market_share_publications;

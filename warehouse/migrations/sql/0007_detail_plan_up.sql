-- One trajet's detail (the read model's document with today's validity of its source edition)
-- and the data version, in one call. A key lookup whose best plan never depends on the key: the
-- function keeps one generic plan per session (its own plan_cache_mode), where the API's
-- connections plan every statement for its values (about 0.5 ms of planning for this one).
-- STABLE: it reads with the snapshot of the statement that calls it, so the document and the
-- data version come from the same publication.
CREATE FUNCTION api.trajet_detail(wanted text, OUT data_version text, OUT trajet text)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
    AS $$
BEGIN
    SELECT (SELECT p.data_version FROM api.data_version p),
           (SELECT d.head || coalesce(to_json(s.expired_since)::text, 'null') || d.middle
                   || to_json(s.validity_status)::text || d.tail
            FROM api.service_details d JOIN api.sources s USING (source_id)
            WHERE d.trajet_id = wanted)
    INTO data_version, trajet;
END
$$;
COMMENT ON FUNCTION api.trajet_detail(text) IS 'One trajet''s detail as JSON text (null when unknown) and the data version, planned once per session.';

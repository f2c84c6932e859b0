-- The board's totals under a filter on the deals' company (`company.industry:software`): the
-- filter names the matching companies (`company_id IN (SELECT …)`), and this index answers the
-- per-stage, per-currency sums from their deals' entries without reading the deals themselves
-- (as deals_stage_agg_live_idx does for the whole board; deleted_at makes it covering).
CREATE INDEX deals_company_agg_live_idx ON deals (company_id, stage_id, currency, value, probability, deleted_at) WHERE deleted_at IS NULL;

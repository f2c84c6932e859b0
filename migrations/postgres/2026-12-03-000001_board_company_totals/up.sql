-- The board's totals under a filter on the deals' company (`company.industry:software`): the
-- filter names the matching companies (`company_id IN (SELECT …)`), and this index answers the
-- per-stage, per-currency sums from their deals' entries (an index-only scan once vacuumed).
CREATE INDEX deals_company_agg_live_idx ON deals (company_id, stage_id, currency, value, probability) WHERE deleted_at IS NULL;

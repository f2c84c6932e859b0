DROP INDEX IF EXISTS companies_revenue_norm_live_idx;
DROP INDEX IF EXISTS deals_value_norm_live_idx;

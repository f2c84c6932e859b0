-- The deal board (docs/pipeline.md). Per-stage totals are grouped by stage and currency (amounts in
-- different currencies are never added), so the covering aggregate indexes gain `currency` (and
-- serve index-only scans); the cards of a column are sorted by expected close date (nulls last), so
-- they get a (stage_id, expected_close, id) index. All over live rows only, like the indexes they
-- replace.
DROP INDEX deals_stage_agg_live_idx;
DROP INDEX deals_owner_stage_live_idx;
CREATE INDEX deals_stage_agg_live_idx   ON deals (stage_id, currency) INCLUDE (value, probability, owner_id) WHERE deleted_at IS NULL;
CREATE INDEX deals_owner_stage_live_idx ON deals (owner_id, stage_id, currency) INCLUDE (value, probability) WHERE deleted_at IS NULL;
CREATE INDEX deals_stage_close_live_idx ON deals (stage_id, expected_close, id) WHERE deleted_at IS NULL;

DROP INDEX deals_stage_close_live_idx;
DROP INDEX deals_owner_stage_live_idx;
DROP INDEX deals_stage_agg_live_idx;
CREATE INDEX deals_stage_agg_live_idx    ON deals (stage_id, owner_id) INCLUDE (value, probability) WHERE deleted_at IS NULL;
CREATE INDEX deals_owner_stage_live_idx  ON deals (owner_id, stage_id) INCLUDE (value, probability) WHERE deleted_at IS NULL;

-- The deal board (docs/pipeline.md). Per-stage totals are grouped by stage and currency (amounts in
-- different currencies are never added), so the covering aggregate indexes gain `currency`; the
-- cards of a column are sorted by expected close date, so they get a (stage_id, expected_close, id)
-- index. All over live rows only, like the indexes they replace. The aggregate indexes end with
-- `deleted_at` although it is always NULL in them: SQLite counts a column the query mentions as
-- needed even when the partial index's WHERE already implies it, and without it every index entry
-- costs a table lookup (the totals of 250k deals: median 123 ms with the lookups, 83 ms as a
-- covering scan, same loaded machine; `benches/board.rs`, docs/pipeline.md).
DROP INDEX deals_stage_agg_live_idx;
DROP INDEX deals_owner_stage_live_idx;
CREATE INDEX deals_stage_agg_live_idx   ON deals (stage_id, currency, value, probability, owner_id, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX deals_owner_stage_live_idx ON deals (owner_id, stage_id, currency, value, probability, deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX deals_stage_close_live_idx ON deals (stage_id, expected_close, id)                     WHERE deleted_at IS NULL;

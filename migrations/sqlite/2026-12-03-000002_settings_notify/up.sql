-- Nothing to change: on SQLite the change feed compares the settings' versions whenever
-- PRAGMA data_version moves (src/db/changes/sqlite.rs). The migration exists so both backends
-- carry the same migration names.
SELECT 1;

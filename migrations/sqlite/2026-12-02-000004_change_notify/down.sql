-- Nothing to change: on SQLite a listener polls PRAGMA data_version and reads the history rows
-- added since (see src/db/changes/sqlite.rs). The migration exists so both backends carry the
-- same migration names.
SELECT 1;

-- Row-level security is PostgreSQL's (see migrations/postgres of the same name); on SQLite the
-- application enforces the same rules. Nothing to do.
SELECT 1;

DROP TABLE settings;
DROP INDEX users_team_idx;
DROP INDEX users_login_live_uq;
ALTER TABLE users DROP COLUMN active;
ALTER TABLE users DROP COLUMN team_id;
ALTER TABLE users DROP COLUMN login;
DROP TABLE teams;

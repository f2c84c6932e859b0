-- Teams (issue 12): users belong to a team; a record's team is its owner's team. The org-wide
-- setting `visibility` (own, team, all) says what non-admin roles see.

CREATE TABLE teams (
    id          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    name        TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 100),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE UNIQUE INDEX teams_name_live_uq ON teams (name) WHERE deleted_at IS NULL;
CREATE INDEX teams_created_live_idx ON teams (created_at, id) WHERE deleted_at IS NULL;

-- login: the PostgreSQL role a user connects as (validated by rolo as ^[a-z_][a-z0-9_]{0,62}$).
ALTER TABLE users ADD COLUMN login TEXT COLLATE NOCASE CHECK (login IS NULL OR length(login) BETWEEN 1 AND 63);
ALTER TABLE users ADD COLUMN team_id BLOB REFERENCES teams (id) ON DELETE SET NULL;
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
CREATE UNIQUE INDEX users_login_live_uq ON users (login) WHERE deleted_at IS NULL AND login IS NOT NULL;
-- "the users of my team": the visibility predicate's sub-select
CREATE INDEX users_team_idx ON users (team_id, id);

CREATE TABLE settings (
    key         TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);
INSERT INTO settings (key, value, updated_at)
VALUES ('visibility', 'team', strftime('%Y-%m-%d %H:%M:%f000', 'now'));

-- Teams (issue 12): users belong to a team; a record's team is its owner's team. The org-wide
-- setting `visibility` (own, team, all) says what non-admin roles see.

CREATE TABLE teams (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    version     integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE UNIQUE INDEX teams_name_live_uq ON teams (lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX teams_created_live_idx ON teams (created_at, id) WHERE deleted_at IS NULL;

-- login: the PostgreSQL role a user connects as (validated by rolo as ^[a-z_][a-z0-9_]{0,62}$).
ALTER TABLE users ADD COLUMN login text CHECK (login IS NULL OR login ~ '^[a-z_][a-z0-9_]{0,62}$');
ALTER TABLE users ADD COLUMN team_id uuid REFERENCES teams (id) ON DELETE SET NULL;
ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;
CREATE UNIQUE INDEX users_login_live_uq ON users (login) WHERE deleted_at IS NULL AND login IS NOT NULL;
-- "the users of my team": the visibility predicate's sub-select
CREATE INDEX users_team_idx ON users (team_id, id);

CREATE TABLE settings (
    key         text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
    value       text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);
INSERT INTO settings (key, value) VALUES ('visibility', 'team');

-- rolo schema, SQLite dialect. Same table and column names as migrations/postgres.
-- ids are 16-byte UUID BLOBs; timestamps are UTC text 'YYYY-MM-DD HH:MM:SS.ffffff' written by rolo;
-- text columns that filters match on compare case-insensitively (COLLATE NOCASE), so their indexes serve
-- case-insensitive filters. Tables with full-text search keep a hidden INTEGER PRIMARY KEY (seq) so the
-- FTS5 external-content index has a stable rowid.

CREATE TABLE users (
    id          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    name        TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 200),
    email       TEXT NOT NULL COLLATE NOCASE,
    role        TEXT NOT NULL DEFAULT 'sales_rep' CHECK (role IN ('admin', 'manager', 'sales_rep', 'read_only')),
    timezone    TEXT NOT NULL DEFAULT 'UTC',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE UNIQUE INDEX users_email_live_uq ON users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_name_live_idx ON users (name, id) WHERE deleted_at IS NULL;
CREATE INDEX users_role_live_idx ON users (role, name, id) WHERE deleted_at IS NULL;

CREATE TABLE companies (
    seq                 INTEGER PRIMARY KEY,
    id                  BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    name                TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 200),
    domain              TEXT COLLATE NOCASE,
    website             TEXT,
    industry            TEXT COLLATE NOCASE,
    size                TEXT CHECK (size IN ('solo', 'small', 'medium', 'large', 'enterprise')),
    status              TEXT NOT NULL DEFAULT 'lead' CHECK (status IN ('lead', 'prospect', 'customer', 'partner', 'inactive')),
    category            TEXT COLLATE NOCASE,
    phone               TEXT,
    email               TEXT COLLATE NOCASE,
    billing_street      TEXT,
    billing_city        TEXT COLLATE NOCASE,
    billing_region      TEXT COLLATE NOCASE,
    billing_postal_code TEXT COLLATE NOCASE,
    billing_country     TEXT COLLATE NOCASE,
    service_street      TEXT,
    service_city        TEXT COLLATE NOCASE,
    service_region      TEXT COLLATE NOCASE,
    service_postal_code TEXT COLLATE NOCASE,
    service_country     TEXT COLLATE NOCASE,
    annual_revenue      INTEGER CHECK (annual_revenue >= 0),
    currency            TEXT NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3),
    employee_count      INTEGER CHECK (employee_count >= 0),
    parent_id           BLOB REFERENCES companies (id) ON DELETE SET NULL CHECK (parent_id <> id),
    owner_id            BLOB REFERENCES users (id) ON DELETE SET NULL,
    notes               TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT,
    version             INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE INDEX companies_name_live_idx      ON companies (name, id)                   WHERE deleted_at IS NULL;
CREATE INDEX companies_industry_live_idx  ON companies (industry, name, id)         WHERE deleted_at IS NULL;
CREATE INDEX companies_status_live_idx    ON companies (status, name, id)           WHERE deleted_at IS NULL;
CREATE INDEX companies_size_live_idx      ON companies (size, name, id)             WHERE deleted_at IS NULL;
CREATE INDEX companies_category_live_idx  ON companies (category, name, id)         WHERE deleted_at IS NULL;
CREATE INDEX companies_owner_live_idx     ON companies (owner_id, name, id)         WHERE deleted_at IS NULL;
CREATE INDEX companies_city_live_idx      ON companies (billing_city, name, id)     WHERE deleted_at IS NULL;
CREATE INDEX companies_region_live_idx    ON companies (billing_region, name, id)   WHERE deleted_at IS NULL;
CREATE INDEX companies_country_live_idx   ON companies (billing_country, name, id)  WHERE deleted_at IS NULL;
CREATE INDEX companies_domain_live_idx    ON companies (domain)                     WHERE deleted_at IS NULL;
CREATE INDEX companies_email_live_idx     ON companies (email)                      WHERE deleted_at IS NULL;
CREATE INDEX companies_employees_live_idx ON companies (employee_count, id)         WHERE deleted_at IS NULL;
CREATE INDEX companies_revenue_live_idx   ON companies (annual_revenue, id)         WHERE deleted_at IS NULL;
CREATE INDEX companies_created_live_idx   ON companies (created_at, id)             WHERE deleted_at IS NULL;
CREATE INDEX companies_updated_live_idx   ON companies (updated_at, id)             WHERE deleted_at IS NULL;
CREATE INDEX companies_parent_idx         ON companies (parent_id);
CREATE INDEX companies_owner_idx          ON companies (owner_id);
CREATE INDEX companies_deleted_idx        ON companies (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE VIRTUAL TABLE companies_fts USING fts5 (
    name, domain, content = 'companies', content_rowid = 'seq', tokenize = 'trigram'
);
CREATE TRIGGER companies_fts_ai AFTER INSERT ON companies BEGIN
    INSERT INTO companies_fts (rowid, name, domain) VALUES (new.seq, new.name, new.domain);
END;
CREATE TRIGGER companies_fts_ad AFTER DELETE ON companies BEGIN
    INSERT INTO companies_fts (companies_fts, rowid, name, domain) VALUES ('delete', old.seq, old.name, old.domain);
END;
CREATE TRIGGER companies_fts_au AFTER UPDATE OF name, domain ON companies BEGIN
    INSERT INTO companies_fts (companies_fts, rowid, name, domain) VALUES ('delete', old.seq, old.name, old.domain);
    INSERT INTO companies_fts (rowid, name, domain) VALUES (new.seq, new.name, new.domain);
END;

CREATE TABLE contacts (
    seq               INTEGER PRIMARY KEY,
    id                BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    company_id        BLOB REFERENCES companies (id) ON DELETE SET NULL,
    first_name        TEXT NOT NULL COLLATE NOCASE CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name         TEXT COLLATE NOCASE,
    email             TEXT COLLATE NOCASE,
    phone             TEXT,
    title             TEXT COLLATE NOCASE,
    is_primary        BOOLEAN NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    preferred_channel TEXT NOT NULL DEFAULT 'email' CHECK (preferred_channel IN ('email', 'phone', 'sms', 'none')),
    do_not_contact    BOOLEAN NOT NULL DEFAULT 0 CHECK (do_not_contact IN (0, 1)),
    owner_id          BLOB REFERENCES users (id) ON DELETE SET NULL,
    notes             TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT,
    version           INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (is_primary = 0 OR company_id IS NOT NULL)
);
-- at most one live primary contact per company
CREATE UNIQUE INDEX contacts_primary_uq         ON contacts (company_id) WHERE is_primary = 1 AND deleted_at IS NULL;
CREATE INDEX contacts_name_live_idx             ON contacts (last_name, first_name, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_first_name_live_idx       ON contacts (first_name, id)            WHERE deleted_at IS NULL;
CREATE INDEX contacts_company_live_idx          ON contacts (company_id, last_name, first_name, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_email_live_idx            ON contacts (email)                     WHERE deleted_at IS NULL;
CREATE INDEX contacts_phone_live_idx            ON contacts (phone)                     WHERE deleted_at IS NULL;
CREATE INDEX contacts_title_live_idx            ON contacts (title, id)                  WHERE deleted_at IS NULL;
CREATE INDEX contacts_owner_live_idx            ON contacts (owner_id, last_name, first_name, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_channel_live_idx          ON contacts (preferred_channel, id)      WHERE deleted_at IS NULL;
CREATE INDEX contacts_dnc_live_idx              ON contacts (do_not_contact, id)         WHERE deleted_at IS NULL;
CREATE INDEX contacts_created_live_idx          ON contacts (created_at, id)             WHERE deleted_at IS NULL;
CREATE INDEX contacts_updated_live_idx          ON contacts (updated_at, id)             WHERE deleted_at IS NULL;
CREATE INDEX contacts_company_idx               ON contacts (company_id);
CREATE INDEX contacts_owner_idx                 ON contacts (owner_id);

CREATE VIRTUAL TABLE contacts_fts USING fts5 (
    first_name, last_name, email, content = 'contacts', content_rowid = 'seq', tokenize = 'trigram'
);
CREATE TRIGGER contacts_fts_ai AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, first_name, last_name, email) VALUES (new.seq, new.first_name, new.last_name, new.email);
END;
CREATE TRIGGER contacts_fts_ad AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, first_name, last_name, email) VALUES ('delete', old.seq, old.first_name, old.last_name, old.email);
END;
CREATE TRIGGER contacts_fts_au AFTER UPDATE OF first_name, last_name, email ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, first_name, last_name, email) VALUES ('delete', old.seq, old.first_name, old.last_name, old.email);
    INSERT INTO contacts_fts (rowid, first_name, last_name, email) VALUES (new.seq, new.first_name, new.last_name, new.email);
END;

CREATE TABLE pipeline_stages (
    id          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    name        TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 100),
    position    INTEGER NOT NULL CHECK (position >= 0),
    probability INTEGER NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
    color       TEXT NOT NULL DEFAULT 'blue',
    kind        TEXT NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),
    active      BOOLEAN NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE UNIQUE INDEX pipeline_stages_name_live_uq ON pipeline_stages (name) WHERE deleted_at IS NULL;
CREATE INDEX pipeline_stages_position_idx ON pipeline_stages (position, id) WHERE deleted_at IS NULL;

CREATE TABLE deals (
    id              BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    title           TEXT NOT NULL COLLATE NOCASE CHECK (length(title) BETWEEN 1 AND 200),
    company_id      BLOB REFERENCES companies (id) ON DELETE SET NULL,
    contact_id      BLOB REFERENCES contacts (id) ON DELETE SET NULL,
    stage_id        BLOB NOT NULL REFERENCES pipeline_stages (id) ON DELETE RESTRICT,
    value           INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),
    currency        TEXT NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3),
    expected_close  TEXT,
    probability     INTEGER CHECK (probability BETWEEN 0 AND 100),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
    priority        TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
    owner_id        BLOB REFERENCES users (id) ON DELETE SET NULL,
    lost_reason     TEXT,
    closed_at       TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    deleted_at      TEXT,
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK ((status = 'open') = (closed_at IS NULL)),
    CHECK (status = 'lost' OR lost_reason IS NULL)
);
CREATE INDEX deals_title_live_idx        ON deals (title, id)                     WHERE deleted_at IS NULL;
-- kanban: cards per stage, and covering per-stage aggregates (count, value, probability)
CREATE INDEX deals_stage_live_idx        ON deals (stage_id, updated_at, id)      WHERE deleted_at IS NULL;
CREATE INDEX deals_stage_agg_live_idx    ON deals (stage_id, owner_id, value, probability) WHERE deleted_at IS NULL;
CREATE INDEX deals_owner_stage_live_idx  ON deals (owner_id, stage_id, value, probability) WHERE deleted_at IS NULL;
CREATE INDEX deals_company_live_idx      ON deals (company_id, id)                WHERE deleted_at IS NULL;
CREATE INDEX deals_contact_live_idx      ON deals (contact_id, id)                WHERE deleted_at IS NULL;
CREATE INDEX deals_value_live_idx        ON deals (value, id)                     WHERE deleted_at IS NULL;
CREATE INDEX deals_close_live_idx        ON deals (expected_close, id)            WHERE deleted_at IS NULL;
CREATE INDEX deals_status_live_idx       ON deals (status, expected_close, id)    WHERE deleted_at IS NULL;
CREATE INDEX deals_priority_live_idx     ON deals (priority, id)                  WHERE deleted_at IS NULL;
CREATE INDEX deals_currency_live_idx     ON deals (currency, value, id)           WHERE deleted_at IS NULL;
CREATE INDEX deals_closed_live_idx       ON deals (closed_at, id)                 WHERE deleted_at IS NULL;
CREATE INDEX deals_created_live_idx      ON deals (created_at, id)                WHERE deleted_at IS NULL;
CREATE INDEX deals_updated_live_idx      ON deals (updated_at, id)                WHERE deleted_at IS NULL;
CREATE INDEX deals_stage_idx             ON deals (stage_id);
CREATE INDEX deals_company_idx           ON deals (company_id);
CREATE INDEX deals_contact_idx           ON deals (contact_id);
CREATE INDEX deals_owner_idx             ON deals (owner_id);

CREATE TABLE activities (
    id           BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    kind         TEXT NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'note', 'task')),
    subject      TEXT NOT NULL COLLATE NOCASE CHECK (length(subject) BETWEEN 1 AND 300),
    body         TEXT,
    outcome      TEXT CHECK (outcome IN ('positive', 'neutral', 'negative')),
    company_id   BLOB REFERENCES companies (id),
    contact_id   BLOB REFERENCES contacts (id),
    deal_id      BLOB REFERENCES deals (id),
    owner_id     BLOB REFERENCES users (id) ON DELETE SET NULL,
    assignee_id  BLOB REFERENCES users (id) ON DELETE SET NULL,
    due_at       TEXT,
    completed_at TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT,
    version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (company_id IS NOT NULL OR contact_id IS NOT NULL OR deal_id IS NOT NULL)
);
CREATE INDEX activities_due_live_idx       ON activities (due_at, id)                 WHERE deleted_at IS NULL;
-- agenda: open tasks by assignee and due date
CREATE INDEX activities_open_due_live_idx  ON activities (assignee_id, due_at, id)    WHERE deleted_at IS NULL AND completed_at IS NULL;
CREATE INDEX activities_owner_live_idx     ON activities (owner_id, due_at, id)       WHERE deleted_at IS NULL;
CREATE INDEX activities_kind_live_idx      ON activities (kind, due_at, id)           WHERE deleted_at IS NULL;
CREATE INDEX activities_outcome_live_idx   ON activities (outcome, id)                WHERE deleted_at IS NULL;
CREATE INDEX activities_subject_live_idx   ON activities (subject, id)                WHERE deleted_at IS NULL;
CREATE INDEX activities_company_live_idx   ON activities (company_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_contact_live_idx   ON activities (contact_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_deal_live_idx      ON activities (deal_id, created_at, id)    WHERE deleted_at IS NULL;
CREATE INDEX activities_completed_live_idx ON activities (completed_at, id)           WHERE deleted_at IS NULL;
CREATE INDEX activities_created_live_idx   ON activities (created_at, id)             WHERE deleted_at IS NULL;
CREATE INDEX activities_updated_live_idx   ON activities (updated_at, id)             WHERE deleted_at IS NULL;
CREATE INDEX activities_company_idx        ON activities (company_id);
CREATE INDEX activities_contact_idx        ON activities (contact_id);
CREATE INDEX activities_deal_idx           ON activities (deal_id);
CREATE INDEX activities_owner_idx          ON activities (owner_id);
CREATE INDEX activities_assignee_idx       ON activities (assignee_id);

CREATE TABLE tags (
    id         BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    name       TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 50),
    color      TEXT NOT NULL DEFAULT 'cyan',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE UNIQUE INDEX tags_name_live_uq ON tags (name) WHERE deleted_at IS NULL;

CREATE TABLE company_tags (
    company_id BLOB NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    tag_id     BLOB NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (company_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX company_tags_tag_idx ON company_tags (tag_id, company_id);

CREATE TABLE contact_tags (
    contact_id BLOB NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag_id     BLOB NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (contact_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX contact_tags_tag_idx ON contact_tags (tag_id, contact_id);

CREATE TABLE deal_tags (
    deal_id    BLOB NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    tag_id     BLOB NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (deal_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX deal_tags_tag_idx ON deal_tags (tag_id, deal_id);

CREATE TABLE saved_views (
    id          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    owner_id    BLOB REFERENCES users (id) ON DELETE CASCADE,
    entity      TEXT NOT NULL CHECK (entity IN ('users', 'companies', 'contacts', 'pipeline_stages', 'deals', 'activities', 'tags')),
    name        TEXT NOT NULL COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 100),
    filter      TEXT NOT NULL DEFAULT '',
    sort        TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE UNIQUE INDEX saved_views_name_live_uq ON saved_views (coalesce(owner_id, x''), name) WHERE deleted_at IS NULL;
CREATE INDEX saved_views_owner_idx ON saved_views (owner_id);

CREATE TABLE history (
    id          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    at          TEXT NOT NULL,
    actor_id    BLOB REFERENCES users (id) ON DELETE SET NULL,
    entity      TEXT NOT NULL,
    entity_id   BLOB NOT NULL CHECK (length(entity_id) = 16),
    action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'tag', 'untag')),
    changes     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX history_entity_idx ON history (entity_id, at, id);
CREATE INDEX history_actor_idx  ON history (actor_id, at);
CREATE INDEX history_at_idx     ON history (at);

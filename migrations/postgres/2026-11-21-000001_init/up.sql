-- rolo schema, PostgreSQL dialect. Same table and column names as migrations/sqlite.
-- ids are native uuid; timestamps are timestamptz (rolo's sessions run in UTC); case-insensitive
-- filters compare lower(column), so the filterable text columns are indexed on lower(column).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email       text NOT NULL,
    role        text NOT NULL DEFAULT 'sales_rep' CHECK (role IN ('admin', 'manager', 'sales_rep', 'read_only')),
    timezone    text NOT NULL DEFAULT 'UTC',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    version     integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE UNIQUE INDEX users_email_live_uq ON users (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX users_name_live_idx ON users (lower(name), id) WHERE deleted_at IS NULL;
CREATE INDEX users_role_live_idx ON users (role, lower(name), id) WHERE deleted_at IS NULL;

CREATE TABLE companies (
    id                  uuid PRIMARY KEY,
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    domain              text,
    website             text,
    industry            text,
    size                text CHECK (size IN ('solo', 'small', 'medium', 'large', 'enterprise')),
    status              text NOT NULL DEFAULT 'lead' CHECK (status IN ('lead', 'prospect', 'customer', 'partner', 'inactive')),
    category            text,
    phone               text,
    email               text,
    billing_street      text,
    billing_city        text,
    billing_region      text,
    billing_postal_code text,
    billing_country     text,
    service_street      text,
    service_city        text,
    service_region      text,
    service_postal_code text,
    service_country     text,
    annual_revenue      bigint CHECK (annual_revenue >= 0),
    currency            text NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3),
    employee_count      integer CHECK (employee_count >= 0),
    parent_id           uuid REFERENCES companies (id) ON DELETE SET NULL CHECK (parent_id <> id),
    owner_id            uuid REFERENCES users (id) ON DELETE SET NULL,
    notes               text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz,
    version             integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    search              tsvector GENERATED ALWAYS AS (
                            to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(domain, ''))) STORED
);
CREATE INDEX companies_name_live_idx      ON companies (lower(name), id)                          WHERE deleted_at IS NULL;
CREATE INDEX companies_industry_live_idx  ON companies (lower(industry), lower(name), id)         WHERE deleted_at IS NULL;
CREATE INDEX companies_status_live_idx    ON companies (status, lower(name), id)                  WHERE deleted_at IS NULL;
CREATE INDEX companies_size_live_idx      ON companies (size, lower(name), id)                    WHERE deleted_at IS NULL;
CREATE INDEX companies_category_live_idx  ON companies (lower(category), lower(name), id)         WHERE deleted_at IS NULL;
CREATE INDEX companies_owner_live_idx     ON companies (owner_id, lower(name), id)                WHERE deleted_at IS NULL;
CREATE INDEX companies_city_live_idx      ON companies (lower(billing_city), lower(name), id)     WHERE deleted_at IS NULL;
CREATE INDEX companies_region_live_idx    ON companies (lower(billing_region), lower(name), id)   WHERE deleted_at IS NULL;
CREATE INDEX companies_country_live_idx   ON companies (lower(billing_country), lower(name), id)  WHERE deleted_at IS NULL;
CREATE INDEX companies_domain_live_idx    ON companies (lower(domain))                            WHERE deleted_at IS NULL;
CREATE INDEX companies_email_live_idx     ON companies (lower(email))                             WHERE deleted_at IS NULL;
CREATE INDEX companies_employees_live_idx ON companies (employee_count, id)                       WHERE deleted_at IS NULL;
CREATE INDEX companies_revenue_live_idx   ON companies (annual_revenue, id)                       WHERE deleted_at IS NULL;
CREATE INDEX companies_created_live_idx   ON companies (created_at, id)                           WHERE deleted_at IS NULL;
CREATE INDEX companies_updated_live_idx   ON companies (updated_at, id)                           WHERE deleted_at IS NULL;
CREATE INDEX companies_parent_idx         ON companies (parent_id);
CREATE INDEX companies_owner_idx          ON companies (owner_id);
CREATE INDEX companies_deleted_idx        ON companies (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX companies_search_idx         ON companies USING gin (search);
CREATE INDEX companies_name_trgm_idx      ON companies USING gin (lower(name) gin_trgm_ops);
CREATE INDEX companies_domain_trgm_idx    ON companies USING gin (lower(domain) gin_trgm_ops);

CREATE TABLE contacts (
    id                uuid PRIMARY KEY,
    company_id        uuid REFERENCES companies (id) ON DELETE SET NULL,
    first_name        text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name         text,
    email             text,
    phone             text,
    title             text,
    is_primary        boolean NOT NULL DEFAULT false,
    preferred_channel text NOT NULL DEFAULT 'email' CHECK (preferred_channel IN ('email', 'phone', 'sms', 'none')),
    do_not_contact    boolean NOT NULL DEFAULT false,
    owner_id          uuid REFERENCES users (id) ON DELETE SET NULL,
    notes             text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    deleted_at        timestamptz,
    version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    search            tsvector GENERATED ALWAYS AS (
                          to_tsvector('simple', coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, ''))) STORED,
    CHECK (NOT is_primary OR company_id IS NOT NULL)
);
-- at most one live primary contact per company
CREATE UNIQUE INDEX contacts_primary_uq   ON contacts (company_id) WHERE is_primary AND deleted_at IS NULL;
CREATE INDEX contacts_name_live_idx       ON contacts (lower(last_name), lower(first_name), id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_first_name_live_idx ON contacts (lower(first_name), id)                   WHERE deleted_at IS NULL;
CREATE INDEX contacts_company_live_idx    ON contacts (company_id, lower(last_name), lower(first_name), id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_email_live_idx      ON contacts (lower(email))                            WHERE deleted_at IS NULL;
CREATE INDEX contacts_phone_live_idx      ON contacts (phone)                                   WHERE deleted_at IS NULL;
CREATE INDEX contacts_title_live_idx      ON contacts (lower(title), id)                        WHERE deleted_at IS NULL;
CREATE INDEX contacts_owner_live_idx      ON contacts (owner_id, lower(last_name), lower(first_name), id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_channel_live_idx    ON contacts (preferred_channel, id)                   WHERE deleted_at IS NULL;
CREATE INDEX contacts_dnc_live_idx        ON contacts (do_not_contact, id)                      WHERE deleted_at IS NULL;
CREATE INDEX contacts_created_live_idx    ON contacts (created_at, id)                          WHERE deleted_at IS NULL;
CREATE INDEX contacts_updated_live_idx    ON contacts (updated_at, id)                          WHERE deleted_at IS NULL;
CREATE INDEX contacts_company_idx         ON contacts (company_id);
CREATE INDEX contacts_owner_idx           ON contacts (owner_id);
CREATE INDEX contacts_search_idx          ON contacts USING gin (search);
CREATE INDEX contacts_name_trgm_idx       ON contacts USING gin ((lower(first_name || ' ' || coalesce(last_name, ''))) gin_trgm_ops);
CREATE INDEX contacts_email_trgm_idx      ON contacts USING gin (lower(email) gin_trgm_ops);

CREATE TABLE pipeline_stages (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    position    integer NOT NULL CHECK (position >= 0),
    probability integer NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
    color       text NOT NULL DEFAULT 'blue',
    kind        text NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    version     integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE UNIQUE INDEX pipeline_stages_name_live_uq ON pipeline_stages (lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX pipeline_stages_position_idx ON pipeline_stages (position, id) WHERE deleted_at IS NULL;

CREATE TABLE deals (
    id              uuid PRIMARY KEY,
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    company_id      uuid REFERENCES companies (id) ON DELETE SET NULL,
    contact_id      uuid REFERENCES contacts (id) ON DELETE SET NULL,
    stage_id        uuid NOT NULL REFERENCES pipeline_stages (id) ON DELETE RESTRICT,
    value           bigint NOT NULL DEFAULT 0 CHECK (value >= 0),
    currency        text NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3),
    expected_close  date,
    probability     integer CHECK (probability BETWEEN 0 AND 100),
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
    priority        text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
    owner_id        uuid REFERENCES users (id) ON DELETE SET NULL,
    lost_reason     text,
    closed_at       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK ((status = 'open') = (closed_at IS NULL)),
    CHECK (status = 'lost' OR lost_reason IS NULL)
);
CREATE INDEX deals_title_live_idx        ON deals (lower(title), id)              WHERE deleted_at IS NULL;
CREATE INDEX deals_stage_live_idx        ON deals (stage_id, updated_at, id)      WHERE deleted_at IS NULL;
CREATE INDEX deals_stage_agg_live_idx    ON deals (stage_id, owner_id) INCLUDE (value, probability) WHERE deleted_at IS NULL;
CREATE INDEX deals_owner_stage_live_idx  ON deals (owner_id, stage_id) INCLUDE (value, probability) WHERE deleted_at IS NULL;
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
CREATE INDEX deals_title_trgm_idx        ON deals USING gin (lower(title) gin_trgm_ops);

CREATE TABLE activities (
    id           uuid PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'note', 'task')),
    subject      text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    body         text,
    outcome      text CHECK (outcome IN ('positive', 'neutral', 'negative')),
    company_id   uuid REFERENCES companies (id),
    contact_id   uuid REFERENCES contacts (id),
    deal_id      uuid REFERENCES deals (id),
    owner_id     uuid REFERENCES users (id) ON DELETE SET NULL,
    assignee_id  uuid REFERENCES users (id) ON DELETE SET NULL,
    due_at       timestamptz,
    completed_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at   timestamptz,
    version      integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    CHECK (company_id IS NOT NULL OR contact_id IS NOT NULL OR deal_id IS NOT NULL)
);
CREATE INDEX activities_due_live_idx       ON activities (due_at, id)                 WHERE deleted_at IS NULL;
CREATE INDEX activities_open_due_live_idx  ON activities (assignee_id, due_at, id)    WHERE deleted_at IS NULL AND completed_at IS NULL;
CREATE INDEX activities_owner_live_idx     ON activities (owner_id, due_at, id)       WHERE deleted_at IS NULL;
CREATE INDEX activities_kind_live_idx      ON activities (kind, due_at, id)           WHERE deleted_at IS NULL;
CREATE INDEX activities_outcome_live_idx   ON activities (outcome, id)                WHERE deleted_at IS NULL;
CREATE INDEX activities_subject_live_idx   ON activities (lower(subject), id)         WHERE deleted_at IS NULL;
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
    id         uuid PRIMARY KEY,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    color      text NOT NULL DEFAULT 'cyan',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    version    integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE UNIQUE INDEX tags_name_live_uq ON tags (lower(name)) WHERE deleted_at IS NULL;

CREATE TABLE company_tags (
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    tag_id     uuid NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (company_id, tag_id)
);
CREATE INDEX company_tags_tag_idx ON company_tags (tag_id, company_id);

CREATE TABLE contact_tags (
    contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag_id     uuid NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (contact_id, tag_id)
);
CREATE INDEX contact_tags_tag_idx ON contact_tags (tag_id, contact_id);

CREATE TABLE deal_tags (
    deal_id    uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    tag_id     uuid NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (deal_id, tag_id)
);
CREATE INDEX deal_tags_tag_idx ON deal_tags (tag_id, deal_id);

CREATE TABLE saved_views (
    id          uuid PRIMARY KEY,
    owner_id    uuid REFERENCES users (id) ON DELETE CASCADE,
    entity      text NOT NULL CHECK (entity IN ('users', 'companies', 'contacts', 'pipeline_stages', 'deals', 'activities', 'tags')),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    filter      text NOT NULL DEFAULT '',
    sort        text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    version     integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE UNIQUE INDEX saved_views_name_live_uq ON saved_views (coalesce(owner_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX saved_views_owner_idx ON saved_views (owner_id);

CREATE TABLE history (
    id          uuid PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    entity      text NOT NULL,
    entity_id   uuid NOT NULL,
    action      text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'tag', 'untag')),
    changes     text NOT NULL DEFAULT '{}'
);
CREATE INDEX history_entity_idx ON history (entity_id, at, id);
CREATE INDEX history_actor_idx  ON history (actor_id, at);
CREATE INDEX history_at_idx     ON history (at);

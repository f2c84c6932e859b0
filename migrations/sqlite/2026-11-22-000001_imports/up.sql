-- Imports (rolo import): one row per committed import, and one item per record it created or
-- updated, so `rolo import undo ID` can soft-delete what it created and put back what it updated.
-- The record-level change log stays in `history` (written in the same transaction as the import);
-- these tables only say which records belong to which import. Same names as migrations/postgres.

CREATE TABLE imports (
    id              BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    at              TEXT NOT NULL,
    actor_id        BLOB REFERENCES users (id) ON DELETE SET NULL,
    entity          TEXT NOT NULL CHECK (entity IN ('companies', 'contacts', 'deals', 'activities', 'users', 'pipeline_stages')),
    file            TEXT NOT NULL,
    format          TEXT NOT NULL CHECK (format IN ('csv', 'vcf')),
    -- JSON: delimiter, match key, on-duplicate rule, column mapping
    options         TEXT NOT NULL DEFAULT '{}',
    rows_read       INTEGER NOT NULL DEFAULT 0 CHECK (rows_read >= 0),
    created         INTEGER NOT NULL DEFAULT 0 CHECK (created >= 0),
    updated         INTEGER NOT NULL DEFAULT 0 CHECK (updated >= 0),
    skipped         INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),
    invalid         INTEGER NOT NULL DEFAULT 0 CHECK (invalid >= 0),
    -- companies created because a row named one that did not exist (a contact's or deal's company)
    related_created INTEGER NOT NULL DEFAULT 0 CHECK (related_created >= 0),
    undone_at       TEXT,
    undone_by       BLOB REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX imports_at_idx ON imports (at, id);

CREATE TABLE import_items (
    -- no foreign key: items are written in bulk (a per-row key check would cost more than the
    -- insert); they are only ever written in the transaction that writes their import
    import_id   BLOB NOT NULL,
    entity      TEXT NOT NULL CHECK (entity IN ('companies', 'contacts', 'deals', 'activities', 'users', 'pipeline_stages')),
    record_id   BLOB NOT NULL CHECK (length(record_id) = 16),
    action      TEXT NOT NULL CHECK (action IN ('create', 'update')),
    -- the record's version right after the import: undo refuses records changed since
    version     INTEGER NOT NULL CHECK (version >= 1),
    -- update: JSON {"draft": <the editable fields before>, "tags_added": [tag ids]}
    before      TEXT,
    PRIMARY KEY (import_id, entity, record_id)
) WITHOUT ROWID;

-- Users and pipeline stages are importable (rolo import users|stages), so imports and their items
-- may name them. Same names as migrations/sqlite.
ALTER TABLE imports DROP CONSTRAINT imports_entity_check;
ALTER TABLE imports ADD CONSTRAINT imports_entity_check
    CHECK (entity IN ('companies', 'contacts', 'deals', 'activities', 'users', 'pipeline_stages'));
ALTER TABLE import_items DROP CONSTRAINT import_items_entity_check;
ALTER TABLE import_items ADD CONSTRAINT import_items_entity_check
    CHECK (entity IN ('companies', 'contacts', 'deals', 'activities', 'users', 'pipeline_stages'));

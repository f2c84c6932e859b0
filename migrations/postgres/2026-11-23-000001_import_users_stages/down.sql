-- Imports of users and stages (and their items) cannot be kept under the old constraint.
DELETE FROM import_items WHERE entity IN ('users', 'pipeline_stages');
DELETE FROM imports WHERE entity IN ('users', 'pipeline_stages');
ALTER TABLE import_items DROP CONSTRAINT import_items_entity_check;
ALTER TABLE import_items ADD CONSTRAINT import_items_entity_check
    CHECK (entity IN ('companies', 'contacts', 'deals', 'activities'));
ALTER TABLE imports DROP CONSTRAINT imports_entity_check;
ALTER TABLE imports ADD CONSTRAINT imports_entity_check
    CHECK (entity IN ('companies', 'contacts', 'deals', 'activities'));

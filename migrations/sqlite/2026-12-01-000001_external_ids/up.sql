-- Another tool's record ids (docs/data-model.md, "External references"): a record imported from
-- HubSpot, Salesforce, Pipedrive … keeps that tool's id and the tool's name, so a later file can
-- link to it (a contact's `Associated Company ID`) and a re-import finds it instead of duplicating
-- it. Unique per (source, id) among live rows (rolo sets both or neither). Case counts: Salesforce ids
-- differ only in case.
ALTER TABLE companies ADD COLUMN external_source TEXT;
ALTER TABLE companies ADD COLUMN external_id TEXT;
ALTER TABLE contacts ADD COLUMN external_source TEXT;
ALTER TABLE contacts ADD COLUMN external_id TEXT;
ALTER TABLE deals ADD COLUMN external_source TEXT;
ALTER TABLE deals ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX companies_external_uq ON companies (external_source, external_id) WHERE deleted_at IS NULL AND external_id IS NOT NULL;
CREATE UNIQUE INDEX contacts_external_uq  ON contacts (external_source, external_id)  WHERE deleted_at IS NULL AND external_id IS NOT NULL;
CREATE UNIQUE INDEX deals_external_uq     ON deals (external_source, external_id)     WHERE deleted_at IS NULL AND external_id IS NOT NULL;

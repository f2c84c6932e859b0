DROP INDEX deals_external_uq;
DROP INDEX contacts_external_uq;
DROP INDEX companies_external_uq;
ALTER TABLE deals DROP COLUMN external_id;
ALTER TABLE deals DROP COLUMN external_source;
ALTER TABLE contacts DROP COLUMN external_id;
ALTER TABLE contacts DROP COLUMN external_source;
ALTER TABLE companies DROP COLUMN external_id;
ALTER TABLE companies DROP COLUMN external_source;

ALTER TABLE contacts DROP COLUMN mobile_phone;

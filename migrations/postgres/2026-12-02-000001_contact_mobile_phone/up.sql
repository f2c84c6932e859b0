-- A contact's mobile number, beside the main phone: stored as E.164 like phone.
ALTER TABLE contacts ADD COLUMN mobile_phone TEXT;

-- A contact's mobile number, beside the main phone: stored as E.164 like phone. NOCASE like the
-- other text columns a filter compares (digits have no case; this keeps the filter's one rule).
ALTER TABLE contacts ADD COLUMN mobile_phone TEXT COLLATE NOCASE;

-- The indexes that serve the list sorts by a pane's columns: `(key, id)` over live rows, the key
-- as the list orders by it (see src/db/repo/order.rs): the NOCASE column for text compared case-insensitively,
-- an enum's rank among its words (`CASE col WHEN 'first' THEN 0 …`) for enums. Blank keys (NULL) are
-- read by their own `key IS NULL ORDER BY id` statement, which the same index answers.
-- Already served: deals by close date (deals_close_live_idx) and by currency and value
-- (deals_currency_live_idx), activities by due, completion and subject, contacts by title.
CREATE INDEX companies_industry_sort_idx ON companies (industry, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_city_sort_idx ON companies (billing_city, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_country_sort_idx ON companies (billing_country, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_status_sort_idx ON companies ((CASE status WHEN 'lead' THEN 0 WHEN 'prospect' THEN 1 WHEN 'customer' THEN 2 WHEN 'partner' THEN 3 WHEN 'inactive' THEN 4 END), id) WHERE deleted_at IS NULL;
CREATE INDEX companies_size_sort_idx ON companies ((CASE size WHEN 'solo' THEN 0 WHEN 'small' THEN 1 WHEN 'medium' THEN 2 WHEN 'large' THEN 3 WHEN 'enterprise' THEN 4 END), id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_last_name_sort_idx ON contacts (last_name, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_email_sort_idx ON contacts (email, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_phone_sort_idx ON contacts (phone, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_status_sort_idx ON deals ((CASE status WHEN 'open' THEN 0 WHEN 'won' THEN 1 WHEN 'lost' THEN 2 END), id) WHERE deleted_at IS NULL;
CREATE INDEX activities_kind_sort_idx ON activities ((CASE kind WHEN 'call' THEN 0 WHEN 'email' THEN 1 WHEN 'meeting' THEN 2 WHEN 'note' THEN 3 WHEN 'task' THEN 4 END), id) WHERE deleted_at IS NULL;
CREATE INDEX activities_outcome_sort_idx ON activities ((CASE outcome WHEN 'positive' THEN 0 WHEN 'neutral' THEN 1 WHEN 'negative' THEN 2 END), id) WHERE deleted_at IS NULL;

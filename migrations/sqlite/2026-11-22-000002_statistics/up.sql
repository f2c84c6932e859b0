-- What the query planner needs to run filters well (the PostgreSQL migration of the same name
-- adds expression statistics). On SQLite: indexes on the money amount in thousandths of a major
-- unit of the row's currency, so a money filter (`value>=10000`, written in major units) is one
-- indexed comparison instead of three currency-group branches that no index serves. The
-- expression must stay exactly what src/filter/lower.rs (money_norm) writes; a test compares them.

CREATE INDEX deals_value_norm_live_idx ON deals (
    (value * CASE WHEN currency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF') THEN 1000 WHEN currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND') THEN 1 ELSE 10 END), id
) WHERE deleted_at IS NULL;

CREATE INDEX companies_revenue_norm_live_idx ON companies (
    (annual_revenue * CASE WHEN currency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF') THEN 1000 WHEN currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND') THEN 1 ELSE 10 END), id
) WHERE deleted_at IS NULL;

-- What the query planner needs to run filters well (the SQLite migration of the same name adds
-- expression indexes for money). On PostgreSQL: statistics on the case-folded filter columns.
-- rolo compares text as lower(column), served by partial indexes (WHERE deleted_at IS NULL), and
-- PostgreSQL does not use a partial index's statistics to estimate `lower(column) = $1`: without
-- these it guesses 0.5% for every value (500 of 100,000 companies for an industry that has 18,000)
-- and picks bitmap scans and sorts where an ordered index scan would stop after one page.

CREATE STATISTICS companies_lower_industry_stx ON (lower(industry)) FROM companies;
CREATE STATISTICS companies_lower_category_stx ON (lower(category)) FROM companies;
CREATE STATISTICS companies_lower_city_stx ON (lower(billing_city)) FROM companies;
CREATE STATISTICS companies_lower_region_stx ON (lower(billing_region)) FROM companies;
CREATE STATISTICS companies_lower_country_stx ON (lower(billing_country)) FROM companies;
CREATE STATISTICS companies_lower_name_stx ON (lower(name)) FROM companies;
CREATE STATISTICS companies_lower_email_stx ON (lower(email)) FROM companies;
CREATE STATISTICS contacts_lower_first_name_stx ON (lower(first_name)) FROM contacts;
CREATE STATISTICS contacts_lower_last_name_stx ON (lower(last_name)) FROM contacts;
CREATE STATISTICS contacts_lower_email_stx ON (lower(email)) FROM contacts;
CREATE STATISTICS contacts_lower_title_stx ON (lower(title)) FROM contacts;
CREATE STATISTICS deals_lower_title_stx ON (lower(title)) FROM deals;
CREATE STATISTICS activities_lower_subject_stx ON (lower(subject)) FROM activities;

-- fill them now (a sample of at most 30,000 rows per table), not at the next autovacuum
ANALYZE companies;
ANALYZE contacts;
ANALYZE deals;
ANALYZE activities;

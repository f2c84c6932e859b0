-- The login a change was made under (see migrations/postgres of the same name). SQLite has no
-- logins, so rolo leaves it empty here.
ALTER TABLE history ADD COLUMN login TEXT;

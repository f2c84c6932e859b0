-- Who made a change, as the database saw it: the login (PostgreSQL role) connected when the row
-- was written, filled in by the database itself. When it is not the acting user's own login, an
-- admin (or the owner) acted as that user: `rolo … history` shows "X as Y". Rows written before
-- this migration have none.
ALTER TABLE history ADD COLUMN login text;
ALTER TABLE history ALTER COLUMN login SET DEFAULT session_user;

-- writers other than admins add history in their own name and under their own login only
DROP POLICY history_write ON history;
CREATE POLICY history_write ON history FOR INSERT WITH CHECK (
    (SELECT rolo_my_role()) IN ('manager', 'sales_rep')
    AND actor_id = (SELECT rolo_me())
    AND login IS NOT DISTINCT FROM session_user::text);

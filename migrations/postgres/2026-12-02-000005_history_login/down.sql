DROP POLICY history_write ON history;
CREATE POLICY history_write ON history FOR INSERT WITH CHECK (
    (SELECT rolo_my_role()) IN ('manager', 'sales_rep') AND actor_id = (SELECT rolo_me()));
ALTER TABLE history DROP COLUMN login;

-- Live updates: every statement that adds history rows tells listeners on channel
-- 'rolo_changes' what changed, one notification per record: {"entity", "id", "action", "actor"}
-- (actor: the user's name, or null). PostgreSQL delivers notifications only when the
-- transaction commits, so a rolled-back write announces nothing. A statement adding more than
-- 100 rows (an import) sends one notification per entity instead, with "id" null: listeners
-- refresh everything of that entity. SECURITY DEFINER: the actor's name is read whatever the
-- writing role may see of users.
CREATE FUNCTION rolo_notify_changes() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF (SELECT count(*) FROM new_rows) <= 100 THEN
        PERFORM pg_notify('rolo_changes', json_build_object(
                    'entity', r.entity, 'id', r.entity_id, 'action', r.action,
                    'actor', left(u.name, 200))::text)
        FROM new_rows r LEFT JOIN users u ON u.id = r.actor_id;
    ELSE
        PERFORM pg_notify('rolo_changes', json_build_object(
                    'entity', e.entity, 'id', NULL, 'action', NULL, 'actor', NULL)::text)
        FROM (SELECT DISTINCT entity FROM new_rows) e;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER history_notify
    AFTER INSERT ON history
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rolo_notify_changes();

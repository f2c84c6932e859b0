-- Live updates of the org's settings: the visibility rule decides what every session sees, but a
-- setting has no history rows, so the history trigger never announces it. A statement that
-- changes the settings notifies listeners on 'rolo_changes' with entity "settings"; they read
-- their access again and refresh what they show. Delivered at commit, like the history trigger's.
CREATE FUNCTION rolo_notify_settings() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('rolo_changes', json_build_object(
                'entity', 'settings', 'id', NULL, 'action', NULL, 'actor', NULL)::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER settings_notify
    AFTER INSERT OR UPDATE OR DELETE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION rolo_notify_settings();

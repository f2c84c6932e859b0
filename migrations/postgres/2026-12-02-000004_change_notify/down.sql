DROP TRIGGER IF EXISTS history_notify ON history;
DROP FUNCTION IF EXISTS rolo_notify_changes();

DROP TRIGGER settings_notify ON settings;
DROP FUNCTION rolo_notify_settings();

-- Undo row security: policies, row security, privileges and helpers. The group roles stay: they
-- are cluster-wide and other databases may use them (drop them by hand once none does).
DO $$
DECLARE
    p record;
BEGIN
    FOR p IN SELECT policyname, tablename FROM pg_policies WHERE schemaname = current_schema() LOOP
        EXECUTE format('DROP POLICY %I ON %I', p.policyname, p.tablename);
    END LOOP;
END
$$;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;
ALTER TABLE teams NO FORCE ROW LEVEL SECURITY;
ALTER TABLE teams DISABLE ROW LEVEL SECURITY;
ALTER TABLE settings NO FORCE ROW LEVEL SECURITY;
ALTER TABLE settings DISABLE ROW LEVEL SECURITY;
ALTER TABLE pipeline_stages NO FORCE ROW LEVEL SECURITY;
ALTER TABLE pipeline_stages DISABLE ROW LEVEL SECURITY;
ALTER TABLE tags NO FORCE ROW LEVEL SECURITY;
ALTER TABLE tags DISABLE ROW LEVEL SECURITY;
ALTER TABLE companies NO FORCE ROW LEVEL SECURITY;
ALTER TABLE companies DISABLE ROW LEVEL SECURITY;
ALTER TABLE deals NO FORCE ROW LEVEL SECURITY;
ALTER TABLE deals DISABLE ROW LEVEL SECURITY;
ALTER TABLE contacts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE contacts DISABLE ROW LEVEL SECURITY;
ALTER TABLE activities NO FORCE ROW LEVEL SECURITY;
ALTER TABLE activities DISABLE ROW LEVEL SECURITY;
ALTER TABLE company_tags NO FORCE ROW LEVEL SECURITY;
ALTER TABLE company_tags DISABLE ROW LEVEL SECURITY;
ALTER TABLE contact_tags NO FORCE ROW LEVEL SECURITY;
ALTER TABLE contact_tags DISABLE ROW LEVEL SECURITY;
ALTER TABLE deal_tags NO FORCE ROW LEVEL SECURITY;
ALTER TABLE deal_tags DISABLE ROW LEVEL SECURITY;
ALTER TABLE saved_views NO FORCE ROW LEVEL SECURITY;
ALTER TABLE saved_views DISABLE ROW LEVEL SECURITY;
ALTER TABLE history NO FORCE ROW LEVEL SECURITY;
ALTER TABLE history DISABLE ROW LEVEL SECURITY;
ALTER TABLE imports NO FORCE ROW LEVEL SECURITY;
ALTER TABLE imports DISABLE ROW LEVEL SECURITY;
ALTER TABLE import_items NO FORCE ROW LEVEL SECURITY;
ALTER TABLE import_items DISABLE ROW LEVEL SECURITY;

REVOKE ALL ON users, teams, settings, pipeline_stages, tags, companies, contacts, deals,
    activities, company_tags, contact_tags, deal_tags, saved_views, history, imports,
    import_items
    FROM rolo_admin, rolo_manager, rolo_rep, rolo_readonly;
REVOKE SELECT ON __diesel_schema_migrations FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I '
                   'FROM rolo_admin, rolo_manager, rolo_rep, rolo_readonly', current_schema());
    EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM rolo_admin, rolo_manager, rolo_rep, rolo_readonly',
                   current_schema());
END
$$;

DROP TRIGGER users_sync_login ON users;
DROP FUNCTION rolo_sync_login();
DROP FUNCTION rolo_visible_owners();
DROP FUNCTION rolo_sees_all();
DROP FUNCTION rolo_is_admin();
DROP FUNCTION rolo_visibility();
DROP FUNCTION rolo_my_team();
DROP FUNCTION rolo_my_role();
DROP FUNCTION rolo_me();
DROP FUNCTION rolo_login_user();
DROP FUNCTION rolo_is_owner();

-- Row-level security and privileges (docs/teams.md, "Setting up a team on PostgreSQL").
--
-- Who is acting: the user whose `login` is the connected role (`session_user`, the role that
-- authenticated; `SET ROLE` changes only `current_user`, so a login cannot become someone else by
-- switching roles, and inside the SECURITY DEFINER helpers below `current_user` is their owner
-- while `session_user` stays the caller). The schema owner (the role that ran the migrations, or
-- any member of it) and superusers act as admin; superusers bypass row security anyway.
--
-- Group roles are cluster-wide: several rolo databases on one server share rolo_admin,
-- rolo_manager, rolo_rep and rolo_readonly. Each database grants its own tables to them, and the
-- policies read the acting user's role from this database's `users` table, so a login that is a
-- manager here and a rep elsewhere is a manager here and a rep there. The groups only set the
-- coarse privileges (read_only: SELECT only); the rows are decided by the policies.

DO $$
DECLARE
    g text;
BEGIN
    FOREACH g IN ARRAY ARRAY['rolo_admin', 'rolo_manager', 'rolo_rep', 'rolo_readonly'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = g) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', g);
            EXCEPTION
                -- another database's migration created it at the same moment
                WHEN duplicate_object OR unique_violation THEN NULL;
            END;
        END IF;
    END LOOP;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Helper functions. STABLE, so a statement evaluates each once when the policies call them as
-- `(SELECT f())` (an init plan); SECURITY DEFINER with a fixed search_path, so they read users and
-- settings as the owner whatever the caller may read, and no caller can shadow a name they use.
-- `users` is readable by every role (its SELECT policy is `true`), so these never recurse through
-- a policy that calls them again.

CREATE FUNCTION rolo_is_owner() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT EXISTS (
        SELECT 1 FROM pg_catalog.pg_roles r
        WHERE r.rolname = session_user
          AND (r.rolsuper OR pg_catalog.pg_has_role(session_user,
                  (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = 'users'::regclass),
                  'MEMBER')))
$$;

CREATE FUNCTION rolo_me() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT u.id FROM users u
    WHERE u.login = session_user::text AND u.deleted_at IS NULL AND u.active
$$;

-- The live user whose login this is, active or not (rolo explains a deactivated one).
CREATE FUNCTION rolo_login_user() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT u.id FROM users u WHERE u.login = session_user::text AND u.deleted_at IS NULL
$$;

-- The acting role: 'admin' for the owner and superusers, else the user's role; NULL for a login
-- with no (live, active) user row, which sees and may change nothing.
CREATE FUNCTION rolo_my_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT CASE WHEN rolo_is_owner() THEN 'admin'
                ELSE (SELECT u.role FROM users u
                      WHERE u.login = session_user::text AND u.deleted_at IS NULL AND u.active)
           END
$$;

CREATE FUNCTION rolo_my_team() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT u.team_id FROM users u
    WHERE u.login = session_user::text AND u.deleted_at IS NULL AND u.active
$$;

CREATE FUNCTION rolo_visibility() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT coalesce((SELECT s.value FROM settings s WHERE s.key = 'visibility'), 'team')
$$;

CREATE FUNCTION rolo_is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT coalesce(rolo_my_role() = 'admin', false)
$$;

-- Every owner-bearing record is visible: admins, and everybody at visibility 'all'.
CREATE FUNCTION rolo_sees_all() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT coalesce(rolo_my_role() = 'admin'
                    OR (rolo_my_role() IS NOT NULL AND rolo_visibility() = 'all'), false)
$$;

-- Below 'all': the owners whose records I see (besides the unowned ones): me, and at 'team' every
-- user of my team. Empty for a login with no user row.
CREATE FUNCTION rolo_visible_owners() RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT CASE
        WHEN rolo_me() IS NULL THEN '{}'::uuid[]
        WHEN rolo_visibility() = 'team' AND rolo_my_team() IS NOT NULL THEN
            ARRAY(SELECT u.id FROM users u WHERE u.team_id = rolo_my_team()
                  UNION SELECT rolo_me())
        ELSE ARRAY[rolo_me()]
    END
$$;

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['rolo_is_owner()', 'rolo_me()', 'rolo_login_user()', 'rolo_my_role()', 'rolo_my_team()',
                             'rolo_visibility()', 'rolo_is_admin()', 'rolo_sees_all()',
                             'rolo_visible_owners()'] LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I, pg_temp',
                       f, current_schema());
    END LOOP;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Privileges. Every group reads every table (the policies pick the rows) and the migration list
-- (to tell whether the schema is current); writers write the record tables and history; admins
-- write everything.

DO $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO rolo_admin, rolo_manager, rolo_rep, rolo_readonly',
                   current_schema());
END
$$;
GRANT SELECT ON users, teams, settings, pipeline_stages, tags, companies, contacts, deals,
    activities, company_tags, contact_tags, deal_tags, saved_views, history, imports,
    import_items
    TO rolo_admin, rolo_manager, rolo_rep, rolo_readonly;
-- any login may read which migrations are applied, so rolo can tell one that is no user yet
-- how to become one (instead of failing on this table)
GRANT SELECT ON __diesel_schema_migrations TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON companies, contacts, deals, activities, company_tags,
    contact_tags, deal_tags, tags, saved_views
    TO rolo_admin, rolo_manager, rolo_rep;
GRANT INSERT ON history TO rolo_admin, rolo_manager, rolo_rep;
GRANT INSERT, UPDATE, DELETE ON imports, import_items TO rolo_admin, rolo_manager;
GRANT INSERT, UPDATE, DELETE ON users, teams, settings, pipeline_stages, history
    TO rolo_admin;
DO $$
BEGIN
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I '
                   'TO rolo_admin, rolo_manager, rolo_rep', current_schema());
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Policies (team-rules). A table's policies are permissive: a row passes when one of them does.
-- Helpers are called as `(SELECT f())` so each is evaluated once per statement, and the owner
-- test `owner_id = ANY (…)` is an index condition on the owner indexes where the plan wants one.

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_read ON users FOR SELECT USING (true);
CREATE POLICY users_admin ON users FOR ALL
    USING ((SELECT rolo_is_admin())) WITH CHECK ((SELECT rolo_is_admin()));

ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
ALTER TABLE teams FORCE ROW LEVEL SECURITY;
CREATE POLICY teams_read ON teams FOR SELECT USING (true);
CREATE POLICY teams_admin ON teams FOR ALL
    USING ((SELECT rolo_is_admin())) WITH CHECK ((SELECT rolo_is_admin()));

ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE settings FORCE ROW LEVEL SECURITY;
CREATE POLICY settings_read ON settings FOR SELECT USING (true);
CREATE POLICY settings_admin ON settings FOR ALL
    USING ((SELECT rolo_is_admin())) WITH CHECK ((SELECT rolo_is_admin()));

ALTER TABLE pipeline_stages ENABLE ROW LEVEL SECURITY;
ALTER TABLE pipeline_stages FORCE ROW LEVEL SECURITY;
CREATE POLICY stages_read ON pipeline_stages FOR SELECT USING (true);
CREATE POLICY stages_admin ON pipeline_stages FOR ALL
    USING ((SELECT rolo_is_admin())) WITH CHECK ((SELECT rolo_is_admin()));

-- tags: everybody reads; reps, managers and admins create; managers and admins change and delete
ALTER TABLE tags ENABLE ROW LEVEL SECURITY;
ALTER TABLE tags FORCE ROW LEVEL SECURITY;
CREATE POLICY tags_read ON tags FOR SELECT USING (true);
CREATE POLICY tags_create ON tags FOR INSERT
    WITH CHECK ((SELECT rolo_my_role()) IN ('admin', 'manager', 'sales_rep'));
CREATE POLICY tags_change ON tags FOR UPDATE
    USING ((SELECT rolo_my_role()) IN ('admin', 'manager'))
    WITH CHECK ((SELECT rolo_my_role()) IN ('admin', 'manager'));
CREATE POLICY tags_remove ON tags FOR DELETE
    USING ((SELECT rolo_my_role()) IN ('admin', 'manager'));

-- The owner rule, as the read policies below spell it for a row's `owner_id`:
--   (SELECT rolo_sees_all()) OR (owner_id IS NULL AND (SELECT rolo_my_role()) IS NOT NULL)
--   OR owner_id = ANY ((SELECT rolo_visible_owners())::uuid[])
-- Related records reach their parent through a subquery, and a subquery on a table with row
-- security sees only the rows its policies give: `EXISTS (SELECT 1 FROM companies c WHERE c.id =
-- contacts.company_id)` is "the contact's company is visible". Each such subquery ends in
-- `OFFSET 0`, which keeps PostgreSQL from turning it into a hash of every visible parent built
-- per statement (a scan of the whole parent table even for one page of 50 rows): it looks the
-- parent up by primary key for each row the list reads (first contacts page as a rep on 100k
-- companies: 7 ms instead of 180 ms; a full count gets slower, 570 ms instead of 350 ms).

ALTER TABLE companies ENABLE ROW LEVEL SECURITY;
ALTER TABLE companies FORCE ROW LEVEL SECURITY;
CREATE POLICY companies_read ON companies FOR SELECT USING (
    (SELECT rolo_sees_all())
    OR (owner_id IS NULL AND (SELECT rolo_my_role()) IS NOT NULL)
    OR owner_id = ANY ((SELECT rolo_visible_owners())::uuid[]));

ALTER TABLE deals ENABLE ROW LEVEL SECURITY;
ALTER TABLE deals FORCE ROW LEVEL SECURITY;
CREATE POLICY deals_read ON deals FOR SELECT USING (
    (SELECT rolo_sees_all())
    OR (owner_id IS NULL AND (SELECT rolo_my_role()) IS NOT NULL)
    OR owner_id = ANY ((SELECT rolo_visible_owners())::uuid[]));

-- contacts: with a company, visible with it; without one, by their own owner
ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE contacts FORCE ROW LEVEL SECURITY;
CREATE POLICY contacts_read ON contacts FOR SELECT USING (
    (SELECT rolo_sees_all())
    OR CASE WHEN company_id IS NOT NULL THEN
            EXISTS (SELECT 1 FROM companies c WHERE c.id = contacts.company_id OFFSET 0)
        ELSE (owner_id IS NULL AND (SELECT rolo_my_role()) IS NOT NULL)
            OR owner_id = ANY ((SELECT rolo_visible_owners())::uuid[])
    END);

-- activities: with what they are linked to (deal, else contact, else company), else by their own
-- owner; and always to their assignee
ALTER TABLE activities ENABLE ROW LEVEL SECURITY;
ALTER TABLE activities FORCE ROW LEVEL SECURITY;
CREATE POLICY activities_read ON activities FOR SELECT USING (
    (SELECT rolo_sees_all())
    OR (assignee_id IS NOT NULL AND assignee_id = (SELECT rolo_me()))
    OR CASE
        WHEN deal_id IS NOT NULL THEN
            EXISTS (SELECT 1 FROM deals d WHERE d.id = activities.deal_id OFFSET 0)
        WHEN contact_id IS NOT NULL THEN
            EXISTS (SELECT 1 FROM contacts k WHERE k.id = activities.contact_id OFFSET 0)
        WHEN company_id IS NOT NULL THEN
            EXISTS (SELECT 1 FROM companies c WHERE c.id = activities.company_id OFFSET 0)
        ELSE (owner_id IS NULL AND (SELECT rolo_my_role()) IS NOT NULL)
            OR owner_id = ANY ((SELECT rolo_visible_owners())::uuid[])
    END);

-- tag links: seen with their record
ALTER TABLE company_tags ENABLE ROW LEVEL SECURITY;
ALTER TABLE company_tags FORCE ROW LEVEL SECURITY;
CREATE POLICY company_tags_read ON company_tags FOR SELECT USING (
    EXISTS (SELECT 1 FROM companies c WHERE c.id = company_tags.company_id OFFSET 0));
ALTER TABLE contact_tags ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact_tags FORCE ROW LEVEL SECURITY;
CREATE POLICY contact_tags_read ON contact_tags FOR SELECT USING (
    EXISTS (SELECT 1 FROM contacts k WHERE k.id = contact_tags.contact_id OFFSET 0));
ALTER TABLE deal_tags ENABLE ROW LEVEL SECURITY;
ALTER TABLE deal_tags FORCE ROW LEVEL SECURITY;
CREATE POLICY deal_tags_read ON deal_tags FOR SELECT USING (
    EXISTS (SELECT 1 FROM deals d WHERE d.id = deal_tags.deal_id OFFSET 0));

-- saved views: my own and the shared ones (no owner)
ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY;
ALTER TABLE saved_views FORCE ROW LEVEL SECURITY;
CREATE POLICY saved_views_read ON saved_views FOR SELECT USING (
    (SELECT rolo_is_admin())
    OR (owner_id IS NULL AND (SELECT rolo_my_role()) IS NOT NULL)
    OR owner_id = (SELECT rolo_me()));

-- Writes: one condition per table, which the row must meet before (UPDATE, DELETE) and after
-- (INSERT, UPDATE) the change. Admins write everything; a manager changes what they see, and a
-- row they change must stay visible to them (what they create they may give to anyone); a rep
-- writes rows they own (so cannot create one for, or hand one to, another owner), contacts of a
-- company they own, activities they own or are assigned, the tag links of records they may
-- write, and their own saved views.
DO $$
DECLARE
    w record;
BEGIN
    FOR w IN SELECT * FROM (VALUES
        ('companies', $w$(SELECT rolo_is_admin())
            OR ((SELECT rolo_my_role()) = 'manager' AND ((SELECT rolo_sees_all())
                OR owner_id IS NULL OR owner_id = ANY ((SELECT rolo_visible_owners())::uuid[])))
            OR ((SELECT rolo_my_role()) = 'sales_rep' AND owner_id = (SELECT rolo_me()))$w$),
        ('deals', $w$(SELECT rolo_is_admin())
            OR ((SELECT rolo_my_role()) = 'manager' AND ((SELECT rolo_sees_all())
                OR owner_id IS NULL OR owner_id = ANY ((SELECT rolo_visible_owners())::uuid[])))
            OR ((SELECT rolo_my_role()) = 'sales_rep' AND owner_id = (SELECT rolo_me()))$w$),
        ('contacts', $w$(SELECT rolo_is_admin())
            OR ((SELECT rolo_my_role()) = 'manager' AND ((SELECT rolo_sees_all())
                OR CASE WHEN company_id IS NOT NULL THEN
                        EXISTS (SELECT 1 FROM companies c WHERE c.id = contacts.company_id OFFSET 0)
                    ELSE owner_id IS NULL OR owner_id = ANY ((SELECT rolo_visible_owners())::uuid[])
                END))
            OR ((SELECT rolo_my_role()) = 'sales_rep' AND (owner_id = (SELECT rolo_me())
                OR EXISTS (SELECT 1 FROM companies c WHERE c.id = contacts.company_id
                           AND c.owner_id = (SELECT rolo_me()))))$w$),
        ('activities', $w$(SELECT rolo_is_admin())
            OR ((SELECT rolo_my_role()) = 'manager' AND ((SELECT rolo_sees_all())
                OR (assignee_id IS NOT NULL AND assignee_id = (SELECT rolo_me()))
                OR CASE
                    WHEN deal_id IS NOT NULL THEN
                        EXISTS (SELECT 1 FROM deals d WHERE d.id = activities.deal_id OFFSET 0)
                    WHEN contact_id IS NOT NULL THEN
                        EXISTS (SELECT 1 FROM contacts k WHERE k.id = activities.contact_id OFFSET 0)
                    WHEN company_id IS NOT NULL THEN
                        EXISTS (SELECT 1 FROM companies c WHERE c.id = activities.company_id OFFSET 0)
                    ELSE owner_id IS NULL OR owner_id = ANY ((SELECT rolo_visible_owners())::uuid[])
                END))
            OR ((SELECT rolo_my_role()) = 'sales_rep'
                AND (owner_id = (SELECT rolo_me()) OR assignee_id = (SELECT rolo_me())))$w$),
        ('company_tags', $w$(SELECT rolo_is_admin())
            OR ((SELECT rolo_my_role()) = 'manager'
                AND EXISTS (SELECT 1 FROM companies c WHERE c.id = company_tags.company_id OFFSET 0))
            OR ((SELECT rolo_my_role()) = 'sales_rep'
                AND EXISTS (SELECT 1 FROM companies c WHERE c.id = company_tags.company_id
                            AND c.owner_id = (SELECT rolo_me())))$w$),
        ('deal_tags', $w$(SELECT rolo_is_admin())
            OR ((SELECT rolo_my_role()) = 'manager'
                AND EXISTS (SELECT 1 FROM deals d WHERE d.id = deal_tags.deal_id OFFSET 0))
            OR ((SELECT rolo_my_role()) = 'sales_rep'
                AND EXISTS (SELECT 1 FROM deals d WHERE d.id = deal_tags.deal_id
                            AND d.owner_id = (SELECT rolo_me())))$w$),
        ('contact_tags', $w$(SELECT rolo_is_admin())
            OR ((SELECT rolo_my_role()) = 'manager'
                AND EXISTS (SELECT 1 FROM contacts k WHERE k.id = contact_tags.contact_id OFFSET 0))
            OR ((SELECT rolo_my_role()) = 'sales_rep'
                AND EXISTS (SELECT 1 FROM contacts k WHERE k.id = contact_tags.contact_id
                            AND (k.owner_id = (SELECT rolo_me())
                                 OR EXISTS (SELECT 1 FROM companies c WHERE c.id = k.company_id
                                            AND c.owner_id = (SELECT rolo_me())))))$w$),
        ('saved_views', $w$(SELECT rolo_is_admin())
            OR ((SELECT rolo_my_role()) IN ('manager', 'sales_rep')
                AND owner_id = (SELECT rolo_me()))$w$)
    ) AS v (tab, cond) LOOP
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT WITH CHECK (%s)',
                       w.tab || '_insert', w.tab,
                       CASE WHEN w.tab IN ('companies', 'contacts', 'deals', 'activities')
                            THEN format('(SELECT rolo_my_role()) = %L OR %s', 'manager', w.cond)
                            ELSE w.cond END);
        EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE USING (%s) WITH CHECK (%s)',
                       w.tab || '_update', w.tab, w.cond, w.cond);
        EXECUTE format('CREATE POLICY %I ON %I FOR DELETE USING (%s)',
                       w.tab || '_delete', w.tab, w.cond);
    END LOOP;
END
$$;

-- history: a row is seen with its record; a writer adds rows in their own name only
ALTER TABLE history ENABLE ROW LEVEL SECURITY;
ALTER TABLE history FORCE ROW LEVEL SECURITY;
CREATE POLICY history_read ON history FOR SELECT USING (
    (SELECT rolo_is_admin())
    OR CASE entity
        WHEN 'companies' THEN EXISTS (SELECT 1 FROM companies c WHERE c.id = history.entity_id OFFSET 0)
        WHEN 'contacts' THEN EXISTS (SELECT 1 FROM contacts k WHERE k.id = history.entity_id OFFSET 0)
        WHEN 'deals' THEN EXISTS (SELECT 1 FROM deals d WHERE d.id = history.entity_id OFFSET 0)
        WHEN 'activities' THEN EXISTS (SELECT 1 FROM activities a WHERE a.id = history.entity_id OFFSET 0)
        WHEN 'saved_views' THEN EXISTS (SELECT 1 FROM saved_views v WHERE v.id = history.entity_id OFFSET 0)
        ELSE (SELECT rolo_my_role()) IS NOT NULL
    END);
CREATE POLICY history_admin ON history FOR ALL
    USING ((SELECT rolo_is_admin())) WITH CHECK ((SELECT rolo_is_admin()));
CREATE POLICY history_write ON history FOR INSERT WITH CHECK (
    (SELECT rolo_my_role()) IN ('manager', 'sales_rep') AND actor_id = (SELECT rolo_me()));

-- imports: admins and managers
ALTER TABLE imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE imports FORCE ROW LEVEL SECURITY;
CREATE POLICY imports_staff ON imports FOR ALL
    USING ((SELECT rolo_my_role()) IN ('admin', 'manager'))
    WITH CHECK ((SELECT rolo_my_role()) IN ('admin', 'manager'));
ALTER TABLE import_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE import_items FORCE ROW LEVEL SECURITY;
CREATE POLICY import_items_staff ON import_items FOR ALL
    USING ((SELECT rolo_my_role()) IN ('admin', 'manager'))
    WITH CHECK ((SELECT rolo_my_role()) IN ('admin', 'manager'));

-- ---------------------------------------------------------------------------------------------
-- Provisioning: a user row with a `login` is a PostgreSQL role. Creating such a user creates the
-- login role when it is missing (LOGIN, no password: peer or trust authentication, or the admin
-- sets one with psql) or maps the existing one; the role is a member of exactly the group of the
-- user's role; deactivating or deleting the user makes it NOLOGIN, activating it LOGIN again. All
-- in the transaction that writes the user row. It runs as the caller, so the caller needs
-- CREATEROLE for whatever it has to change (nothing is needed when the role is already as it
-- should be). Superusers and the schema owner are never altered. Names go through format('%I').
CREATE FUNCTION rolo_sync_login() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    groups text[] := ARRAY['rolo_admin', 'rolo_manager', 'rolo_rep', 'rolo_readonly'];
    want text;
    g text;
    live boolean;
    target pg_catalog.pg_roles%ROWTYPE;
    owner_oid oid;
    may boolean;
BEGIN
    SELECT r.rolsuper OR r.rolcreaterole INTO may FROM pg_catalog.pg_roles r
    WHERE r.rolname = current_user;
    SELECT c.relowner INTO owner_oid FROM pg_catalog.pg_class c WHERE c.oid = 'users'::regclass;

    -- a login taken away from a user (or changed) leaves the old role in no rolo group
    IF TG_OP = 'UPDATE' AND OLD.login IS NOT NULL AND OLD.login IS DISTINCT FROM NEW.login THEN
        FOREACH g IN ARRAY groups LOOP
            IF EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                       WHERE m.roleid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = g)
                         AND m.member = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = OLD.login)) THEN
                IF NOT may THEN
                    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
                        'not permitted: taking login %s away from user %s changes its role membership, which needs CREATEROLE; %s lacks it (run this connected as the database owner, given CREATEROLE)',
                        OLD.login, NEW.email, session_user);
                END IF;
                EXECUTE format('REVOKE %I FROM %I', g, OLD.login);
            END IF;
        END LOOP;
    END IF;

    IF NEW.login IS NULL THEN
        RETURN NULL;
    END IF;
    want := CASE NEW.role WHEN 'admin' THEN 'rolo_admin' WHEN 'manager' THEN 'rolo_manager'
                          WHEN 'sales_rep' THEN 'rolo_rep' ELSE 'rolo_readonly' END;
    live := NEW.deleted_at IS NULL AND NEW.active;

    SELECT * INTO target FROM pg_catalog.pg_roles WHERE rolname = NEW.login;
    IF NOT FOUND THEN
        IF NOT may THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
                'not permitted: creating the login role %s needs CREATEROLE; %s lacks it (run this connected as the database owner, given CREATEROLE, or create the role first)',
                NEW.login, session_user);
        END IF;
        BEGIN
            EXECUTE format('CREATE ROLE %I %s', NEW.login, CASE WHEN live THEN 'LOGIN' ELSE 'NOLOGIN' END);
        EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;
        END;
        SELECT * INTO target FROM pg_catalog.pg_roles WHERE rolname = NEW.login;
    END IF;
    IF target.rolsuper OR target.oid = owner_oid THEN
        -- the owner and superusers act as admin whatever their user row says
        RETURN NULL;
    END IF;

    FOREACH g IN ARRAY groups LOOP
        IF (g = want) <> EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                                 WHERE m.roleid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = g)
                                   AND m.member = target.oid) THEN
            IF NOT may THEN
                RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
                    'not permitted: making login %s a member of %s (and no other rolo group) needs CREATEROLE; %s lacks it (run this connected as the database owner, given CREATEROLE)',
                    NEW.login, want, session_user);
            END IF;
            IF g = want THEN
                EXECUTE format('GRANT %I TO %I', g, NEW.login);
            ELSE
                EXECUTE format('REVOKE %I FROM %I', g, NEW.login);
            END IF;
        END IF;
    END LOOP;

    IF target.rolcanlogin <> live THEN
        IF NOT may THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format(
                'not permitted: %s login %s needs CREATEROLE; %s lacks it (run this connected as the database owner, given CREATEROLE)',
                CASE WHEN live THEN 'enabling' ELSE 'disabling' END, NEW.login, session_user);
        END IF;
        EXECUTE format('ALTER ROLE %I %s', NEW.login, CASE WHEN live THEN 'LOGIN' ELSE 'NOLOGIN' END);
    END IF;
    RETURN NULL;
END
$$;
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION rolo_sync_login() SET search_path = pg_catalog, %I, pg_temp',
                   current_schema());
END
$$;
CREATE TRIGGER users_sync_login AFTER INSERT OR UPDATE OF login, role, active, deleted_at ON users
    FOR EACH ROW EXECUTE FUNCTION rolo_sync_login();

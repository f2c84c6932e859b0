//! PostgreSQL's side of the team rules (docs/teams.md): real login roles per test database, row
//! security seen through rolo and through a raw SQL connection as the same login ("psql parity"),
//! the identity rules for `--as`, and login provisioning. Every login a test makes is named after
//! its database (roles are cluster-wide) and dropped with everything it owns when the test ends.

use std::collections::BTreeSet;

use diesel::connection::SimpleConnection;
use diesel::sql_types::Text;
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};

use crate::common::{describe, postgres, rolo_in, TestDb};

/// Logins made by a test, dropped (after what they own in the test database) when it ends.
/// Declared after the [`TestDb`], so it is dropped first, while the database still exists.
struct Logins {
    admin_url: String,
    names: Vec<String>,
}

impl Logins {
    /// `what` → `p<database suffix>_what`: unique per test database.
    fn new(db: &TestDb, what: &[&str]) -> Logins {
        let url = db.url_string();
        let dbname = url.rsplit('/').next().unwrap_or_default().to_string();
        let suffix = &dbname[dbname.len().saturating_sub(10)..];
        Logins {
            admin_url: url.clone(),
            names: what.iter().map(|w| format!("p{suffix}_{w}")).collect(),
        }
    }

    fn get(&self, what: &str) -> String {
        self.names
            .iter()
            .find(|n| n.ends_with(&format!("_{what}")))
            .cloned()
            .unwrap_or_else(|| panic!("no login {what}"))
    }
}

impl Drop for Logins {
    fn drop(&mut self) {
        if let Ok(mut c) = PgConnection::establish(&self.admin_url) {
            for n in &self.names {
                let _ = c.batch_execute(&format!(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{n}'"
                ));
                let _ = c.batch_execute(&format!("DROP OWNED BY \"{n}\""));
                let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS \"{n}\""));
            }
        }
    }
}

/// The test database's URL with `login` as the user (trust authentication on the test server).
fn url_as(db: &TestDb, login: &str) -> String {
    let url = db.url_string();
    let (scheme, rest) = url.split_once("://").expect("scheme");
    let rest = rest.split_once('@').map_or(rest, |(_, r)| r);
    format!("{scheme}://{login}@{rest}")
}

fn admin(db: &TestDb) -> PgConnection {
    PgConnection::establish(&db.url_string()).expect("connect as the test's superuser")
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = Text)]
    id: String,
}

fn ids_sql(c: &mut PgConnection, sql: &str) -> BTreeSet<String> {
    diesel::sql_query(sql)
        .load::<IdRow>(c)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .into_iter()
        .map(|r| r.id)
        .collect()
}

fn run(db: &TestDb, login: &str, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().expect("temp dir");
    rolo_in(dir.path(), &url_as(db, login), args)
}

fn ids_rolo(db: &TestDb, login: &str, entity: &str) -> BTreeSet<String> {
    let out = run(
        db,
        login,
        &[entity, "list", "--output", "ids", "--limit", "all"],
    );
    assert!(out.status.success(), "{login} {entity}: {}", describe(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn uuid(n: u32) -> String {
    format!("00000000-0000-0000-0000-{n:012}")
}

/// Who is who in the parity data: three logins in team East (a rep, a manager, a read-only
/// user), a teammate and a rep of team West without logins.
const REP: u32 = 1;
const MANAGER: u32 = 2;
const READER: u32 = 3;
const MATE: u32 = 4;
const WEST: u32 = 5;
const EAST_TEAM: u32 = 901;
const WEST_TEAM: u32 = 902;

/// A company per owner (and one unowned), a deal per owner, contacts and activities that follow
/// their parents. Written by the superuser; the login roles are made by the provisioning trigger.
fn parity_data(db: &TestDb, l: &Logins) {
    let mut c = admin(db);
    let (east, west) = (uuid(EAST_TEAM), uuid(WEST_TEAM));
    let mut sql = format!(
        "INSERT INTO teams (id, name) VALUES ('{east}', 'East'), ('{west}', 'West');
         INSERT INTO users (id, name, email, role, login, team_id) VALUES
           ('{}', 'Rita Rep', 'rita@x.test', 'sales_rep', '{}', '{east}'),
           ('{}', 'Max Manager', 'max@x.test', 'manager', '{}', '{east}'),
           ('{}', 'Rudi Reader', 'rudi@x.test', 'read_only', '{}', '{east}'),
           ('{}', 'Mia Mate', 'mia@x.test', 'sales_rep', NULL, '{east}'),
           ('{}', 'Wes West', 'wes@x.test', 'sales_rep', NULL, '{west}');
         INSERT INTO pipeline_stages (id, name, position) VALUES ('{}', 'New', 0);",
        uuid(REP),
        l.get("rep"),
        uuid(MANAGER),
        l.get("manager"),
        uuid(READER),
        l.get("reader"),
        uuid(MATE),
        uuid(WEST),
        uuid(800),
    );
    // companies 100+owner, deals 200+owner; 100/200 unowned
    for owner in [0, REP, MANAGER, READER, MATE, WEST] {
        let o = if owner == 0 {
            "NULL".to_string()
        } else {
            format!("'{}'", uuid(owner))
        };
        sql += &format!(
            "INSERT INTO companies (id, name, owner_id) VALUES ('{}', 'Co {owner}', {o});
             INSERT INTO deals (id, title, stage_id, owner_id) VALUES ('{}', 'Deal {owner}', '{}', {o});",
            uuid(100 + owner),
            uuid(200 + owner),
            uuid(800),
        );
    }
    // contacts: 301 mine at West's company (follows the company), 302 Mate's without company,
    // 303 West's without company, 304 at the unowned company
    sql += &format!(
        "INSERT INTO contacts (id, first_name, company_id, owner_id) VALUES
           ('{}', 'AtWest', '{}', '{}'), ('{}', 'MateLoose', NULL, '{}'),
           ('{}', 'WestLoose', NULL, '{}'), ('{}', 'AtPool', '{}', NULL);",
        uuid(301),
        uuid(100 + WEST),
        uuid(REP),
        uuid(302),
        uuid(MATE),
        uuid(303),
        uuid(WEST),
        uuid(304),
        uuid(100),
    );
    // activities: 401 on West's deal assigned to the rep, 402 on the contact 302, 403 on West's
    // company, 404 on the unowned deal
    sql += &format!(
        "INSERT INTO activities (id, kind, subject, deal_id, contact_id, company_id, owner_id, assignee_id) VALUES
           ('{}', 'task', 'West deal task', '{}', NULL, NULL, '{}', '{}'),
           ('{}', 'call', 'Call Mate contact', NULL, '{}', NULL, '{}', NULL),
           ('{}', 'note', 'West company note', NULL, NULL, '{}', '{}', NULL),
           ('{}', 'note', 'Pool deal note', '{}', NULL, NULL, NULL, NULL);",
        uuid(401),
        uuid(200 + WEST),
        uuid(WEST),
        uuid(REP),
        uuid(402),
        uuid(302),
        uuid(MATE),
        uuid(403),
        uuid(100 + WEST),
        uuid(WEST),
        uuid(404),
        uuid(200),
    );
    c.batch_execute(&sql).expect("parity data");
}

/// What team-rules.md says `viewer` sees at `vis`, computed from the data above.
fn expected(viewer: u32, vis: &str, entity: &str) -> BTreeSet<String> {
    let team = |o: u32| match o {
        WEST => WEST_TEAM,
        _ => EAST_TEAM,
    };
    let owner_ok = |o: u32| {
        o == 0 || o == viewer || vis == "all" || (vis == "team" && team(o) == team(viewer))
    };
    let owners = [0, REP, MANAGER, READER, MATE, WEST];
    let set: Vec<u32> = match entity {
        "companies" => owners
            .iter()
            .filter(|o| owner_ok(**o))
            .map(|o| 100 + o)
            .collect(),
        "deals" => owners
            .iter()
            .filter(|o| owner_ok(**o))
            .map(|o| 200 + o)
            .collect(),
        "contacts" => [
            (301, owner_ok(WEST)), // with West's company: as the company
            (302, owner_ok(MATE)),
            (303, owner_ok(WEST)),
            (304, true), // the unowned company
        ]
        .iter()
        .filter(|(_, v)| *v)
        .map(|(n, _)| *n)
        .collect(),
        "activities" => [
            (401, owner_ok(WEST) || viewer == REP), // the assignee always sees it
            (402, owner_ok(MATE)),                  // as contact 302
            (403, owner_ok(WEST)),
            (404, true),
        ]
        .iter()
        .filter(|(_, v)| *v)
        .map(|(n, _)| *n)
        .collect(),
        other => panic!("{other}"),
    };
    set.into_iter().map(uuid).collect()
}

/// Every role with a login × every visibility × each record table: rolo run as the login lists
/// exactly the rows the rules give, and a raw SQL connection as the same login (what psql shows)
/// selects the same rows.
#[test]
fn psql_parity_for_every_role_and_visibility() {
    let db = postgres();
    let l = Logins::new(&db, &["rep", "manager", "reader"]);
    parity_data(&db, &l);
    let mut su = admin(&db);
    for vis in ["own", "team", "all"] {
        su.batch_execute(&format!(
            "UPDATE settings SET value = '{vis}' WHERE key = 'visibility'"
        ))
        .expect("set visibility");
        for (who, viewer) in [("rep", REP), ("manager", MANAGER), ("reader", READER)] {
            let login = l.get(who);
            let mut raw = PgConnection::establish(&url_as(&db, &login)).expect("connect as login");
            for entity in ["companies", "contacts", "deals", "activities"] {
                let want = expected(viewer, vis, entity);
                let sql = ids_sql(&mut raw, &format!("SELECT id::text AS id FROM {entity}"));
                assert_eq!(sql, want, "raw SQL as {who} at {vis}: {entity}");
                let listed = ids_rolo(&db, &login, entity);
                assert_eq!(listed, want, "rolo as {who} at {vis}: {entity}");
            }
        }
    }
}

/// The database itself refuses what the rules refuse, whatever client the login uses.
#[test]
fn raw_sql_writes_are_bounded_by_the_database() {
    let db = postgres();
    let l = Logins::new(&db, &["rep", "manager", "reader"]);
    parity_data(&db, &l);

    // a read-only login cannot insert anything
    let mut ro = PgConnection::establish(&url_as(&db, &l.get("reader"))).expect("connect");
    let err = ro
        .batch_execute(&format!(
            "INSERT INTO companies (id, name, owner_id) VALUES ('{}', 'Sneaky', '{}')",
            uuid(150),
            uuid(READER)
        ))
        .expect_err("read_only may not insert");
    assert!(err.to_string().contains("permission denied"), "{err}");

    // a rep's UPDATE of a row another user owns (even a visible teammate's) touches nothing
    let mut rep = PgConnection::establish(&url_as(&db, &l.get("rep"))).expect("connect");
    let n = diesel::sql_query(format!(
        "UPDATE companies SET name = 'Mine now' WHERE id IN ('{}', '{}')",
        uuid(100 + MATE),
        uuid(100 + WEST)
    ))
    .execute(&mut rep)
    .expect("update runs");
    assert_eq!(n, 0, "a rep updates only their own rows");
    // their own row they may change …
    let n = diesel::sql_query(format!(
        "UPDATE companies SET name = 'Rita Co' WHERE id = '{}'",
        uuid(100 + REP)
    ))
    .execute(&mut rep)
    .expect("own update");
    assert_eq!(n, 1);
    // … but not hand to another owner (WITH CHECK)
    let err = rep
        .batch_execute(&format!(
            "UPDATE companies SET owner_id = '{}' WHERE id = '{}'",
            uuid(MATE),
            uuid(100 + REP)
        ))
        .expect_err("reassigning is refused");
    assert!(
        err.to_string().contains("row-level security"),
        "WITH CHECK refuses it: {err}"
    );
    // nor create a record for someone else, nor write history in another's name
    let err = rep
        .batch_execute(&format!(
            "INSERT INTO deals (id, title, stage_id, owner_id) VALUES ('{}', 'For Mia', '{}', '{}')",
            uuid(250),
            uuid(800),
            uuid(MATE)
        ))
        .expect_err("a rep creates only their own records");
    assert!(err.to_string().contains("row-level security"), "{err}");
    let err = rep
        .batch_execute(&format!(
            "INSERT INTO history (id, entity, entity_id, action, actor_id) \
             VALUES ('{}', 'companies', '{}', 'update', '{}')",
            uuid(700),
            uuid(100 + REP),
            uuid(MATE)
        ))
        .expect_err("history only in one's own name");
    assert!(err.to_string().contains("row-level security"), "{err}");
    // users, stages and settings are the admins'
    let err = rep
        .batch_execute("UPDATE settings SET value = 'all'")
        .expect_err("settings are admin-only");
    assert!(err.to_string().contains("permission denied"), "{err}");

    // a manager changes what they see, not West's records
    let mut mgr = PgConnection::establish(&url_as(&db, &l.get("manager"))).expect("connect");
    let n = diesel::sql_query(format!(
        "UPDATE deals SET title = 'Seen' WHERE id IN ('{}', '{}')",
        uuid(200 + MATE),
        uuid(200 + WEST)
    ))
    .execute(&mut mgr)
    .expect("manager update");
    assert_eq!(n, 1, "only the teammate's deal");

    // nothing the refused statements tried is there
    let mut su = admin(&db);
    let left = ids_sql(
        &mut su,
        &format!(
            "SELECT id::text AS id FROM companies WHERE name IN ('Sneaky', 'Mine now') \
             UNION ALL SELECT id::text FROM deals WHERE id = '{}' \
             UNION ALL SELECT id::text FROM history WHERE id = '{}'",
            uuid(250),
            uuid(700)
        ),
    );
    assert!(left.is_empty(), "{left:?}");
}

/// `--as` on PostgreSQL: a login may name only itself; an admin login may act as anyone, which
/// history shows as "X as Y"; a login with no user is told how to get one.
#[test]
fn as_is_checked_against_the_login() {
    let db = postgres();
    let l = Logins::new(&db, &["rep", "manager", "reader", "boss", "stranger"]);
    parity_data(&db, &l);
    let mut su = admin(&db);
    su.batch_execute(&format!(
        "INSERT INTO users (id, name, email, role, login) VALUES
           ('{}', 'Bea Boss', 'bea@x.test', 'admin', '{}');
         CREATE ROLE \"{}\" LOGIN;",
        uuid(6),
        l.get("boss"),
        l.get("stranger"),
    ))
    .expect("admin user, and a login without a user");

    let rep = l.get("rep");
    let out = run(&db, &rep, &["--as", "mia@x.test", "companies", "list"]);
    assert_eq!(out.status.code(), Some(6), "{}", describe(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "not permitted: you are connected as {rep} (Rita Rep); --as may name only yourself"
        )),
        "{err}"
    );
    let out = run(&db, &rep, &["--as", "rita@x.test", "companies", "count"]);
    assert!(out.status.success(), "naming oneself: {}", describe(&out));

    // the admin acts as the rep: the write is the rep's, the history says who really did it
    let boss = l.get("boss");
    let company = uuid(100 + REP);
    let out = run(
        &db,
        &boss,
        &[
            "--as",
            "rita@x.test",
            "companies",
            "update",
            &company,
            "--set",
            "name=Rita's renamed",
        ],
    );
    assert!(out.status.success(), "admin --as: {}", describe(&out));
    let out = run(&db, &boss, &["companies", "history", &company]);
    assert!(out.status.success(), "{}", describe(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("renamed"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("Bea Boss as "), "{line}");
    let out = run(
        &db,
        &boss,
        &["companies", "history", &company, "--output", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let last = v.as_array().and_then(|a| a.last()).expect("entries");
    assert_eq!(last["login"], serde_json::json!(boss));
    assert_eq!(last["actor_id"], serde_json::json!(uuid(REP)));

    // the rep's own change has no "as"
    let out = run(
        &db,
        &rep,
        &["companies", "update", &company, "--set", "name=Rita again"],
    );
    assert!(out.status.success(), "{}", describe(&out));
    let out = run(&db, &rep, &["companies", "history", &company]);
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("Rita again"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(!line.contains(" as "), "{line}");

    // a login with no user row
    let stranger = l.get("stranger");
    let out = run(&db, &stranger, &["companies", "list"]);
    assert_eq!(out.status.code(), Some(6), "{}", describe(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("the database login {stranger} is not a rolo user"))
            && err.contains(&format!("--set login={stranger}")),
        "{err}"
    );
}

#[derive(QueryableByName)]
struct RoleRow {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    can_login: bool,
    #[diesel(sql_type = Text)]
    groups: String,
}

/// The login role's LOGIN flag and its rolo groups, comma-separated; None when it is missing.
fn role_state(c: &mut PgConnection, login: &str) -> Option<(bool, String)> {
    diesel::sql_query(
        "SELECT r.rolcanlogin AS can_login, coalesce((SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) \
         FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid \
         WHERE m.member = r.oid AND g.rolname LIKE 'rolo\\_%'), '') AS groups \
         FROM pg_roles r WHERE r.rolname = $1",
    )
    .bind::<Text, _>(login)
    .get_result::<RoleRow>(c)
    .ok()
    .map(|r| (r.can_login, r.groups))
}

/// `rolo users create/update` as the owner makes and keeps the login role: created when missing
/// (or an existing one mapped), a member of exactly its role's group, NOLOGIN while deactivated;
/// an admin login without CREATEROLE is refused with a line saying so, and nothing is written.
#[test]
fn provisioning_creates_maps_moves_and_deactivates_logins() {
    let db = postgres();
    let l = Logins::new(&db, &["jdoe", "mapped", "boss", "newbie"]);
    let mut su = admin(&db);
    let owner = "postgres"; // the test server's superuser, which ran the migrations
    let jdoe = l.get("jdoe");
    let out = run(
        &db,
        owner,
        &[
            "users",
            "create",
            "--set",
            "name=Jane Doe",
            "--set",
            "email=jdoe@x.test",
            "--set",
            "role=sales_rep",
            "--set",
            &format!("login={jdoe}"),
            "--output",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", describe(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let id = v["id"].as_str().expect("id").to_string();
    assert_eq!(
        role_state(&mut su, &jdoe),
        Some((true, "rolo_rep".into())),
        "created"
    );

    let out = run(
        &db,
        owner,
        &["users", "update", &id, "--set", "role=manager"],
    );
    assert!(out.status.success(), "{}", describe(&out));
    assert_eq!(
        role_state(&mut su, &jdoe),
        Some((true, "rolo_manager".into())),
        "moved"
    );

    let out = run(
        &db,
        owner,
        &["users", "update", &id, "--set", "active=false"],
    );
    assert!(out.status.success(), "{}", describe(&out));
    assert_eq!(
        role_state(&mut su, &jdoe),
        Some((false, "rolo_manager".into())),
        "deactivated"
    );
    let out = run(
        &db,
        owner,
        &["users", "update", &id, "--set", "active=true"],
    );
    assert!(out.status.success(), "{}", describe(&out));
    assert_eq!(role_state(&mut su, &jdoe).map(|s| s.0), Some(true));

    // an existing role is mapped, not created again
    let mapped = l.get("mapped");
    su.batch_execute(&format!("CREATE ROLE \"{mapped}\" LOGIN"))
        .expect("existing role");
    let out = run(
        &db,
        owner,
        &[
            "users",
            "create",
            "--set",
            "name=Mo Mapped",
            "--set",
            "email=mo@x.test",
            "--set",
            "role=read_only",
            "--set",
            &format!("login={mapped}"),
        ],
    );
    assert!(out.status.success(), "{}", describe(&out));
    assert_eq!(
        role_state(&mut su, &mapped),
        Some((true, "rolo_readonly".into()))
    );
    // and that login now works as itself
    let out = run(&db, &mapped, &["companies", "count"]);
    assert!(out.status.success(), "{}", describe(&out));

    // an admin login without CREATEROLE may not make logins
    let boss = l.get("boss");
    su.batch_execute(&format!(
        "INSERT INTO users (id, name, email, role, login) VALUES ('{}', 'Bea Boss', 'bea@x.test', 'admin', '{boss}')",
        uuid(6)
    ))
    .expect("admin user");
    let newbie = l.get("newbie");
    let out = run(
        &db,
        &boss,
        &[
            "users",
            "create",
            "--set",
            "name=New Bie",
            "--set",
            "email=newbie@x.test",
            "--set",
            &format!("login={newbie}"),
        ],
    );
    assert_eq!(out.status.code(), Some(6), "{}", describe(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "not permitted: creating the login role {newbie} needs CREATEROLE; {boss} lacks it"
        )),
        "{err}"
    );
    assert_eq!(role_state(&mut su, &newbie), None, "no role made");
    let left = ids_sql(
        &mut su,
        "SELECT id::text AS id FROM users WHERE email = 'newbie@x.test'",
    );
    assert!(left.is_empty(), "no user row either");
    // without a login the admin may add users
    let out = run(
        &db,
        &boss,
        &[
            "users",
            "create",
            "--set",
            "name=No Login",
            "--set",
            "email=nologin@x.test",
        ],
    );
    assert!(out.status.success(), "{}", describe(&out));
}

/// An import by a manager's own login: row security forbids `COPY`, so the bulk rows go in as
/// multi-row INSERTs the policies check, under the manager's login; a rep's import is refused by
/// the database (imports are for managers and admins) and leaves nothing.
#[test]
fn imports_run_under_row_security() {
    let db = postgres();
    let l = Logins::new(&db, &["rep", "manager", "reader"]);
    parity_data(&db, &l);
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("companies.csv");
    std::fs::write(
        &csv,
        "name,domain\nImported One,one.test\nImported Two,two.test\n",
    )
    .expect("csv");
    let csv = csv.to_str().expect("path");

    let manager = l.get("manager");
    let out = run(&db, &manager, &["import", "companies", csv]);
    assert!(out.status.success(), "{}", describe(&out));
    let mut su = admin(&db);
    let made = ids_sql(
        &mut su,
        &format!(
            "SELECT c.id::text AS id FROM companies c JOIN history h ON h.entity_id = c.id \
             WHERE c.name LIKE 'Imported %' AND h.login = '{manager}'"
        ),
    );
    assert_eq!(
        made.len(),
        2,
        "both rows, with history under the manager's login"
    );

    let rep = l.get("rep");
    std::fs::write(
        dir.path().join("more.csv"),
        "name,domain\nRep Import,rep.test\n",
    )
    .expect("csv");
    let more = dir.path().join("more.csv");
    let out = run(
        &db,
        &rep,
        &["import", "companies", more.to_str().expect("path")],
    );
    assert_eq!(out.status.code(), Some(6), "{}", describe(&out));
    let left = ids_sql(
        &mut su,
        "SELECT id::text AS id FROM companies WHERE name = 'Rep Import'",
    );
    assert!(left.is_empty(), "nothing written: {left:?}");
}

/// A company whose parent is another team's (hidden by row security) can still be saved by
/// those who may change it, as long as the parent stays; found by benches/load.rs, where such
/// saves failed with "company <parent> not found".
#[test]
fn saving_a_company_under_a_hidden_parent() {
    let db = postgres();
    let l = Logins::new(&db, &["rep", "manager", "reader"]);
    parity_data(&db, &l);
    let mut su = admin(&db);
    su.batch_execute(&format!(
        "UPDATE companies SET parent_id = '{}' WHERE id IN ('{}', '{}')",
        uuid(100 + WEST),
        uuid(100 + MATE),
        uuid(100 + REP)
    ))
    .expect("parents in team West");
    let version = |su: &mut PgConnection, id: u32| {
        ids_sql(
            su,
            &format!(
                "SELECT version::text AS id FROM companies WHERE id = '{}'",
                uuid(id)
            ),
        )
    };
    for (who, company) in [("manager", 100 + MATE), ("rep", 100 + REP)] {
        let before = version(&mut su, company);
        let v = before.iter().next().cloned().unwrap_or_default();
        let out = run(
            &db,
            &l.get(who),
            &[
                "companies",
                "update",
                &uuid(company),
                "--set",
                "employee_count=7",
                "--if-version",
                &v,
            ],
        );
        assert!(out.status.success(), "{who}: {}", describe(&out));
        assert_ne!(
            version(&mut su, company),
            before,
            "{who}'s save was written"
        );
    }
}

/// A manager may create a record for any owner (docs/teams.md), also one of another team whom
/// they do not see: it is written (history under the manager's login) and the create reports it,
/// though row security then keeps it from the manager. It failed with "company … not found" (exit
/// 3, nothing written) when the create read the new row back.
#[test]
fn a_manager_creates_for_an_owner_they_do_not_see() {
    let db = postgres();
    let l = Logins::new(&db, &["rep", "manager", "reader"]);
    parity_data(&db, &l);
    let manager = l.get("manager");
    let mut su = admin(&db);
    for (entity, field) in [("companies", "name"), ("deals", "title")] {
        let set = format!("{field}=For Wes");
        let out = run(
            &db,
            &manager,
            &[
                entity,
                "create",
                "--set",
                &set,
                "--set",
                "owner=wes@x.test",
                "--output",
                "json",
            ],
        );
        assert!(out.status.success(), "{entity}: {}", describe(&out));
        let made: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(
            made["owner_id"].as_str(),
            Some(uuid(WEST).as_str()),
            "{made}"
        );
        let id = made["id"].as_str().expect("id").to_string();
        let stored = ids_sql(
            &mut su,
            &format!(
                "SELECT t.owner_id::text AS id FROM {entity} t JOIN history h ON h.entity_id = t.id \
                 WHERE t.id = '{id}' AND h.action = 'create' AND h.login = '{manager}'"
            ),
        );
        assert_eq!(stored, BTreeSet::from([uuid(WEST)]), "{entity} {id}");
        let get = run(&db, &manager, &[entity, "get", &id]);
        assert_eq!(
            get.status.code(),
            Some(3),
            "hidden afterwards: {}",
            describe(&get)
        );
    }
}

//! Least privilege at start-up: a role that may not change the schema is told how far behind it
//! is (exit 5) instead of failing on a migration; once the owner migrated, it just works. A role
//! that may (the owner, a writable SQLite file) still migrates by itself.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};
use rolo::db::conn::BackendKind;
use rolo::error::exit;

use crate::common::{self, describe, pg_admin_url, rolo_in};

/// A login role for one test, dropped (after the database that holds its grants) on drop.
struct Role {
    admin: String,
    name: String,
}

impl Role {
    fn create(db_name: &str) -> Role {
        let admin = pg_admin_url();
        let name = format!("rolo_lp_{}", &db_name[db_name.len() - 12..]);
        let mut c = PgConnection::establish(&admin).unwrap();
        c.batch_execute(&format!("CREATE ROLE \"{name}\" LOGIN"))
            .unwrap();
        Role { admin, name }
    }

    /// `url` with this role as the user.
    fn url(&self, url: &str) -> String {
        let (scheme, rest) = url.split_once("://").unwrap();
        let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
        format!("{scheme}://{}@{host}", self.name)
    }
}

impl Drop for Role {
    fn drop(&mut self) {
        if let Ok(mut c) = PgConnection::establish(&self.admin) {
            let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS \"{}\"", self.name));
        }
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn behind(n: usize) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("rolo: schema is {n} migration{s} behind; ask the owner to run `rolo migrate`\n")
}

#[test]
fn a_role_without_create_is_told_to_ask_the_owner_then_works_once_migrated() {
    let db = common::postgres_empty();
    let owner_url = db.url_string();
    let db_name = owner_url.rsplit('/').next().unwrap().to_string();
    let role = Role::create(&db_name);
    let rep_url = role.url(&owner_url);
    let dir = tempfile::tempdir().unwrap();
    let known = rolo::db::migrate::known_versions(BackendKind::Postgres)
        .unwrap()
        .len();

    // PostgreSQL 15 gives PUBLIC no CREATE on schema public: this role may not migrate
    for args in [&["companies", "list"][..], &["migrate"][..]] {
        let out = rolo_in(dir.path(), &rep_url, args);
        assert_eq!(
            out.status.code(),
            Some(exit::UNAVAILABLE),
            "{args:?}: {}",
            describe(&out)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            behind(known),
            "{args:?}"
        );
    }
    // nothing was created by the attempts
    let mut admin = PgConnection::establish(&owner_url).unwrap();
    let tables: Count =
        diesel::sql_query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")
            .get_result(&mut admin)
            .unwrap();
    assert_eq!(tables.n, 0);

    // the owner migrates and adds the login as a read-only user: rolo maps the existing role
    // into its group role, which holds the GRANTs
    let out = rolo_in(dir.path(), &owner_url, &["migrate"]);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    let login = format!("login={}", role.name);
    let out = rolo_in(
        dir.path(),
        &owner_url,
        &[
            "users",
            "create",
            "--set",
            "name=Lee Least",
            "--set",
            "email=lee@example.com",
            "--set",
            "role=read_only",
            "--set",
            &login,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    let out = rolo_in(dir.path(), &rep_url, &["companies", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "{}",
        describe(&out)
    );

    // a newer rolo's migration not yet applied: one behind, said in the singular
    admin
        .batch_execute(
            "DELETE FROM __diesel_schema_migrations \
             WHERE version = (SELECT max(version) FROM __diesel_schema_migrations)",
        )
        .unwrap();
    let out = rolo_in(dir.path(), &rep_url, &["companies", "list"]);
    assert_eq!(
        out.status.code(),
        Some(exit::UNAVAILABLE),
        "{}",
        describe(&out)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), behind(1));
    drop(admin);
    drop(db);
}

#[test]
fn the_owner_and_a_writable_file_still_migrate_by_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let pg = common::postgres_empty();
    let file = dir.path().join("fresh.db").display().to_string();
    for url in [pg.url_string(), file] {
        let out = rolo_in(dir.path(), &url, &["companies", "count"]);
        assert_eq!(out.status.code(), Some(0), "{url}: {}", describe(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
    }
}

#[test]
fn read_only_mode_does_not_migrate_a_sqlite_file() {
    let db = common::sqlite();
    db.conn()
        .batch_execute(
            "DELETE FROM __diesel_schema_migrations \
             WHERE version = (SELECT max(version) FROM __diesel_schema_migrations)",
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = rolo_in(
        dir.path(),
        &db.url_string(),
        &["--read-only", "companies", "list"],
    );
    assert_eq!(
        out.status.code(),
        Some(exit::UNAVAILABLE),
        "{}",
        describe(&out)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), behind(1));
}

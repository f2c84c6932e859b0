//! Test fixtures: a fresh SQLite file per test, and a fresh PostgreSQL database per test created
//! from `ROLO_TEST_PG_URL` and dropped afterwards. PostgreSQL tests fail (never skip) when the
//! variable is missing.

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use rolo::db::{self, DatabaseUrl, Pool};

pub mod import;
pub mod tmux;
pub mod tui;

/// The instant every test runs at, whatever the real date: the process clock starts here (and
/// advances from it), demo data is built from it, and a spawned `rolo` gets it as `ROLO_NOW`.
pub const NOW: &str = "2026-11-23T12:00:00Z";

/// Start this test process's clock at [`NOW`] and read "the machine's zone" as UTC, before
/// anything reads the time. Every fixture calls it.
pub fn fixed_clock() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let start = rolo::domain::clock::parse(NOW).expect("NOW parses");
        rolo::domain::clock::start_at(start)
            .expect("the test clock is installed before anything reads the time");
        rolo::domain::zone::set_machine(chrono_tz::UTC);
    });
}

/// `ROLO_NOW` for a `rolo` started now: this process's clock reading, so the child's clock goes
/// on from where the test's is (timestamps written by the test, then by the child, stay in order).
pub fn now_env() -> String {
    fixed_clock();
    rolo::domain::clock::now()
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

/// The `rolo` binary with the test clock (`ROLO_NOW`, see [`now_env`]) and time zone (`TZ=UTC`)
/// set, so what it prints does not depend on the day or the zone the tests run in.
pub fn rolo_command() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rolo"));
    cmd.env(rolo::domain::clock::ENV, now_env())
        .env("TZ", "UTC");
    cmd
}

/// `rolo --database DB ARGS…` in an isolated environment: `dir` as its data directory, no
/// config file, no inherited database, user or timeouts.
pub fn rolo_isolated(dir: &std::path::Path, db: &str, args: &[&str]) -> std::process::Command {
    let mut cmd = rolo_command();
    cmd.env("ROLO_DATA_DIR", dir)
        .env("ROLO_CONFIG", dir.join("no-config.toml"))
        .env_remove("ROLO_DATABASE_URL")
        .env_remove("ROLO_USER")
        .env_remove("ROLO_CONNECT_TIMEOUT")
        .env_remove("ROLO_STATEMENT_TIMEOUT")
        .args(["--database", db])
        .args(args);
    cmd
}

/// Run [`rolo_isolated`] to the end.
pub fn rolo_in(dir: &std::path::Path, db: &str, args: &[&str]) -> std::process::Output {
    rolo_isolated(dir, db, args).output().expect("run rolo")
}

/// Wait for a child, killing it (and failing) if it runs past a generous hang guard.
pub fn wait_guarded(
    mut child: std::process::Child,
    guard: std::time::Duration,
    what: &str,
) -> std::process::Output {
    let start = std::time::Instant::now();
    loop {
        match child.try_wait().expect("wait") {
            Some(_) => return child.wait_with_output().expect("output"),
            None if start.elapsed() > guard => {
                let _ = child.kill();
                let out = child.wait_with_output().expect("output");
                panic!("{what} still running after {guard:?} (hung): {out:?}");
            }
            None => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    }
}

/// Exit status, stdout and stderr of a run, for assertion messages.
pub fn describe(o: &std::process::Output) -> String {
    format!(
        "{:?}\nstdout: {}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub struct TestDb {
    pub url: DatabaseUrl,
    pub pool: Pool,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub fn conn(&self) -> db::PooledConn {
        self.pool.get().expect("pooled connection")
    }

    pub fn url_string(&self) -> String {
        match &self.url {
            DatabaseUrl::Sqlite(p) => p.display().to_string(),
            DatabaseUrl::Postgres(u) => u.clone(),
        }
    }

    pub fn name(&self) -> &'static str {
        match self.url {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg.take() {
            // Close our pool's connections first, then drop the throwaway database.
            let pool = std::mem::replace(&mut self.pool, empty_pool());
            drop(pool);
            if let Ok(mut c) = PgConnection::establish(&admin) {
                let _ =
                    c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
            }
        }
    }
}

fn empty_pool() -> Pool {
    let dir = std::env::temp_dir().join(format!("rolo-drop-{}.db", uuid::Uuid::new_v4()));
    let url = DatabaseUrl::Sqlite(dir.clone());
    let pool = r2d2::Pool::builder()
        .max_size(1)
        .min_idle(Some(0))
        .build_unchecked(db::conn::Manager::new(url));
    let _ = std::fs::remove_file(dir);
    pool
}

fn migrated(url: DatabaseUrl) -> Pool {
    let pool = db::open_pool(&url, 8).expect("open pool");
    let mut conn = pool.get().expect("connection");
    db::migrate::run_pending(&mut conn).expect("migrations");
    pool
}

/// A migrated SQLite database in a fresh temporary directory.
pub fn sqlite() -> TestDb {
    fixed_clock();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = DatabaseUrl::Sqlite(dir.path().join("rolo.db"));
    TestDb {
        pool: migrated(url.clone()),
        url,
        _dir: Some(dir),
        pg: None,
    }
}

/// The admin URL tests create their databases from. Missing is a test failure, not a skip.
pub fn pg_admin_url() -> String {
    std::env::var("ROLO_TEST_PG_URL").expect(
        "ROLO_TEST_PG_URL must point at a PostgreSQL database the tests may create databases from \
         (e.g. postgres://postgres@127.0.0.1:5432/postgres)",
    )
}

/// A fresh, empty PostgreSQL database (not migrated).
pub fn postgres_empty() -> TestDb {
    fixed_clock();
    let admin = pg_admin_url();
    let name = format!("rolo_test_{}", uuid::Uuid::new_v4().simple());
    let mut c = PgConnection::establish(&admin).expect("connect to ROLO_TEST_PG_URL");
    c.batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .expect("create test database");
    let url = DatabaseUrl::Postgres(with_database(&admin, &name));
    let pool = db::open_pool(&url, 8).expect("open pool");
    TestDb {
        pool,
        url,
        _dir: None,
        pg: Some((admin, name)),
    }
}

/// A fresh, migrated PostgreSQL database, dropped when the fixture is.
pub fn postgres() -> TestDb {
    let t = postgres_empty();
    let mut conn = t.conn();
    db::migrate::run_pending(&mut conn).expect("migrations");
    drop(conn);
    t
}

/// Replace the database name of a PostgreSQL URL.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let (scheme, rest) = base.split_once("://").expect("scheme");
    let host = rest.split('/').next().unwrap_or(rest);
    match query {
        Some(q) => format!("{scheme}://{host}/{name}?{q}"),
        None => format!("{scheme}://{host}/{name}"),
    }
}

/// Run one test body on both backends: `both_backends!(name, |db: TestDb| { … });`
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[test]
            fn sqlite() {
                let f: fn($crate::common::TestDb) = $body;
                f($crate::common::sqlite());
            }
            #[test]
            fn postgres() {
                let f: fn($crate::common::TestDb) = $body;
                f($crate::common::postgres());
            }
        }
    };
}

//! The database's life around rolo: a schema newer than this binary, many first starts at once,
//! a restore under an open pool, read-only files, locked and full databases, lost connections,
//! blind updates racing, and PostgreSQL timeouts. Most run the real binary.
use crate::common;

use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use rolo::db::repo::company;
use rolo::db::{DatabaseUrl, DbConn};
use rolo::domain::CompanyDraft;

/// A future migration, as a newer rolo would have recorded it.
const FUTURE: &str = "20991205000001";

use common::rolo_isolated as rolo_cmd;

fn rolo(data_dir: &Path, db: &str, args: &[&str]) -> Output {
    rolo_cmd(data_dir, db, args).output().expect("run rolo")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

use common::wait_guarded;

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Value {
    #[diesel(sql_type = Text)]
    value: String,
}

fn count(conn: &mut DbConn, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<N>(conn).unwrap().n
}

fn insert_future_migration(conn: &mut DbConn, rolo_version: Option<&str>) {
    let (insert, stamp) = match conn {
        DbConn::Sqlite(_) => (
            "INSERT INTO __diesel_schema_migrations (version) VALUES (?)",
            "UPDATE __diesel_schema_migrations SET rolo_version = ? WHERE version = ?",
        ),
        DbConn::Pg(_) => (
            "INSERT INTO __diesel_schema_migrations (version) VALUES ($1)",
            "UPDATE __diesel_schema_migrations SET rolo_version = $1 WHERE version = $2",
        ),
    };
    diesel::sql_query(insert)
        .bind::<Text, _>(FUTURE)
        .execute(conn)
        .unwrap();
    // a rolo older than the version stamp has no rolo_version column: then the row stays bare
    // (and the assertions on the message fail, as they should)
    let _ = diesel::sql_query(stamp)
        .bind::<diesel::sql_types::Nullable<Text>, _>(rolo_version)
        .bind::<Text, _>(FUTURE)
        .execute(conn);
}

// ---- item 6: a schema newer than this binary -------------------------------------------------

fn newer_schema_is_refused(db: common::TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let url = db.url_string();
    insert_future_migration(&mut db.conn(), Some("9.1.0"));

    let out = rolo(
        dir.path(),
        &url,
        &["companies", "create", "--set", "name=Acme"],
    );
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    assert!(
        err.contains(&format!("migration {FUTURE}")) && err.contains("install rolo 9.1.0 or newer"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert_eq!(
        count(&mut db.conn(), "SELECT count(*) AS n FROM companies"),
        0
    );

    // reads are refused too: a newer schema may mean something else by the same columns
    let out = rolo(dir.path(), &url, &["companies", "list"]);
    assert_eq!(out.status.code(), Some(5), "{out:?}");

    let out = rolo(dir.path(), &url, &["doctor"]);
    let (stdout, _) = text(&out);
    assert_ne!(out.status.code(), Some(0), "{out:?}");
    assert!(stdout.contains("unhealthy"), "{stdout}");
    assert!(stdout.contains(FUTURE), "{stdout}");

    // a migration row without a recorded version still names the migration
    diesel::sql_query("UPDATE __diesel_schema_migrations SET rolo_version = NULL")
        .execute(&mut db.conn())
        .unwrap();
    let out = rolo(dir.path(), &url, &["migrate"]);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    assert!(err.contains("install a newer rolo"), "{err}");
}

both_backends!(newer_schema, newer_schema_is_refused);

#[test]
fn restore_refuses_a_backup_from_a_newer_rolo() {
    let dir = tempfile::tempdir().unwrap();
    let backup = common::sqlite();
    insert_future_migration(&mut backup.conn(), Some("9.1.0"));
    let backup_path = backup.url_string();
    backup
        .conn()
        .batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();

    let target = common::sqlite();
    company::create(&mut target.conn(), None, CompanyDraft::new("Kept Ltd")).unwrap();
    let out = rolo(
        dir.path(),
        &target.url_string(),
        &["restore", &backup_path, "--force"],
    );
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(err.contains("newer than this rolo"), "{err}");
    assert_eq!(
        count(&mut target.conn(), "SELECT count(*) AS n FROM companies"),
        1
    );
}

// ---- item 7: many first starts at once --------------------------------------------------------

fn parallel_first_start(url: &str, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let children: Vec<Child> = (0..n)
        .map(|i| {
            rolo_cmd(
                dir.path(),
                url,
                &["companies", "create", "--set", &format!("name=Racer {i}")],
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let failed: Vec<String> = children
        .into_iter()
        .map(|c| wait_guarded(c, Duration::from_secs(120), "rolo companies create"))
        .filter(|o| !o.status.success())
        .map(|o| text(&o).1)
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {n} failed: {failed:?}",
        failed.len()
    );
    let url = DatabaseUrl::parse(url).unwrap();
    let mut conn = rolo::db::conn::connect(&url).unwrap();
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM companies"),
        n as i64
    );
    assert!(rolo::db::migrate::pending(&mut conn).unwrap().is_empty());
}

#[test]
fn parallel_first_start_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.db");
    parallel_first_start(&path.display().to_string(), 24);
}

#[test]
fn parallel_first_start_postgres() {
    let db = common::postgres_empty();
    let url = db.url_string();
    parallel_first_start(&url, 12);
}

// ---- item 5: restore under an open pool ------------------------------------------------------

#[test]
fn a_pool_opened_before_a_restore_writes_into_the_restored_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sqlite();
    let url = db.url_string();
    company::create(&mut db.conn(), None, CompanyDraft::new("Before Backup")).unwrap();
    let backup = dir.path().join("b.db");
    let out = rolo(dir.path(), &url, &["backup", &backup.display().to_string()]);
    assert!(out.status.success(), "{out:?}");
    company::create(&mut db.conn(), None, CompanyDraft::new("Lost In Restore")).unwrap();

    // the TUI's pool (here: `db.pool`, with idle connections on the old file) stays open
    let out = rolo(
        dir.path(),
        &url,
        &["restore", &backup.display().to_string(), "--force"],
    );
    assert!(out.status.success(), "{out:?}");
    company::create(&mut db.conn(), None, CompanyDraft::new("After Restore")).unwrap();
    assert!(rolo::db::conn::replaced_files() >= 1);

    // a second, fresh pool sees what the first one wrote after the restore
    let fresh = rolo::db::open_pool(&db.url, 1).unwrap();
    let mut conn = fresh.get().unwrap();
    let names: Vec<String> = diesel::sql_query("SELECT name AS value FROM companies ORDER BY name")
        .load::<Value>(&mut *conn)
        .unwrap()
        .into_iter()
        .map(|v| v.value)
        .collect();
    assert_eq!(names, ["After Restore", "Before Backup"]);
}

// ---- item 21: a blind update races and wins --------------------------------------------------

fn blind_updates_all_succeed(db: common::TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let url = db.url_string();
    let acme = company::create(&mut db.conn(), None, CompanyDraft::new("Acme")).unwrap();
    let id = acme.id.to_string();
    let n = 12;
    let children: Vec<Child> = (0..n)
        .map(|i| {
            rolo_cmd(
                dir.path(),
                &url,
                &[
                    "companies",
                    "update",
                    &id,
                    "--set",
                    &format!("industry=Industry {i}"),
                ],
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    let failed: Vec<String> = children
        .into_iter()
        .map(|c| wait_guarded(c, Duration::from_secs(120), "rolo companies update"))
        .filter(|o| !o.status.success())
        .map(|o| text(&o).1)
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {n} failed: {failed:?}",
        failed.len()
    );
    let version = count(
        &mut db.conn(),
        "SELECT CAST(version AS BIGINT) AS n FROM companies",
    );
    assert_eq!(version, 1 + n);
}

both_backends!(blind_update, blind_updates_all_succeed);

#[test]
fn the_tui_worker_says_the_database_was_replaced_and_reads_the_new_file() {
    use rolo::tui::action::Action;
    use rolo::tui::effect::Effect;
    let dir = tempfile::tempdir().unwrap();
    let db = common::sqlite();
    let url = db.url_string();
    let backup = dir.path().join("empty.db");
    let out = rolo(dir.path(), &url, &["backup", &backup.display().to_string()]);
    assert!(out.status.success(), "{out:?}");
    company::create(&mut db.conn(), None, CompanyDraft::new("Not In Backup")).unwrap();

    let ctx = common::tui::ctx_for(&db, None);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let summary = |rx: &mut tokio::sync::mpsc::UnboundedReceiver<Action>| {
        let mut seen = Vec::new();
        loop {
            let a = runtime.block_on(rx.recv()).unwrap();
            if let Action::SummaryLoaded(s) = a {
                return (s.unwrap().companies, seen);
            }
            seen.push(a);
        }
    };
    let worker = runtime.block_on(async { rolo::tui::worker::Worker::new(ctx, tx) });
    runtime.block_on(async { worker.spawn(Effect::LoadSummary) });
    assert_eq!(summary(&mut rx).0, 1);

    let out = rolo(
        dir.path(),
        &url,
        &["restore", &backup.display().to_string(), "--force"],
    );
    assert!(out.status.success(), "{out:?}");
    runtime.block_on(async { worker.spawn(Effect::LoadSummary) });
    let (companies, before) = summary(&mut rx);
    assert_eq!(companies, 0, "the summary must come from the restored file");
    assert!(before.contains(&Action::DatabaseReplaced), "{before:?}");
}

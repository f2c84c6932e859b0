//! Backups: a consistent SQLite snapshot while another connection keeps writing, restore that
//! checks the file and refuses to overwrite without force, and `pg_dump` on PostgreSQL (or the
//! command to run when it is missing).
use crate::common;

use std::process::Output;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use diesel::prelude::*;
use rolo::db::schema::{companies, history};
use rolo::db::{self, DatabaseUrl, DbConn};
use rolo::domain::{CompanyDraft, Entity, HistoryAction};
use rolo::transfer::backup::{self, Backup};

fn companies_and_creations(conn: &mut DbConn) -> (i64, i64) {
    let n = companies::table.count().get_result(conn).unwrap();
    let h = history::table
        .filter(history::entity.eq(Entity::Companies))
        .filter(history::action.eq(HistoryAction::Create))
        .count()
        .get_result(conn)
        .unwrap();
    (n, h)
}

#[test]
fn sqlite_backup_is_a_consistent_snapshot_while_a_writer_runs() {
    let db = common::sqlite();
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicU64::new(0));
    let writer = {
        let pool = db.pool.clone();
        let (stop, written) = (stop.clone(), written.clone());
        std::thread::spawn(move || {
            let mut conn = pool.get().unwrap();
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                // each create is a transaction: the company and its history entry together
                rolo::db::repo::company::create(
                    &mut conn,
                    None,
                    CompanyDraft::new(format!("Co {i}")),
                )
                .unwrap();
                i += 1;
                written.store(i, Ordering::SeqCst);
            }
        })
    };
    while written.load(Ordering::SeqCst) < 20 {
        std::thread::yield_now();
    }
    let dir = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for n in 0..3 {
        let at_start = written.load(Ordering::SeqCst);
        let path = dir.path().join(format!("b{n}.db"));
        let done = backup::sqlite(&mut db.conn(), &path).unwrap();
        assert!(matches!(done, Backup::Written { ref path, bytes } if path.exists() && bytes > 0));
        let mut copy = db::conn::connect(&DatabaseUrl::Sqlite(path.clone())).unwrap();
        let (n, h) = companies_and_creations(&mut copy);
        assert_eq!(
            n, h,
            "every company in the copy has its history entry, and no entry lacks its company"
        );
        assert!(
            n as u64 >= at_start,
            "the copy has what was committed before it started"
        );
        seen.push(n);
        // a backup never overwrites
        let again = backup::sqlite(&mut db.conn(), &path).unwrap_err();
        assert!(again.to_string().contains("exists"), "{again}");
    }
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    let (total, _) = companies_and_creations(&mut db.conn());
    assert!(total >= *seen.last().unwrap());
}

#[test]
fn restore_checks_the_file_refuses_to_overwrite_and_replaces_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("rolo.db");
    let url = DatabaseUrl::Sqlite(target.clone());
    let open = || {
        let pool = db::open_pool(&url, 2).unwrap();
        db::migrate::run_pending(&mut pool.get().unwrap()).unwrap();
        pool
    };
    let pool = open();
    let create = |name: &str| {
        rolo::db::repo::company::create(&mut pool.get().unwrap(), None, CompanyDraft::new(name))
            .unwrap()
    };
    create("Before backup");
    let snapshot = dir.path().join("snap.db");
    backup::sqlite(&mut pool.get().unwrap(), &snapshot).unwrap();
    create("After backup");
    drop(pool);

    let e = backup::restore(&target, &snapshot, false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("--force"), "{e}");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database").unwrap();
    let e = backup::restore(&target, &text, true)
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a SQLite database"), "{e}");
    let foreign = dir.path().join("foreign.db");
    let mut f = diesel::SqliteConnection::establish(&foreign.to_string_lossy()).unwrap();
    diesel::sql_query("CREATE TABLE t (x INTEGER)")
        .execute(&mut f)
        .unwrap();
    drop(f);
    let e = backup::restore(&target, &foreign, true)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no rolo schema"), "{e}");
    let names = |pool: &db::Pool| -> Vec<String> {
        companies::table
            .select(companies::name)
            .order(companies::name)
            .load(&mut pool.get().unwrap())
            .unwrap()
    };
    assert_eq!(
        names(&open()),
        ["After backup", "Before backup"],
        "refused restores change nothing"
    );

    backup::restore(&target, &snapshot, true).unwrap();
    assert_eq!(names(&open()), ["Before backup"]);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restore"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn rolo(dir: &std::path::Path, db: &str, args: &[&str], path_env: Option<&str>) -> Output {
    let mut cmd = common::rolo_command();
    cmd.env("ROLO_DATA_DIR", dir)
        .env("ROLO_CONFIG", dir.join("no-config.toml"))
        .env_remove("ROLO_DATABASE_URL")
        .env_remove("ROLO_USER")
        .arg("--database")
        .arg(db)
        .args(args);
    if let Some(p) = path_env {
        cmd.env("PATH", p);
    }
    cmd.output().expect("run rolo")
}

#[test]
fn postgres_backup_runs_pg_dump_or_says_what_to_run() {
    let db = common::postgres();
    rolo::seed::demo::load(&mut db.conn(), None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("crm.dump");
    let o = rolo(
        dir.path(),
        &db.url_string(),
        &["backup", &dump.to_string_lossy()],
        None,
    );
    assert!(o.status.success(), "{o:?}");
    let bytes = std::fs::read(&dump).unwrap();
    assert!(
        bytes.starts_with(b"PGDMP"),
        "a pg_dump custom-format archive"
    );
    // without pg_dump on the PATH: nothing written, the command printed, password hidden
    let with_password =
        db.url_string()
            .replacen("postgres://postgres@", "postgres://postgres:s3cret@", 1);
    let other = dir.path().join("other.dump");
    let o = rolo(
        dir.path(),
        &with_password,
        &["backup", &other.to_string_lossy()],
        Some("/nonexistent"),
    );
    assert_eq!(o.status.code(), Some(5), "{o:?}");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.starts_with("pg_dump --format=custom --file="),
        "{stdout}"
    );
    assert!(
        stdout.contains(":***@") && !stdout.contains("s3cret"),
        "{stdout}"
    );
    assert!(!other.exists());
}

#[test]
fn sqlite_backup_and_restore_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crm.db");
    let dbs = db.to_string_lossy().into_owned();
    assert!(rolo(dir.path(), &dbs, &["seed", "demo"], None)
        .status
        .success());
    let o = rolo(dir.path(), &dbs, &["backup"], None);
    assert!(o.status.success(), "{o:?}");
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .collect();
    assert_eq!(backups.len(), 1);
    let copy = backups[0].as_ref().unwrap().path();
    let o = rolo(
        dir.path(),
        &dbs,
        &["restore", &copy.to_string_lossy()],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let o = rolo(
        dir.path(),
        &dbs,
        &["restore", &copy.to_string_lossy(), "--force"],
        None,
    );
    assert!(o.status.success(), "{o:?}");
    let o = rolo(dir.path(), &dbs, &["companies", "count"], None);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "8");
}

//! Killing the real `rolo import` half-way through a large file leaves the database exactly as it
//! was: the import is one transaction. Both backends.
use crate::common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::TestDb;
use diesel::prelude::*;
use rolo::db::schema::{companies, contacts, history, imports};
use rolo::db::DbConn;
use rolo::domain::{CompanyDraft, ContactDraft};

const ROWS: usize = 300_000;

fn counts(conn: &mut DbConn) -> [i64; 4] {
    [
        contacts::table.count().get_result(conn).unwrap(),
        companies::table.count().get_result(conn).unwrap(),
        history::table.count().get_result(conn).unwrap(),
        imports::table.count().get_result(conn).unwrap(),
    ]
}

/// The number after "import contacts: NN% read, NNN rows: NNN created".
fn created(line: &str) -> Option<u64> {
    let (_, rest) = line.split_once(" rows: ")?;
    rest.split(' ').next()?.parse().ok()
}

/// `alone`: a SQLite file this test opens only with single connections, each closed before
/// rolo runs, so the import has the file to itself and loads it through a rollback journal (see
/// `db::bulk::tuning`); otherwise the test's pool keeps connections open and it stays in WAL
/// mode.
fn kill_mid_import(db: TestDb, alone: bool) {
    let home = tempfile::tempdir().unwrap();
    let url = match alone {
        true => rolo::db::DatabaseUrl::Sqlite(home.path().join("alone.db")),
        false => db.url.clone(),
    };
    let open = || -> Box<dyn std::ops::DerefMut<Target = DbConn>> {
        match alone {
            true => Box::new(Box::new(rolo::db::conn::connect(&url).unwrap())),
            false => Box::new(db.conn()),
        }
    };
    if alone {
        rolo::db::migrate::run_pending(&mut open()).unwrap();
    }
    let mut conn = open();
    let acme = rolo::db::repo::company::create(&mut conn, None, CompanyDraft::new("Acme")).unwrap();
    let mut d = ContactDraft::new("Existing");
    d.company_id = Some(acme.id);
    rolo::db::repo::contact::create(&mut conn, None, d).unwrap();
    let before = counts(&mut conn);
    drop(conn);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    let mut text = String::with_capacity(ROWS * 60);
    text.push_str("First Name,Last Name,Email,Company\n");
    for i in 0..ROWS {
        text.push_str(&format!(
            "Person{i},Family{},person{i}@example.com,Company {}\n",
            i % 977,
            i % 1_000
        ));
    }
    std::fs::write(&file, text).unwrap();

    let mut child = common::rolo_command()
        .env("ROLO_DATA_DIR", dir.path())
        .env("ROLO_CONFIG", dir.path().join("no-config.toml"))
        .env_remove("ROLO_DATABASE_URL")
        .env_remove("ROLO_USER")
        .arg("--database")
        .arg(match &url {
            rolo::db::DatabaseUrl::Sqlite(p) => p.display().to_string(),
            _ => db.url_string(),
        })
        .args(["import", "contacts"])
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start rolo");
    let stderr = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        seen.push(line.clone());
        if created(&line).is_some_and(|n| n > 0) {
            break;
        }
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import ended before it could be killed (stderr: {seen:?}); make the file bigger"
    );
    assert!(
        seen.last().and_then(|l| created(l)).is_some_and(|n| n > 0),
        "no progress line: {seen:?}"
    );
    if let (true, rolo::db::DatabaseUrl::Sqlite(path)) = (alone, &url) {
        let journal = path.with_file_name("alone.db-journal");
        assert!(
            journal.exists(),
            "the import alone on the file did not load through a rollback journal: {:?}",
            std::fs::read_dir(path.parent().unwrap())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect::<Vec<_>>()
        );
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());

    let mut conn = open();
    assert_eq!(
        counts(&mut conn),
        before,
        "the killed import left rows behind ({:?})",
        seen.last()
    );
    if let DbConn::Sqlite(c) = &mut **conn {
        #[derive(QueryableByName)]
        struct Check {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        let check: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(c).unwrap();
        assert_eq!(check[0].integrity_check, "ok");
        #[derive(QueryableByName)]
        struct Mode {
            #[diesel(sql_type = diesel::sql_types::Text)]
            journal_mode: String,
        }
        let mode: Vec<Mode> = diesel::sql_query("PRAGMA journal_mode").load(c).unwrap();
        assert_eq!(mode[0].journal_mode, "wal");
    }
    drop(conn);
    // and the database takes the next import
    let small = dir.path().join("small.csv");
    std::fs::write(&small, "First Name,Email\nAfter,after@example.com\n").unwrap();
    let r = rolo::transfer::import(
        &mut open(),
        &rolo::transfer::ImportOptions::new(rolo::domain::Entity::Contacts, &small),
    )
    .unwrap();
    assert_eq!(r.created, 1);
}

#[test]
fn killed_import_leaves_sqlite_unchanged() {
    kill_mid_import(common::sqlite(), false);
}

#[test]
fn killed_import_through_a_rollback_journal_leaves_sqlite_unchanged() {
    kill_mid_import(common::sqlite(), true);
}

#[test]
fn killed_import_leaves_postgres_unchanged() {
    kill_mid_import(common::postgres(), false);
}

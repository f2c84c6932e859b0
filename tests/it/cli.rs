//! The real binary: demo seed counts on both backends, exit codes, and two processes racing to
//! update the same deal from the same version.
use crate::common;

use std::process::Output;

use diesel::prelude::*;
use rolo::db::repo::history;
use rolo::db::schema::{deals, pipeline_stages};
use rolo::db::DbConn;
use rolo::domain::{DealId, HistoryAction};

/// `rolo` with an isolated environment: its own data dir, no config file, no inherited settings.
fn rolo(data_dir: &std::path::Path, db: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = common::rolo_command();
    cmd.env("ROLO_DATA_DIR", data_dir)
        .env("ROLO_CONFIG", data_dir.join("no-config.toml"))
        .env_remove("ROLO_DATABASE_URL")
        .env_remove("ROLO_USER")
        .env("RUST_BACKTRACE", "1");
    if let Some(db) = db {
        cmd.arg("--database").arg(db);
    }
    cmd.args(args).output().expect("run rolo")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn counts(conn: &mut DbConn) -> [i64; 6] {
    use rolo::db::repo::*;
    let stages: i64 = pipeline_stages::table
        .filter(pipeline_stages::deleted_at.is_null())
        .count()
        .get_result(conn)
        .unwrap();
    [
        user::count(conn, Liveness::Live, None).unwrap(),
        company::count(conn, Liveness::Live, None).unwrap(),
        contact::count(conn, Liveness::Live, None).unwrap(),
        stages,
        deal::count(conn, Liveness::Live, None).unwrap(),
        activity::count(conn, Liveness::Live, None).unwrap(),
    ]
}

const DEMO: [i64; 6] = [3, 8, 6, 6, 7, 6];

fn seed_twice(db: &common::TestDb, dir: &std::path::Path, url: Option<&str>) {
    let first = rolo(dir, url, &["seed", "demo"]);
    assert!(first.status.success(), "{:?}", text(&first));
    assert!(
        text(&first)
            .0
            .contains("3 users, 6 pipeline stages, 8 companies, 6 contacts, 7 deals, 6 activities"),
        "{:?}",
        text(&first)
    );
    assert_eq!(counts(&mut db.conn()), DEMO);
    let second = rolo(dir, url, &["seed", "demo"]);
    assert!(second.status.success(), "{:?}", text(&second));
    assert!(
        text(&second).0.contains("nothing added"),
        "{:?}",
        text(&second)
    );
    assert_eq!(counts(&mut db.conn()), DEMO);
}

#[test]
fn demo_seed_on_the_default_sqlite_file_has_exact_counts_and_does_not_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let o = rolo(dir.path(), None, &["seed", "demo"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let path = dir.path().join("rolo.db");
    assert!(
        path.exists(),
        "the default database is rolo.db in the data dir"
    );
    let pool = rolo::db::open_pool(&rolo::db::DatabaseUrl::Sqlite(path), 2).unwrap();
    assert_eq!(counts(&mut pool.get().unwrap()), DEMO);
    let again = rolo(dir.path(), None, &["seed", "demo"]);
    assert!(again.status.success());
    assert_eq!(counts(&mut pool.get().unwrap()), DEMO);
    let doctor = rolo(dir.path(), None, &["doctor"]);
    let (out, _) = text(&doctor);
    assert!(doctor.status.success(), "{out}");
    assert!(out.contains("status               healthy"), "{out}");
    assert!(out.contains("companies 8/0"), "{out}");
}

#[test]
fn demo_seed_on_postgres_has_the_same_counts() {
    let db = common::postgres_empty();
    let dir = tempfile::tempdir().unwrap();
    let url = db.url_string();
    seed_twice(&db, dir.path(), Some(&url));
}

#[test]
fn demo_seed_on_an_explicit_sqlite_url() {
    let db = common::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", db.url_string());
    seed_twice(&db, dir.path(), Some(&url));
}

fn racing_updates(db: common::TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let url = db.url_string();
    assert!(rolo(dir.path(), Some(&url), &["seed", "demo"])
        .status
        .success());
    let deal: DealId = deals::table
        .filter(deals::title.eq("Meridian patient intake pilot"))
        .select(deals::id)
        .first(&mut *db.conn())
        .unwrap();
    let id = deal.to_string();
    let spawn = |value: &str| {
        common::rolo_command()
            .env("ROLO_DATA_DIR", dir.path())
            .env("ROLO_CONFIG", dir.path().join("none.toml"))
            .args([
                "--database",
                &url,
                "deals",
                "update",
                &id,
                "--if-version",
                "1",
                "--set",
            ])
            .arg(format!("value={value}"))
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| spawn("31000"));
        let b = s.spawn(|| spawn("42000"));
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    let mut codes = [a.status.code(), b.status.code()];
    codes.sort();
    assert_eq!(
        codes,
        [Some(0), Some(4)],
        "a: {:?} b: {:?}",
        text(&a),
        text(&b)
    );
    let (winner, loser) = if a.status.success() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let (_, err) = text(loser);
    assert!(
        err.contains("changed by someone else") && err.contains(&id),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let expected: i64 = if text(winner).0.contains("3100000") {
        3_100_000
    } else {
        4_200_000
    };
    let mut conn = db.conn();
    let (value, version): (i64, i32) = deals::table
        .find(deal)
        .select((deals::value, deals::version))
        .first(&mut *conn)
        .unwrap();
    assert_eq!((value, version), (expected, 2));
    let actions: Vec<_> = history::for_record(&mut conn, deal.id())
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .collect();
    assert_eq!(actions, [HistoryAction::Create, HistoryAction::Update]);
}

#[test]
fn two_processes_updating_one_deal_from_one_version_sqlite() {
    racing_updates(common::sqlite());
}

#[test]
fn two_processes_updating_one_deal_from_one_version_postgres() {
    racing_updates(common::postgres());
}

#[test]
fn exit_codes_and_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: [(&[&str], Option<&str>, i32, &str); 6] = [
        (
            &["deals", "get", "0193a3b0-0000-7000-8000-000000000000"],
            None,
            3,
            "not found",
        ),
        (&["deals", "get", "nope"], None, 2, "is not a deal id"),
        (
            &[
                "companies",
                "create",
                "--set",
                "name=Acme",
                "--set",
                "email=bob@",
            ],
            None,
            2,
            "email",
        ),
        (
            &["companies", "create", "--set", "colour=red"],
            None,
            2,
            "no field 'colour'",
        ),
        (
            &["doctor"],
            Some("postgres://postgres@127.0.0.1:1/none"),
            5,
            "cannot open the database",
        ),
        (
            &["doctor"],
            Some("mysql://root@localhost/crm"),
            2,
            "unsupported scheme 'mysql'",
        ),
    ];
    for (args, db, code, needle) in cases {
        let o = rolo(d, db, args);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?}: one line, no backtrace: {err}"
        );
    }
}

#[test]
fn a_past_interaction_created_with_an_outcome_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("rolo.db");
    let db = db.to_str().unwrap();
    let o = rolo(
        d,
        Some(db),
        &["companies", "create", "--set", "name=Acme Ltd"],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let create = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec![
            "activities",
            "create",
            "--set",
            "company=Acme Ltd",
            "--set",
            "subject=Called Ann",
            "--output",
            "json",
        ];
        args.extend_from_slice(extra);
        let o = rolo(d, Some(db), &args);
        assert!(o.status.success(), "{extra:?}: {:?}", text(&o));
        serde_json::from_str(&text(&o).0).unwrap()
    };
    let call = create(&["--set", "kind=call", "--set", "outcome=positive"]);
    assert!(!call["completed_at"].is_null(), "{call}");
    let past = create(&[
        "--set",
        "kind=email",
        "--set",
        "outcome=neutral",
        "--set",
        "due=2020-01-02 10:00",
    ]);
    assert_eq!(past["completed_at"], past["due_at"], "{past}");
    for extra in [
        &[
            "--set",
            "kind=call",
            "--set",
            "outcome=positive",
            "--set",
            "done=no",
        ][..],
        &["--set", "kind=call"][..],
        &["--set", "kind=task", "--set", "outcome=positive"][..],
        &[
            "--set",
            "kind=meeting",
            "--set",
            "outcome=positive",
            "--set",
            "due=2199-01-01 10:00",
        ][..],
    ] {
        let a = create(extra);
        assert!(a["completed_at"].is_null(), "{extra:?}: {a}");
    }
}

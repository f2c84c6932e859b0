//! What start-up does, and no more: `--version` answers before anything is built (and says what
//! clap would), a command's pool reuses the connection opened to check the database instead of
//! opening a second one, and a command still writes its log lines without a writer thread.
use crate::common;

use clap::CommandFactory;
use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::{Bool, Text};
use rolo::db::conn::{open_pool_session, Session, SqliteMmap, Timeouts};
use rolo::db::DbConn;

#[test]
fn version_answers_like_clap() {
    let expected = rolo::cli::Cli::command().render_version().to_string();
    for flag in ["--version", "-V"] {
        let out = common::rolo_command().arg(flag).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", common::describe(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{flag}");
        assert!(out.stderr.is_empty(), "{}", common::describe(&out));
    }
}

#[derive(QueryableByName)]
struct Reused {
    #[diesel(sql_type = Bool)]
    reused: bool,
}

#[derive(QueryableByName)]
struct Clock {
    #[diesel(sql_type = Text)]
    now: String,
}

/// The pool's first checkout is the connection `open_pool_session` made to report an unreachable
/// server with libpq's own words: its backend started before the pool was handed back.
#[test]
fn postgres_pool_first_checkout_reuses_the_checking_connection() {
    let db = common::postgres_empty();
    let pool = open_pool_session(
        &db.url,
        2,
        Timeouts::default(),
        SqliteMmap::Large,
        Session::default(),
    )
    .unwrap();
    let mut admin = PgConnection::establish(&common::pg_admin_url()).unwrap();
    let opened_by = sql_query("SELECT clock_timestamp()::text AS now")
        .get_result::<Clock>(&mut admin)
        .unwrap()
        .now;
    let mut conn = pool.get().unwrap();
    let DbConn::Pg(c) = &mut *conn else {
        panic!("a PostgreSQL URL gave a SQLite connection")
    };
    let reused = sql_query(
        "SELECT backend_start < $1::timestamptz AS reused FROM pg_stat_activity \
         WHERE pid = pg_backend_pid()",
    )
    .bind::<Text, _>(&opened_by)
    .get_result::<Reused>(c)
    .unwrap();
    assert!(
        reused.reused,
        "the first checkout opened a new backend after the pool was built"
    );
}

#[derive(QueryableByName)]
struct Mmap {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    mmap_size: i64,
}

/// The reused first connection got the pool's settings too (the TUI's maps no file).
#[test]
fn sqlite_first_checkout_has_the_pools_memory_map() {
    let db = common::sqlite();
    let pool = open_pool_session(
        &db.url,
        2,
        Timeouts::default(),
        SqliteMmap::Off,
        Session::default(),
    )
    .unwrap();
    let mut conn = pool.get().unwrap();
    let DbConn::Sqlite(c) = &mut *conn else {
        panic!("a SQLite path gave a PostgreSQL connection")
    };
    let map = sql_query("PRAGMA mmap_size").get_result::<Mmap>(c).unwrap();
    assert_eq!(map.mmap_size, 0);
}

/// A command writes its log lines itself (no writer thread): they are in the file at exit.
#[test]
fn a_command_still_writes_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rolo.db");
    let out = common::rolo_isolated(dir.path(), db.to_str().unwrap(), &["companies", "count"])
        .env_remove("ROLO_LOG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::describe(&out));
    let logs = dir.path().join("logs");
    let text: String = std::fs::read_dir(&logs)
        .unwrap_or_else(|e| panic!("{}: {e}", logs.display()))
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    assert!(text.contains("start"), "log: {text}");
    assert!(text.contains("Count"), "the command is logged: {text}");
}

/// `ROLO_TIMINGS=1` adds one line to stderr naming each step of a list with its milliseconds,
/// in the order they ran; without it stderr has no such line.
#[test]
fn timings_name_each_step_of_a_command_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rolo.db");
    let db = db.to_str().unwrap();
    let args = [
        "companies",
        "list",
        "--where",
        "status:customer",
        "--output",
        "ids",
    ];
    let out = common::rolo_isolated(dir.path(), db, &args)
        .env("ROLO_TIMINGS", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::describe(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("rolo: timings: "))
        .unwrap_or_else(|| panic!("no timings line: {err}"));
    let steps: Vec<&str> = line["rolo: timings: ".len()..]
        .split(" · ")
        .map(|s| {
            s.rsplit_once(' ')
                .map(|(name, ms)| {
                    assert!(ms.parse::<f64>().is_ok_and(|m| m >= 0.0), "{s} in {line}");
                    name
                })
                .unwrap_or_else(|| panic!("{s} in {line}"))
        })
        .collect();
    assert_eq!(
        steps,
        [
            "arguments",
            "config",
            "logging",
            "open and pragmas",
            "migration check",
            "user and access",
            "filter",
            "query",
            "output",
            "command",
            "total"
        ],
        "{line}"
    );
    let quiet = common::rolo_isolated(dir.path(), db, &args)
        .env_remove("ROLO_TIMINGS")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("timings"));
}

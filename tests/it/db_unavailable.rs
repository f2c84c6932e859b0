//! When the database cannot do what rolo asks, for reasons outside rolo: a read-only file, a lock
//! held by another program, a full disk, a connection lost mid-command, a server that never
//! answers, a query stuck behind a lock. Each gets its own exit code and one clear line, and
//! nothing hangs. Time limits below are hang guards, not speed assertions.
use crate::common;

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Integer;
use rolo::db::repo::company;
use rolo::db::{self, DbError};
use rolo::domain::CompanyDraft;
use rolo::error::{exit, AppError};

const BIN: &str = env!("CARGO_BIN_EXE_rolo");

fn rolo_cmd(data_dir: &Path, db: &str, args: &[&str]) -> Command {
    let mut cmd = common::rolo_isolated(data_dir, db, args);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

use common::wait_guarded;

fn run_guarded(mut cmd: Command, what: &str) -> Output {
    wait_guarded(cmd.spawn().expect("spawn"), Duration::from_secs(90), what)
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

// ---- a read-only file in a read-only folder --------------------------------------------------

/// Tests run as root, which may write anything: run rolo as `nobody` (setpriv), for whom the
/// file (0444) and its folder (0555) really are read-only.
fn as_nobody(data_dir: &Path, db: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN])
        .env(rolo::domain::clock::ENV, common::now_env())
        .env("TZ", "UTC")
        .env("ROLO_DATA_DIR", data_dir)
        .env("ROLO_CONFIG", data_dir.join("no-config.toml"))
        .env_remove("ROLO_DATABASE_URL")
        .env_remove("ROLO_USER")
        .arg("--database")
        .arg(db)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    run_guarded(cmd, "rolo as nobody")
}

#[test]
fn a_read_only_sqlite_file_opens_for_reading_and_refuses_writes() {
    let top = tempfile::tempdir().unwrap();
    chmod(top.path(), 0o755);
    let home = top.path().join("home");
    let nobody_home = top.path().join("nobody");
    let ro = top.path().join("ro");
    for d in [&home, &nobody_home, &ro] {
        std::fs::create_dir_all(d).unwrap();
    }
    chmod(&nobody_home, 0o777);
    let db = ro.join("rolo.db");
    let made = run_guarded(
        rolo_cmd(
            &home,
            &db.display().to_string(),
            &["companies", "create", "--set", "name=Acme Read Only"],
        ),
        "create",
    );
    assert!(made.status.success(), "{made:?}");
    assert!(!ro.join("rolo.db-wal").exists() && !ro.join("rolo.db-shm").exists());
    chmod(&db, 0o444);
    chmod(&ro, 0o555);
    // the setting is real: nobody cannot create a file there
    let touch = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "touch"])
        .arg(ro.join("probe"))
        .output()
        .unwrap();
    assert!(!touch.status.success(), "{touch:?}");

    let out = as_nobody(&nobody_home, &db, &["companies", "list"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(stdout.contains("Acme Read Only"), "{stdout}");
    assert!(stderr.contains("read-only"), "{stderr}");

    let out = as_nobody(
        &nobody_home,
        &db,
        &["companies", "create", "--set", "name=New"],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(exit::NOT_PERMITTED), "{out:?}");
    assert!(
        stderr.contains("read-only, so nothing was written"),
        "{stderr}"
    );
    chmod(&ro, 0o755);
}

// ---- locked, full, lost ------------------------------------------------------------------------

#[test]
fn a_database_locked_by_another_program_is_exit_5() {
    let t = common::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let mut holder = db::conn::connect(&t.url).unwrap();
    holder.batch_execute("BEGIN EXCLUSIVE").unwrap();
    let out = run_guarded(
        rolo_cmd(
            dir.path(),
            &t.url_string(),
            &["companies", "create", "--set", "name=Blocked"],
        ),
        "create under a lock",
    );
    holder.batch_execute("ROLLBACK").unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(exit::UNAVAILABLE), "{out:?}");
    assert!(stderr.contains("locked by another program"), "{stderr}");
}

#[test]
fn a_full_disk_is_exit_5() {
    let t = common::sqlite();
    let mut conn = db::conn::connect(&t.url).unwrap();
    conn.batch_execute("CREATE TABLE filler (x BLOB)").unwrap();
    #[derive(QueryableByName)]
    struct Pages {
        #[diesel(sql_type = Integer)]
        page_count: i32,
    }
    let pages: Pages = diesel::sql_query("SELECT page_count FROM pragma_page_count")
        .get_result(&mut conn)
        .unwrap();
    // SQLite's own "database or disk is full", without filling a real disk
    conn.batch_execute(&format!("PRAGMA max_page_count = {}", pages.page_count))
        .unwrap();
    let e = diesel::sql_query("INSERT INTO filler VALUES (randomblob(1000000))")
        .execute(&mut conn)
        .unwrap_err();
    let e = AppError::Db(DbError::from(e));
    assert_eq!(e.exit_code(), exit::UNAVAILABLE, "{e}");
    assert!(
        e.to_string().contains("disk holding the database is full"),
        "{e}"
    );
}

#[test]
fn a_connection_lost_mid_command_says_so() {
    let t = common::postgres();
    let mut conn = db::conn::connect(&t.url).unwrap();
    #[derive(QueryableByName)]
    struct Pid {
        #[diesel(sql_type = Integer)]
        pid: i32,
    }
    let pid: Pid = diesel::sql_query("SELECT pg_backend_pid() AS pid")
        .get_result(&mut conn)
        .unwrap();
    let mut admin = db::conn::connect(&t.url).unwrap();
    diesel::sql_query(format!("SELECT pg_terminate_backend({})", pid.pid))
        .execute(&mut admin)
        .unwrap();
    let e = company::create(&mut conn, None, CompanyDraft::new("Gone")).unwrap_err();
    let e = AppError::Db(e);
    let msg = e.to_string();
    assert_eq!(e.exit_code(), exit::UNAVAILABLE, "{msg}");
    assert!(
        msg.contains("lost the connection to the database server"),
        "{msg}"
    );
    assert!(
        !msg.contains("cannot open the database the server"),
        "{msg}"
    );
}

// ---- PostgreSQL timeouts -----------------------------------------------------------------------

#[test]
fn a_server_that_never_answers_times_out_with_exit_5() {
    // a black hole on 127.0.0.1: accepts connections, never says a word
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let url = format!("postgres://rolo@127.0.0.1:{port}/rolo");
    let mut cmd = rolo_cmd(dir.path(), &url, &["companies", "list"]);
    cmd.env("ROLO_CONNECT_TIMEOUT", "2");
    let out = run_guarded(cmd, "rolo against a black hole");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(exit::UNAVAILABLE), "{out:?}");
    assert!(stderr.contains("timeout"), "{stderr}");
}

#[test]
fn a_statement_stuck_behind_a_lock_is_cancelled_by_the_statement_timeout() {
    let t = common::postgres();
    let dir = tempfile::tempdir().unwrap();
    company::create(&mut t.conn(), None, CompanyDraft::new("Acme")).unwrap();
    let mut holder = db::conn::connect(&t.url).unwrap();
    holder
        .batch_execute("BEGIN; LOCK TABLE companies IN ACCESS EXCLUSIVE MODE;")
        .unwrap();
    let mut cmd = rolo_cmd(dir.path(), &t.url_string(), &["companies", "list"]);
    cmd.env("ROLO_STATEMENT_TIMEOUT", "1");
    let out = run_guarded(cmd, "rolo behind a lock");
    holder.batch_execute("ROLLBACK").unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(exit::UNAVAILABLE), "{out:?}");
    assert!(stderr.contains("statement timeout"), "{stderr}");
}

fn tmux(socket: &str, args: &[&str]) -> Output {
    Command::new("tmux")
        .arg("-L")
        .arg(socket)
        .args(args)
        .output()
        .expect("tmux must be installed for the end-to-end TUI tests")
}

#[test]
fn q_quits_the_tui_while_a_query_is_stuck() {
    let t = common::postgres();
    let dir = tempfile::tempdir().unwrap();
    company::create(&mut t.conn(), None, CompanyDraft::new("Acme")).unwrap();
    let mut holder = db::conn::connect(&t.url).unwrap();
    holder
        .batch_execute("BEGIN; LOCK TABLE companies IN ACCESS EXCLUSIVE MODE;")
        .unwrap();
    let socket = format!("rolo-lifecycle-{}", std::process::id());
    // no statement timeout: only `q` can end it
    let cmd = format!(
        "env ROLO_DATA_DIR={d} ROLO_CONFIG={d}/none.toml ROLO_STATEMENT_TIMEOUT=0 TERM=xterm-256color {}={} TZ=UTC {BIN} --database '{}'",
        rolo::domain::clock::ENV,
        common::now_env(),
        t.url_string(),
        d = dir.path().display(),
    );
    let out = tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-s",
            "rolo",
            "-x",
            "100",
            "-y",
            "30",
            &cmd,
        ],
    );
    assert!(out.status.success(), "{out:?}");
    // wait until the app draws (its first page is stuck behind the lock)
    let start = Instant::now();
    loop {
        let screen = tmux(&socket, &["capture-pane", "-p", "-t", "rolo"]);
        if String::from_utf8_lossy(&screen.stdout).contains("ompanies") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the TUI never drew"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    tmux(&socket, &["send-keys", "-t", "rolo", "q"]);
    let start = Instant::now();
    let quit = loop {
        if !tmux(&socket, &["has-session", "-t", "rolo"])
            .status
            .success()
        {
            break true;
        }
        if start.elapsed() > Duration::from_secs(20) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let screen = tmux(&socket, &["capture-pane", "-p", "-t", "rolo"]);
    tmux(&socket, &["kill-server"]);
    holder.batch_execute("ROLLBACK").unwrap();
    assert!(
        quit,
        "q did not end the TUI while a query was stuck:\n{}",
        String::from_utf8_lossy(&screen.stdout)
    );
}

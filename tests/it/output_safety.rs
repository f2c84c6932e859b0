//! What the real binary writes to standard output: a closed pipe ends it quietly (exit 0, no
//! panic, nothing on stderr), and text stored in the database never drives the terminal (escape
//! sequences and C1 controls are cleaned from human output always, and from CSV/JSON/vCard when
//! standard output is a terminal), while data written into a pipe stays byte-exact.

use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::SqliteConnection;

use crate::common;

const BIN: &str = env!("CARGO_BIN_EXE_rolo");
const EVIL: &str = "Evil\x1b]0;PWNED\x07\u{9b}2J";

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rolo.db");
    Env { dir, db }
}

impl Env {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = common::rolo_command();
        cmd.env("ROLO_DATA_DIR", self.dir.path())
            .env("ROLO_CONFIG", self.dir.path().join("no-config.toml"))
            .env_remove("ROLO_DATABASE_URL")
            .env_remove("ROLO_USER")
            .arg("--database")
            .arg(&self.db)
            .args(args);
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        let out = self.cmd(args).output().unwrap();
        assert!(
            out.status.success(),
            "rolo {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Run with standard output a pipe whose reading end is already closed.
    fn closed_stdout(&self, args: &[&str]) -> Output {
        // a FIFO opened for reading (without blocking), then for writing, then the reading end
        // closed: every write to `writer` fails with EPIPE, before the child even starts
        let fifo = self
            .dir
            .path()
            .join(format!("closed-{}", std::process::id()));
        let _ = std::fs::remove_file(&fifo);
        assert!(Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        const O_NONBLOCK: i32 = 0o4000;
        let reader = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(O_NONBLOCK)
            .open(&fifo)
            .unwrap();
        let writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
        drop(reader);
        std::fs::remove_file(&fifo).unwrap();
        self.cmd(args)
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .output()
            .unwrap()
    }

    /// Run on a pseudo-terminal (util-linux `script`); returns what the terminal received.
    fn on_terminal(&self, args: &[&str]) -> String {
        let mut words = vec![r#"exec "$ROLO_BIN""#.to_string()];
        for (i, _) in args.iter().enumerate() {
            words.push(format!(r#""$ROLO_ARG{i}""#));
        }
        let mut cmd = Command::new("script");
        cmd.args(["-q", "-e", "-c", &words.join(" "), "/dev/null"])
            .env("ROLO_BIN", BIN)
            .env(rolo::domain::clock::ENV, common::now_env())
            .env("TZ", "UTC")
            .env("ROLO_DATA_DIR", self.dir.path())
            .env("ROLO_CONFIG", self.dir.path().join("no-config.toml"))
            .env("ROLO_DATABASE_URL", &self.db)
            .env_remove("ROLO_USER")
            .stdin(Stdio::null());
        for (i, a) in args.iter().enumerate() {
            cmd.env(format!("ROLO_ARG{i}"), a);
        }
        let out = cmd.output().expect("util-linux script must be installed");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn sql(&self, sql: &str, value: &str) {
        let mut c = SqliteConnection::establish(&self.db.to_string_lossy()).unwrap();
        diesel::sql_query(sql)
            .bind::<Text, _>(value)
            .execute(&mut c)
            .unwrap();
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains('\x1b'),
        "{what}: ESC reached the terminal: {text:?}"
    );
    assert!(
        !text.contains('\x07'),
        "{what}: BEL reached the terminal: {text:?}"
    );
    assert!(
        !text.contains('\u{9b}'),
        "{what}: CSI reached the terminal: {text:?}"
    );
}

/// Demo data where a company, a contact, a stage and a view hold escape sequences, written by
/// another program (rolo's own validation refuses them).
fn hostile() -> (Env, String) {
    let e = env();
    e.run(&["seed", "demo"]);
    e.run(&["views", "save", "mine", "--entity", "companies"]);
    let ids = e.run(&["companies", "list", "--output", "ids", "--limit", "1"]);
    let id = stdout(&ids).trim().to_string();
    assert_eq!(id.len(), 36, "one company id: {id:?}");
    let hex = id.replace('-', "").to_uppercase();
    e.sql(
        &format!("UPDATE companies SET name = ? WHERE hex(id) = '{hex}'"),
        EVIL,
    );
    e.sql(
        "UPDATE contacts SET first_name = ? WHERE rowid = (SELECT min(rowid) FROM contacts)",
        EVIL,
    );
    e.sql("UPDATE pipeline_stages SET name = name || ?", EVIL);
    e.sql("UPDATE saved_views SET name = ?, filter = ?1", EVIL);
    (e, id)
}

#[test]
fn a_closed_stdout_ends_quietly_with_exit_0() {
    let e = env();
    e.run(&["companies", "create", "--set", "name=Acme"]);
    let ids = e.run(&["companies", "list", "--output", "ids"]);
    let id = stdout(&ids).trim().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["companies", "count"],
        vec!["companies", "get", &id],
        vec!["companies", "get", &id, "--output", "json"],
        vec!["companies", "list"],
        vec!["companies", "history", &id],
        vec!["doctor"],
        vec!["doctor", "--output", "json"],
        vec!["import", "list"],
        vec!["explain", "companies", "--where", "name:acme"],
        vec!["migrate", "--status"],
        vec!["export", "companies"],
        vec!["stages", "list"],
        vec!["agenda", "--all-owners"],
        vec!["deals", "board"],
    ];
    for args in commands {
        let o = e.closed_stdout(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            o.status.code(),
            Some(0),
            "rolo {args:?} exited {:?}: {err}",
            o.status
        );
        assert!(err.is_empty(), "rolo {args:?} wrote to stderr: {err}");
    }
}

#[test]
fn human_output_never_carries_escape_sequences() {
    let (e, id) = hostile();
    let outputs = [
        ("companies get", e.run(&["companies", "get", &id])),
        (
            "companies list",
            e.run(&["companies", "list", "--sort", "name"]),
        ),
        ("deals list", e.run(&["deals", "list"])),
        ("views list", e.run(&["views", "list"])),
        ("stages list", e.run(&["stages", "list"])),
        ("deals board", e.run(&["deals", "board"])),
    ];
    for (what, o) in outputs {
        let text = stdout(&o);
        assert_clean(what, &text);
        assert!(text.contains("\u{fffd}]0;PWNED"), "{what}: {text}");
    }
}

#[test]
fn an_import_report_does_not_echo_escapes_from_the_header() {
    let e = env();
    e.run(&["migrate"]);
    let file = e.dir.path().join("evil.csv");
    std::fs::write(&file, "name,x\x1b]0;PWNED\x07y\u{9b}\nAcme,1\n").unwrap();
    let o = e.run(&["import", "companies", &file.to_string_lossy(), "--dry-run"]);
    let text = stdout(&o);
    assert_clean("import report", &text);
    assert!(text.contains("\u{fffd}]0;PWNED"), "{text}");
}

#[test]
fn data_on_a_terminal_is_cleaned_but_stays_byte_exact_in_a_pipe() {
    let (e, _) = hostile();
    for args in [
        &["export", "companies"][..],
        &["export", "companies", "--output", "json"],
        &["export", "contacts", "--output", "vcf"],
        &["companies", "list", "--output", "csv"],
        &["companies", "list", "--output", "json"],
    ] {
        let shown = e.on_terminal(args);
        assert_clean(&format!("{args:?} on a terminal"), &shown);
        assert!(shown.contains("PWNED"), "{args:?}: {shown}");
    }
    // into a pipe the export is the data itself, so it imports back unchanged
    let piped = e.run(&["export", "companies"]);
    assert!(stdout(&piped).contains(EVIL), "{}", stdout(&piped));
    let piped = e.run(&["export", "contacts", "--output", "vcf"]);
    let vcf = stdout(&piped);
    assert!(vcf.contains("Evil\x1b]0\\;PWNED\x07"), "{vcf}");
}

#[test]
fn c1_controls_are_refused_at_input() {
    let e = env();
    let o = e
        .cmd(&["companies", "create", "--set", "name=Acme\u{9b}31m"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("name") && err.contains("control characters"),
        "{err}"
    );
    assert_clean("the error", &err);
}

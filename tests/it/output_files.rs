//! Files the user names for output (`export --file`, `backup PATH`, `import --rejects`): a
//! symlink is written through (it stays a link), a FIFO is written into (never replaced), a
//! directory is refused, backups never replace a file and a failed one leaves nothing behind;
//! `pg_dump` gets the password in its environment, never in argv.
use crate::common;

use std::os::unix::fs::{FileTypeExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output};

use rolo::transfer::backup::{pg_dump_command, PgTarget};

fn rolo(dir: &Path, db: &str, args: &[&str], path_env: Option<&Path>) -> Output {
    let mut cmd = common::rolo_command();
    cmd.env("ROLO_DATA_DIR", dir)
        .env("ROLO_CONFIG", dir.join("no-config.toml"))
        .env_remove("ROLO_DATABASE_URL")
        .env_remove("ROLO_USER")
        .env_remove("PGPASSWORD")
        .arg("--database")
        .arg(db)
        .args(args);
    if let Some(p) = path_env {
        let path = std::env::var("PATH").unwrap_or_default();
        cmd.env("PATH", format!("{}:{path}", p.display()));
    }
    cmd.output().expect("run rolo")
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{o:?}");
    o
}

fn seeded() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crm.db").to_string_lossy().into_owned();
    ok(rolo(dir.path(), &db, &["seed", "demo"], None));
    (dir, db)
}

fn mkfifo(path: &Path) {
    let s = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(s.success());
}

/// Read a FIFO while `write` runs; never hangs when `write` fails before opening it.
fn through_fifo(fifo: &Path, write: impl FnOnce() -> Output) -> (Output, Vec<u8>) {
    let reader = {
        let fifo = fifo.to_path_buf();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let out = write();
    // if the writer never opened it, opening it here (non-blocking) releases the reader
    const O_NONBLOCK: i32 = 0o4000;
    let _ = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(O_NONBLOCK)
        .open(fifo);
    (out, reader.join().unwrap())
}

fn parts_left(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect()
}

#[test]
fn export_writes_through_a_symlink_into_a_fifo_and_refuses_a_directory() {
    let (dir, db) = seeded();
    let d = dir.path();
    // what a file gets: spreadsheet-safe CSV
    let safe = ["export", "companies", "--spreadsheet-safe"];
    let expected = String::from_utf8(ok(rolo(d, &db, &safe, None)).stdout).unwrap();
    assert!(expected.starts_with('\u{feff}'));
    // a symlink to a file elsewhere: the target gets the export, the link stays a link
    let elsewhere = d.join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("real.csv"), "old").unwrap();
    std::os::unix::fs::symlink(elsewhere.join("real.csv"), d.join("link.csv")).unwrap();
    let ok_link = d.join("link.csv");
    let link_arg = ok_link.to_string_lossy().into_owned();
    ok(rolo(
        d,
        &db,
        &["export", "companies", "--file", &link_arg],
        None,
    ));
    assert!(std::fs::symlink_metadata(&ok_link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(elsewhere.join("real.csv")).unwrap(),
        expected
    );
    assert!(parts_left(d).is_empty() && parts_left(&elsewhere).is_empty());
    // a FIFO is written into and stays a FIFO
    let fifo = d.join("pipe.csv");
    mkfifo(&fifo);
    let fifo_arg = fifo.to_string_lossy().into_owned();
    let (o, got) = through_fifo(&fifo, || {
        rolo(d, &db, &["export", "companies", "--file", &fifo_arg], None)
    });
    ok(o);
    assert_eq!(String::from_utf8(got).unwrap(), expected);
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    // a directory: refused, named, exit 2
    let o = rolo(
        d,
        &db,
        &[
            "export",
            "companies",
            "--file",
            &elsewhere.to_string_lossy(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is a directory"), "{err}");
    assert!(elsewhere.join("real.csv").exists());
}

#[test]
fn rejects_file_through_a_symlink_and_a_directory_refused_before_importing() {
    let (dir, db) = seeded();
    let d = dir.path();
    let csv = d.join("in.csv");
    std::fs::write(
        &csv,
        "name,website\nGood Co,good.example\nBad Co,not a url\n",
    )
    .unwrap();
    std::fs::write(d.join("real-rejects.csv"), "").unwrap();
    std::os::unix::fs::symlink("real-rejects.csv", d.join("rejects.csv")).unwrap();
    let args = [
        "import",
        "companies",
        &csv.to_string_lossy(),
        "--skip-invalid",
        "--rejects",
        &d.join("rejects.csv").to_string_lossy(),
    ]
    .map(|s| s.to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(rolo(d, &db, &args, None));
    assert!(std::fs::symlink_metadata(d.join("rejects.csv"))
        .unwrap()
        .file_type()
        .is_symlink());
    let rejects = std::fs::read_to_string(d.join("real-rejects.csv")).unwrap();
    assert!(rejects.contains("Bad Co"), "{rejects}");
    // a directory as the rejects file: refused before anything is imported
    let count = |d: &Path| {
        let o = ok(rolo(d, &db, &["companies", "count"], None));
        String::from_utf8(o.stdout).unwrap().trim().to_string()
    };
    let before = count(d);
    std::fs::write(&csv, "name\nAnother Co\n").unwrap();
    let mut args = args.clone();
    let dir_arg = d.to_string_lossy().into_owned();
    *args.last_mut().unwrap() = &dir_arg;
    let o = rolo(d, &db, &args, None);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is a directory"), "{err}");
    assert_eq!(count(d), before, "nothing imported");
}

#[test]
fn sqlite_backup_into_a_symlink_and_a_fifo_never_over_a_file() {
    let (dir, db) = seeded();
    let d = dir.path();
    std::os::unix::fs::symlink("real.db", d.join("link.db")).unwrap();
    ok(rolo(
        d,
        &db,
        &["backup", &d.join("link.db").to_string_lossy()],
        None,
    ));
    assert!(std::fs::symlink_metadata(d.join("link.db"))
        .unwrap()
        .file_type()
        .is_symlink());
    rolo::transfer::backup::check_rolo_file(&d.join("real.db")).unwrap();
    // now the link points at a file: refused, the file untouched
    let before = std::fs::read(d.join("real.db")).unwrap();
    let o = rolo(
        d,
        &db,
        &["backup", &d.join("link.db").to_string_lossy()],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert_eq!(std::fs::read(d.join("real.db")).unwrap(), before);
    // a FIFO: the snapshot streams into it
    let fifo = d.join("backup.fifo");
    mkfifo(&fifo);
    let arg = fifo.to_string_lossy().into_owned();
    let (o, got) = through_fifo(&fifo, || rolo(d, &db, &["backup", &arg], None));
    ok(o);
    assert!(got.starts_with(b"SQLite format 3\0"), "{} bytes", got.len());
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    assert!(parts_left(d).is_empty(), "{:?}", parts_left(d));
}

/// A `pg_dump` stand-in that records its argv and `PGPASSWORD`, prints `output` and exits `code`.
fn fake_pg_dump(bin: &Path, record: &Path, output: &str, code: i32) {
    std::fs::create_dir_all(bin).unwrap();
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{rec}/argv'\nprintf '%s' \"$PGPASSWORD\" > '{rec}/password'\nprintf '{output}'\nexit {code}\n",
        rec = record.display()
    );
    let path = bin.join("pg_dump");
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn pg_dump_gets_the_password_in_its_environment_not_in_argv() {
    for (url, password, rest) in [
        (
            "postgres://alice:s3cr%40t@db.example:5433/crm?sslmode=require",
            "s3cr@t",
            "postgres://alice@db.example:5433/crm?sslmode=require",
        ),
        (
            "postgresql://bob@db.example/crm?password=s3cret&application_name=x",
            "s3cret",
            "postgresql://bob@db.example/crm?application_name=x",
        ),
    ] {
        let t = PgTarget::parse(url);
        assert_eq!(t.password.as_deref(), Some(password), "{url}");
        assert_eq!(t.url, rest);
        let cmd = pg_dump_command(url);
        for a in cmd.get_args() {
            assert!(!a.to_string_lossy().contains("s3cr"), "{a:?} in argv");
        }
        let env: Vec<_> = cmd.get_envs().collect();
        assert!(
            env.iter().any(|(k, v)| *k == "PGPASSWORD"
                && v.map(|v| v.to_string_lossy() == password) == Some(true)),
            "{env:?}"
        );
    }
    // no password: nothing set, so the user's own PGPASSWORD or ~/.pgpass applies
    let cmd = pg_dump_command("postgres://carol@db.example/crm");
    assert_eq!(cmd.get_envs().count(), 0);
}

#[test]
fn postgres_backup_through_the_binary_hides_the_password_and_a_failure_leaves_no_file() {
    let db = common::postgres();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let url = db
        .url_string()
        .replacen("postgres://postgres@", "postgres://postgres:s3cret@", 1);
    assert!(url.contains("s3cret"), "{url}");
    let (bin, record) = (d.join("bin"), d.join("record"));
    std::fs::create_dir_all(&record).unwrap();
    let dump = d.join("crm.dump");
    let dump_arg = dump.to_string_lossy().into_owned();
    // a pg_dump that fails half way: no file left, so the retry can use the same path
    fake_pg_dump(&bin, &record, "PGDMP-partial", 1);
    let o = rolo(d, &url, &["backup", &dump_arg], Some(&bin));
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(!dump.exists(), "a failed backup left {}", dump.display());
    assert!(parts_left(d).is_empty());
    fake_pg_dump(&bin, &record, "PGDMP-fake", 0);
    ok(rolo(d, &url, &["backup", &dump_arg], Some(&bin)));
    assert_eq!(std::fs::read_to_string(&dump).unwrap(), "PGDMP-fake");
    let argv = std::fs::read_to_string(record.join("argv")).unwrap();
    assert!(!argv.contains("s3cret"), "password in argv: {argv}");
    assert!(argv.contains("--dbname=postgres://postgres@"), "{argv}");
    assert_eq!(
        std::fs::read_to_string(record.join("password")).unwrap(),
        "s3cret"
    );
    // and the real pg_dump, with the password from the environment (trust auth accepts it)
    let real = d.join("real.dump");
    ok(rolo(d, &url, &["backup", &real.to_string_lossy()], None));
    assert!(std::fs::read(&real).unwrap().starts_with(b"PGDMP"));
}

//! Backups. SQLite: `VACUUM INTO` writes a consistent snapshot (one read transaction) while rolo
//! and others keep working; the copy is checked before it is reported. PostgreSQL: `pg_dump
//! --format=custom` when it is installed (the password in its environment, never in argv),
//! otherwise the exact command to run. Both write through [`OutFile`]: never over an existing
//! file, through symlinks, into FIFOs and devices, and a failure leaves no file behind. Restore (SQLite)
//! checks that the file is a rolo database, refuses to replace one without `force`, and replaces
//! it atomically: copy next to it, then rename.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;

use super::out_file::{OutFile, Overwrite};
pub use super::pg_target::PgTarget;
use super::TransferError;
use crate::db::conn::redact;
use crate::db::{migrate, BackendKind, DatabaseUrl, DbConn};

/// What a backup produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backup {
    /// A file written (by `VACUUM INTO` or `pg_dump`), with its size.
    Written { path: PathBuf, bytes: u64 },
    /// `pg_dump` is not installed: the command to run instead.
    CommandToRun(String),
}

/// A file name with the current UTC time: `rolo-20261122-140501.db`.
pub fn default_name(stem: &str, ext: &str) -> String {
    format!(
        "{stem}-{}.{ext}",
        crate::domain::clock::now().format("%Y%m%d-%H%M%S")
    )
}

/// Backups create the folder they go into.
fn make_parent(path: &Path) -> Result<(), TransferError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| TransferError::io(dir, e))?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct TextRow {
    #[diesel(sql_type = Text)]
    value: String,
}

/// A file removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `VACUUM INTO` a new (or empty) file, then check the copy.
fn snapshot(c: &mut SqliteConnection, to: &Path) -> Result<u64, TransferError> {
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(to.to_string_lossy().into_owned())
        .execute(c)?;
    check_rolo_file(to)?;
    Ok(std::fs::metadata(to)
        .map_err(|e| TransferError::io(to, e))?
        .len())
}

/// A consistent copy of a live SQLite database. Written as [`OutFile`] writes (never over an
/// existing file; through a symlink; a failure leaves nothing behind); into a FIFO or device the
/// snapshot is made in the temporary directory first, then copied.
pub fn sqlite(conn: &mut DbConn, to: &Path) -> Result<Backup, TransferError> {
    make_parent(to)?;
    let DbConn::Sqlite(c) = conn else {
        return Err(TransferError::Usage("not a SQLite database".into()));
    };
    let mut out = OutFile::create(to, Overwrite::Refuse)?;
    let bytes = match out.temp_path().map(Path::to_path_buf) {
        Some(temp) => snapshot(c, &temp)?,
        None => {
            let scratch = Scratch(
                std::env::temp_dir()
                    .join(format!("rolo-backup-{}.db", uuid::Uuid::new_v4().simple())),
            );
            snapshot(c, &scratch.0)?;
            let mut from =
                std::fs::File::open(&scratch.0).map_err(|e| TransferError::io(&scratch.0, e))?;
            std::io::copy(&mut from, &mut out).map_err(|e| out.error(e))?
        }
    };
    out.commit()?;
    Ok(Backup::Written {
        path: to.to_path_buf(),
        bytes,
    })
}

/// The `pg_dump` a backup runs: custom format on standard output, the connection without its
/// password in argv, the password (if the URL has one) in `PGPASSWORD`.
pub fn pg_dump_command(url: &str) -> Command {
    let target = PgTarget::parse(url);
    let mut cmd = Command::new("pg_dump");
    cmd.arg("--format=custom")
        .arg(format!("--dbname={}", target.url))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(pw) = target.password {
        cmd.env("PGPASSWORD", pw);
    }
    cmd
}

/// The command shown to run by hand (password redacted).
fn pg_dump_args(url: &str, to: &Path) -> Vec<String> {
    vec![
        "--format=custom".into(),
        format!("--file={}", to.display()),
        format!("--dbname={url}"),
    ]
}

/// Run `pg_dump` when installed (its output goes through [`OutFile`], so a failed dump leaves
/// nothing behind); otherwise say what to run.
pub fn postgres(url: &str, to: &Path) -> Result<Backup, TransferError> {
    make_parent(to)?;
    let shown = || {
        let args = pg_dump_args(&redact(url), to);
        format!(
            "pg_dump {}",
            args.iter()
                .map(|a| shell_quote(a))
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    let mut out = OutFile::create(to, Overwrite::Refuse)?;
    let mut child = match pg_dump_command(url).spawn() {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Backup::CommandToRun(shown()))
        }
        Err(e) => return Err(TransferError::io(Path::new("pg_dump"), e)),
    };
    let stderr = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = std::io::Read::read_to_end(&mut err, &mut text);
            text
        })
    });
    let copied = match child.stdout.take() {
        Some(mut dump) => std::io::copy(&mut dump, &mut out).map_err(|e| out.error(e)),
        None => Ok(0),
    };
    if copied.is_err() {
        let _ = child.kill();
    }
    let status = child
        .wait()
        .map_err(|e| TransferError::io(Path::new("pg_dump"), e))?;
    let errors = stderr
        .and_then(|h| h.join().ok())
        .map(|t| String::from_utf8_lossy(&t).trim().to_string())
        .unwrap_or_default();
    let bytes = copied?;
    if !status.success() {
        return Err(TransferError::Usage(format!(
            "pg_dump failed ({status}): {}\nthe command was: {}",
            redact(&errors),
            shown()
        )));
    }
    out.commit()?;
    Ok(Backup::Written {
        path: to.to_path_buf(),
        bytes,
    })
}

fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_=./:@%+,*".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Is this file a healthy rolo SQLite database? (SQLite header, `quick_check` ok, rolo's
/// migrations table with the first migration applied.) Opens it without changing it.
pub fn check_rolo_file(path: &Path) -> Result<(), TransferError> {
    let bad = |why: String| {
        TransferError::Usage(format!(
            "{} is not a usable rolo backup: {why}",
            path.display()
        ))
    };
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|e| TransferError::io(path, e))?;
    if read < 16 || &head != b"SQLite format 3\0" {
        return Err(bad("it is not a SQLite database file".into()));
    }
    let uri = format!("file:{}?mode=ro", path.display());
    let mut c = SqliteConnection::establish(&uri).map_err(|e| bad(e.to_string()))?;
    let check: Vec<TextRow> =
        diesel::sql_query("SELECT quick_check AS value FROM pragma_quick_check")
            .load(&mut c)
            .map_err(|e| bad(e.to_string()))?;
    if check.first().map(|r| r.value.as_str()) != Some("ok") {
        let problems: Vec<String> = check.into_iter().take(3).map(|r| r.value).collect();
        return Err(bad(format!(
            "integrity check failed: {}",
            problems.join("; ")
        )));
    }
    let applied: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM __diesel_schema_migrations WHERE version = '20261121000001'",
    )
    .get_result(&mut c)
    .map_err(|_| bad("it has no rolo schema (no migrations table)".into()))?;
    if applied.n != 1 {
        return Err(bad(
            "it has no rolo schema (the first migration is not applied)".into(),
        ));
    }
    // a backup of a database a newer rolo migrated would be refused after the restore
    let versions: Vec<String> =
        diesel::sql_query("SELECT version AS value FROM __diesel_schema_migrations")
            .load::<TextRow>(&mut c)
            .map_err(|e| bad(e.to_string()))?
            .into_iter()
            .map(|r| r.value)
            .collect();
    let mut newer = migrate::unknown_of(BackendKind::Sqlite, &versions)?;
    newer.sort();
    if let Some(newest) = newer.last() {
        return Err(bad(format!(
            "its schema (migration {newest}) is newer than this rolo {} knows; restore it with a \
             newer rolo",
            migrate::ROLO_VERSION
        )));
    }
    Ok(())
}

/// Replace the SQLite database at `target` with the backup at `from`.
pub fn restore(target: &Path, from: &Path, force: bool) -> Result<(), TransferError> {
    check_rolo_file(from)?;
    if same(target, from) {
        return Err(TransferError::Usage(
            "the backup is the database itself".into(),
        ));
    }
    if target.exists() && !force {
        return Err(TransferError::Usage(format!(
            "{} exists; restoring replaces it and everything in it. Back it up first (rolo backup), \
             then run restore again with --force",
            target.display()
        )));
    }
    let dir = match target.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| TransferError::io(&dir, e))?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "rolo.db".into());
    let tmp = dir.join(format!(".{name}.restore-{}", std::process::id()));
    std::fs::copy(from, &tmp).map_err(|e| TransferError::io(&tmp, e))?;
    let synced = std::fs::File::open(&tmp).and_then(|f| f.sync_all());
    if let Err(e) = synced.and_then(|_| checkpoint(target)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(TransferError::io(target, e));
    }
    // the old database's write-ahead log must not be replayed onto the restored file
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", target.display()));
        if side.exists() {
            std::fs::remove_file(&side).map_err(|e| TransferError::io(&side, e))?;
        }
    }
    std::fs::rename(&tmp, target).map_err(|e| TransferError::io(target, e))?;
    Ok(())
}

/// Fold the current database's write-ahead log into it (so nothing is left in `-wal`).
fn checkpoint(target: &Path) -> std::io::Result<()> {
    if !target.exists() {
        return Ok(());
    }
    let mut c = SqliteConnection::establish(&target.to_string_lossy())
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    c.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA wal_checkpoint(TRUNCATE);")
        .map_err(|e| std::io::Error::other(e.to_string()))
}

fn same(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Where a backup of `url` goes when no path is given: `backups/` next to a SQLite file, or in
/// the data directory for PostgreSQL.
pub fn default_path(url: &DatabaseUrl, data_dir: &Path) -> PathBuf {
    match url {
        DatabaseUrl::Sqlite(p) => {
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "rolo".into());
            dir.join("backups").join(default_name(&stem, "db"))
        }
        DatabaseUrl::Postgres(u) => {
            let db = u
                .rsplit('/')
                .next()
                .and_then(|d| d.split('?').next())
                .filter(|d| !d.is_empty())
                .unwrap_or("rolo");
            data_dir.join("backups").join(default_name(db, "dump"))
        }
    }
}

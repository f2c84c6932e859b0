//! Opening a SQLite file: the per-connection pragmas, the memory map, and the read-only fallback
//! for a file (or folder) that may not be written.

use std::fmt;
use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::sql_types::BigInt;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl};

use super::backend::{connection_reason, DbConn};
use super::replaced::remember_file;
use crate::db::error::DbError;

/// Per-connection SQLite settings: WAL, enforced foreign keys, a busy timeout and NORMAL sync.
/// Reads go through a memory map of up to 2 GiB of the file (SQLite's compiled-in maximum) instead
/// of being copied into the page cache (the TUI's pool turns the map off: [`SqliteMmap`]): on the 3 GB synthetic data set an exact count of 42,000
/// deals went from 143-168 ms to 97-112 ms. The known risk of a map: a file truncated or failing
/// with an I/O error under it ends the process with SIGBUS instead of returning an error.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 10000;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -32000;
PRAGMA mmap_size = 2147483648;";

/// How much of a SQLite file each pooled connection maps into memory (`PRAGMA mmap_size`).
/// Measured in docs/performance.md ("Memory"): a map makes scans that read many pages faster
/// (no copy into SQLite's page cache), but every connection maps the file separately and the
/// resident pages are counted again per connection, so a long-lived process's RSS grows towards
/// connections × file size. A page-cache read stays within `cache_size` per connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqliteMmap {
    /// Up to 2 GiB (SQLite's compiled-in maximum): for short-lived commands.
    Large,
    /// No map, and a page cache of 16 MB instead of 32: for the TUI, whose memory must not grow
    /// with the file. Its three pooled connections and the change watcher each fill their own
    /// cache over a long session, so the cache size is most of what the TUI holds after an hour
    /// (benches/browse.py, docs/performance.md "TUI memory after an hour").
    Off,
}

impl SqliteMmap {
    pub(super) fn pragma(self) -> &'static str {
        match self {
            SqliteMmap::Large => "PRAGMA mmap_size = 2147483648;",
            SqliteMmap::Off => "PRAGMA mmap_size = 0; PRAGMA cache_size = -16000;",
        }
    }
}

#[derive(QueryableByName)]
struct QueryOnly {
    #[diesel(sql_type = BigInt)]
    query_only: i64,
}

/// Was this SQLite connection opened read-only (the file or its folder is not writable)?
pub fn read_only(conn: &mut DbConn) -> bool {
    match conn {
        DbConn::Sqlite(c) => diesel::sql_query("SELECT query_only FROM pragma_query_only")
            .get_result::<QueryOnly>(c)
            .is_ok_and(|f| f.query_only != 0),
        DbConn::Pg(_) => false,
    }
}

/// Open a SQLite file; `read_only` (read-only mode) opens an existing file with `mode=ro` and
/// `query_only`, and refuses to create one.
pub(super) fn connect_sqlite(path: &Path, read_only: bool) -> Result<SqliteConnection, DbError> {
    let text = path.to_string_lossy();
    let unusable = |e: &dyn fmt::Display| DbError::Unavailable {
        target: text.to_string(),
        reason: format!("not a usable SQLite database: {e}"),
    };
    if read_only {
        if !path.exists() {
            return Err(DbError::Unavailable {
                target: text.to_string(),
                reason: "there is no database file here, and read-only mode does not create one"
                    .into(),
            });
        }
        return open_sqlite_read_only(path).map_err(|e| unusable(&e));
    }
    match open_sqlite(path) {
        Ok(conn) => Ok(conn),
        // an existing file we may not write (or in a folder we may not write): open it read-only
        Err(OpenError::Sql(e)) if path.exists() && is_read_only_error(&e) => {
            open_sqlite_read_only(path).map_err(|ro| {
                tracing::warn!("read-only open of {text} failed too: {ro}");
                unusable(&e)
            })
        }
        Err(OpenError::Sql(e)) => Err(unusable(&e)),
        Err(OpenError::Open(e)) => Err(e),
    }
}

enum OpenError {
    Open(DbError),
    Sql(diesel::result::Error),
}

fn is_read_only_error(e: &diesel::result::Error) -> bool {
    let m = e.to_string();
    m.contains("readonly") || m.contains("unable to open database file")
}

fn open_sqlite(path: &Path) -> Result<SqliteConnection, OpenError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            OpenError::Open(DbError::Unavailable {
                target: path.display().to_string(),
                reason: format!("cannot create directory {}: {e}", dir.display()),
            })
        })?;
    }
    let text = path.to_string_lossy();
    let mut conn = SqliteConnection::establish(&text).map_err(|e| {
        OpenError::Open(DbError::Unavailable {
            target: text.to_string(),
            reason: connection_reason(&e),
        })
    })?;
    conn.batch_execute(SQLITE_PRAGMAS).map_err(OpenError::Sql)?;
    remember_file(&mut conn, path).map_err(OpenError::Sql)?;
    Ok(conn)
}

/// Open an existing file with `mode=ro`, and `query_only` so every write is refused up front.
/// A WAL-mode file whose folder we cannot write has no `-shm` to coordinate readers through;
/// then it is opened `immutable` (no locks: nothing can be writing where nobody may write).
fn open_sqlite_read_only(path: &Path) -> Result<SqliteConnection, diesel::result::Error> {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            '%' => uri.push_str("%25"),
            c => uri.push(c),
        }
    }
    match open_uri_read_only(path, &format!("{uri}?mode=ro")) {
        Ok(conn) => Ok(conn),
        Err(e) => {
            tracing::info!("read-only open: {e}; trying it as immutable");
            open_uri_read_only(path, &format!("{uri}?mode=ro&immutable=1"))
        }
    }
}

fn open_uri_read_only(path: &Path, uri: &str) -> Result<SqliteConnection, diesel::result::Error> {
    let mut conn = SqliteConnection::establish(uri)
        .map_err(|e| diesel::result::Error::QueryBuilderError(connection_reason(&e).into()))?;
    conn.batch_execute(
        "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;",
    )?;
    // reading a page proves the file is usable before the connection is handed out
    conn.batch_execute("SELECT count(*) FROM sqlite_master;")?;
    remember_file(&mut conn, path)?;
    conn.batch_execute("PRAGMA query_only = ON;")?;
    Ok(conn)
}

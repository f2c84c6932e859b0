//! Connections and the pool. One [`DbConn`] type serves both backends (Diesel's `MultiConnection`);
//! the URL decides which: a file path or `sqlite://` is SQLite, `postgres://` is PostgreSQL.
//! We connect each backend ourselves so users see the backend's real error, not Diesel's generic one.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::sql_types::BigInt;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl};

use super::error::DbError;

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which backend a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    Sqlite,
    Postgres,
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BackendKind::Sqlite => "sqlite",
            BackendKind::Postgres => "postgres",
        })
    }
}

impl DbConn {
    pub fn backend(&self) -> BackendKind {
        match self {
            DbConn::Pg(_) => BackendKind::Postgres,
            DbConn::Sqlite(_) => BackendKind::Sqlite,
        }
    }
}

/// A parsed database location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    /// `postgres://…`/`postgresql://…` is PostgreSQL; `sqlite://PATH`, `sqlite:PATH` or a plain path is
    /// a SQLite file. An in-memory SQLite database is refused: every pooled connection would get its own.
    pub fn parse(raw: &str) -> Result<Self, DbError> {
        let s = raw.trim();
        let bad = |reason: &str| DbError::BadUrl {
            url: redact(s),
            reason: reason.to_string(),
        };
        if s.is_empty() {
            return Err(bad("it is empty"));
        }
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(s.to_string()));
        }
        let path = if let Some(rest) = s.strip_prefix("sqlite://") {
            rest
        } else if let Some(rest) = s.strip_prefix("sqlite:") {
            rest
        } else if let Some((scheme, _)) = s.split_once("://") {
            return Err(bad(&format!(
                "unsupported scheme '{scheme}' (use a file path, sqlite://PATH or postgres://…)"
            )));
        } else {
            s
        };
        if path.is_empty() {
            return Err(bad("the SQLite path is empty"));
        }
        if path == ":memory:" || path.contains("mode=memory") {
            return Err(bad(
                "an in-memory SQLite database cannot be shared by a connection pool; use a file",
            ));
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
    }

    pub fn backend(&self) -> BackendKind {
        match self {
            DatabaseUrl::Sqlite(_) => BackendKind::Sqlite,
            DatabaseUrl::Postgres(_) => BackendKind::Postgres,
        }
    }
}

impl fmt::Display for DatabaseUrl {
    /// The location without any password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(p) => write!(f, "{}", p.display()),
            DatabaseUrl::Postgres(u) => f.write_str(&redact(u)),
        }
    }
}

/// Hide the password of `scheme://user:password@host`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((auth, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

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

/// How long to wait for the database, per connection. `connect` bounds opening a PostgreSQL
/// connection (libpq `connect_timeout`, unless the URL gives one); `statement` is PostgreSQL's
/// `statement_timeout` (None: no limit), so a query stuck on the server is cancelled there.
/// TCP keepalives are always on for PostgreSQL, so a dead server is noticed on an idle link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    pub statement: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            statement: Some(Duration::from_secs(30)),
        }
    }
}

pub fn connect(url: &DatabaseUrl) -> Result<DbConn, DbError> {
    connect_with(url, &Timeouts::default())
}

pub fn connect_with(url: &DatabaseUrl, timeouts: &Timeouts) -> Result<DbConn, DbError> {
    match url {
        DatabaseUrl::Sqlite(path) => connect_sqlite(path).map(DbConn::Sqlite),
        DatabaseUrl::Postgres(u) => {
            let mut conn = PgConnection::establish(&pg_conninfo(u, timeouts)).map_err(|e| {
                DbError::Unavailable {
                    target: redact(u),
                    reason: connection_reason(&e),
                }
            })?;
            conn.batch_execute("SET TIME ZONE 'UTC'; SET application_name = 'rolo';")?;
            let ms = timeouts
                .statement
                .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
            diesel::sql_query("SELECT set_config('statement_timeout', $1, false)")
                .bind::<diesel::sql_types::Text, _>(ms.to_string())
                .execute(&mut conn)?;
            Ok(DbConn::Pg(conn))
        }
    }
}

/// The URL libpq gets: the user's, plus `connect_timeout`, TCP keepalives and `tcp_user_timeout`
/// where it does not set them itself.
pub fn pg_conninfo(url: &str, timeouts: &Timeouts) -> String {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let has = |key: &str| query.split('&').any(|kv| kv.split('=').next() == Some(key));
    let mut extra: Vec<String> = Vec::new();
    if !has("connect_timeout") {
        // libpq reads whole seconds; 0 would mean "wait forever"
        extra.push(format!(
            "connect_timeout={}",
            timeouts.connect.as_secs().max(1)
        ));
    }
    for (key, value) in [
        ("keepalives", "1"),
        ("keepalives_idle", "30"),
        ("keepalives_interval", "10"),
        ("keepalives_count", "3"),
        ("tcp_user_timeout", "60000"),
    ] {
        if !has(key) {
            extra.push(format!("{key}={value}"));
        }
    }
    if extra.is_empty() {
        return url.to_string();
    }
    let sep = match url.split_once('?') {
        None => "?",
        Some((_, q)) if q.is_empty() || q.ends_with('&') => "",
        Some(_) => "&",
    };
    format!("{url}{sep}{}", extra.join("&"))
}

/// A SQLite file's identity (device, inode): a restore that renames another file over the path
/// changes it, while connections opened before keep reading the old one.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((
        i64::from_ne_bytes(m.dev().to_ne_bytes()),
        i64::from_ne_bytes(m.ino().to_ne_bytes()),
    ))
}

#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<(i64, i64)> {
    None
}

#[derive(QueryableByName)]
struct Opened {
    #[diesel(sql_type = BigInt)]
    dev: i64,
    #[diesel(sql_type = BigInt)]
    ino: i64,
}

/// Remember, in the connection's own temp schema, which file it opened.
fn remember_file(conn: &mut SqliteConnection, path: &Path) -> Result<(), diesel::result::Error> {
    let Some((dev, ino)) = file_id(path) else {
        return Ok(());
    };
    conn.batch_execute(
        "CREATE TEMP TABLE IF NOT EXISTS rolo_opened (dev INTEGER NOT NULL, ino INTEGER NOT NULL);
         DELETE FROM temp.rolo_opened;",
    )?;
    diesel::sql_query("INSERT INTO temp.rolo_opened (dev, ino) VALUES (?, ?)")
        .bind::<BigInt, _>(dev)
        .bind::<BigInt, _>(ino)
        .execute(conn)?;
    Ok(())
}

/// Is the file at `path` still the one this connection opened? (True when unknown.)
fn same_file(conn: &mut SqliteConnection, path: &Path) -> bool {
    let opened = diesel::sql_query("SELECT dev, ino FROM temp.rolo_opened")
        .get_result::<Opened>(conn)
        .ok();
    match opened {
        Some(o) => file_id(path) == Some((o.dev, o.ino)),
        None => true,
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

fn connect_sqlite(path: &Path) -> Result<SqliteConnection, DbError> {
    let text = path.to_string_lossy();
    let unusable = |e: &dyn fmt::Display| DbError::Unavailable {
        target: text.to_string(),
        reason: format!("not a usable SQLite database: {e}"),
    };
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

fn connection_reason(e: &diesel::ConnectionError) -> String {
    match e {
        diesel::ConnectionError::BadConnection(msg) => msg.trim().replace('\n', " "),
        other => other.to_string().trim().replace('\n', " "),
    }
}

/// Run `f` in a write transaction. On SQLite it starts with `BEGIN IMMEDIATE`, taking the write
/// lock up front, so two read-then-write transactions wait for each other (busy timeout) instead of
/// failing with "database is locked". Nested calls become savepoints.
pub fn write_transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let depth = <DbConn as Connection>::TransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()
        .map_err(E::from)?;
    if depth.is_some() {
        return conn.transaction(f);
    }
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConn::Pg(_) => <DbConn as Connection>::TransactionManager::begin_transaction(conn)?,
    }
    match f(conn) {
        Ok(value) => {
            <DbConn as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            // The error that made us roll back is the one worth reporting.
            if let Err(rollback) =
                <DbConn as Connection>::TransactionManager::rollback_transaction(conn)
            {
                tracing::warn!("rollback failed: {rollback}");
            }
            Err(e)
        }
    }
}

/// r2d2 connection manager for [`DbConn`].
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
    timeouts: Timeouts,
    sqlite_mmap: SqliteMmap,
}

/// How much of a SQLite file each pooled connection maps into memory (`PRAGMA mmap_size`).
/// Measured in docs/performance.md ("Memory"): a map makes scans that read many pages faster
/// (no copy into SQLite's page cache), but every connection maps the file separately and the
/// resident pages are counted again per connection, so a long-lived process's RSS grows towards
/// connections × file size. A page-cache read stays within `cache_size` per connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqliteMmap {
    /// Up to 2 GiB (SQLite's compiled-in maximum): for short-lived commands.
    Large,
    /// No map: for the TUI, whose memory must not grow with the file.
    Off,
}

impl SqliteMmap {
    fn pragma(self) -> &'static str {
        match self {
            SqliteMmap::Large => "PRAGMA mmap_size = 2147483648;",
            SqliteMmap::Off => "PRAGMA mmap_size = 0;",
        }
    }
}

/// How many pooled SQLite connections this process dropped because the file under them was
/// replaced (a restore renamed another file over it); their replacements opened the new file.
static REPLACED: AtomicU64 = AtomicU64::new(0);

pub fn replaced_files() -> u64 {
    REPLACED.load(Ordering::Relaxed)
}

impl Manager {
    pub fn new(url: DatabaseUrl) -> Self {
        Manager::with_timeouts(url, Timeouts::default())
    }

    pub fn with_timeouts(url: DatabaseUrl, timeouts: Timeouts) -> Self {
        Manager {
            url,
            timeouts,
            sqlite_mmap: SqliteMmap::Large,
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = DbError;

    fn connect(&self) -> Result<DbConn, DbError> {
        let mut conn = connect_with(&self.url, &self.timeouts)?;
        if self.sqlite_mmap != SqliteMmap::Large {
            if let DbConn::Sqlite(c) = &mut conn {
                c.batch_execute(self.sqlite_mmap.pragma())
                    .map_err(DbError::from)?;
            }
        }
        Ok(conn)
    }

    /// Checked at every checkout: a SQLite connection whose file was replaced since it opened it
    /// is dropped (r2d2 opens a new one on the file now at the path), so nothing is written into
    /// the old, unlinked file.
    fn is_valid(&self, conn: &mut DbConn) -> Result<(), DbError> {
        if let (DbConn::Sqlite(c), DatabaseUrl::Sqlite(path)) = (&mut *conn, &self.url) {
            if !same_file(c, path) {
                REPLACED.fetch_add(1, Ordering::Relaxed);
                tracing::warn!("{} was replaced; reopening it", path.display());
                return Err(DbError::Interrupted(format!(
                    "{} was replaced by another file (a restore?)",
                    path.display()
                )));
            }
        }
        conn.batch_execute("SELECT 1").map_err(DbError::from)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        <DbConn as Connection>::TransactionManager::is_broken_transaction_manager(conn)
    }
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// Open a pool. One connection is made first, outside r2d2, so an unreachable server or an unusable
/// file is reported with the backend's own message.
pub fn open_pool(url: &DatabaseUrl, max_size: u32) -> Result<Pool, DbError> {
    open_pool_with(url, max_size, Timeouts::default())
}

/// [`open_pool`] with the given timeouts (the pool waits `timeouts.connect` for a connection).
pub fn open_pool_with(
    url: &DatabaseUrl,
    max_size: u32,
    timeouts: Timeouts,
) -> Result<Pool, DbError> {
    open_pool_mapped(url, max_size, timeouts, SqliteMmap::Large)
}

/// [`open_pool_with`], choosing how much of a SQLite file each connection maps.
pub fn open_pool_mapped(
    url: &DatabaseUrl,
    max_size: u32,
    timeouts: Timeouts,
    sqlite_mmap: SqliteMmap,
) -> Result<Pool, DbError> {
    drop(connect_with(url, &timeouts)?);
    r2d2::Pool::builder()
        .max_size(max_size.max(1))
        // no background top-up: a connection being opened on a pool thread while the process
        // exits can crash inside libpq/OpenSSL teardown
        .min_idle(Some(0))
        .connection_timeout(timeouts.connect.max(Duration::from_secs(15)))
        .error_handler(Box::new(r2d2::LoggingErrorHandler))
        .build(Manager {
            sqlite_mmap,
            ..Manager::with_timeouts(url.clone(), timeouts)
        })
        .map_err(|e| DbError::Unavailable {
            target: url.to_string(),
            reason: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("/tmp/x.db").unwrap(),
            DatabaseUrl::Sqlite("/tmp/x.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/x.db").unwrap(),
            DatabaseUrl::Sqlite("/tmp/x.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap().backend(),
            BackendKind::Postgres
        );
        let err = DatabaseUrl::parse("mysql://u:secret@h/db")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unsupported scheme 'mysql'"), "{err}");
        assert!(!err.contains("secret"), "{err}");
        assert!(DatabaseUrl::parse(":memory:").is_err());
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://bob:pw@host/db"),
            "postgres://bob:***@host/db"
        );
        assert_eq!(redact("postgres://host/db"), "postgres://host/db");
    }
}

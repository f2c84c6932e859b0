//! Connecting by URL, and the r2d2 pool of connections.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::Connection;

use super::backend::DbConn;
use super::pg::{connect_pg, Session, Timeouts};
use super::replaced::{note_replaced, same_file};
use super::sqlite::{connect_sqlite, SqliteMmap};
use super::url::DatabaseUrl;
use crate::db::error::DbError;

pub fn connect(url: &DatabaseUrl) -> Result<DbConn, DbError> {
    connect_with(url, &Timeouts::default())
}

pub fn connect_with(url: &DatabaseUrl, timeouts: &Timeouts) -> Result<DbConn, DbError> {
    connect_session(url, timeouts, &Session::default())
}

/// Connect with the session's settings (read-only mode, the name PostgreSQL is given).
pub fn connect_session(
    url: &DatabaseUrl,
    timeouts: &Timeouts,
    session: &Session,
) -> Result<DbConn, DbError> {
    match url {
        DatabaseUrl::Sqlite(path) => connect_sqlite(path, session.read_only).map(DbConn::Sqlite),
        DatabaseUrl::Postgres(u) => connect_pg(u, timeouts, session).map(DbConn::Pg),
    }
}

/// One connection outside the pool, for a long-lived reader (the change feed): a SQLite one maps
/// no file, like the TUI's pool.
pub fn connect_dedicated(url: &DatabaseUrl, timeouts: &Timeouts) -> Result<DbConn, DbError> {
    let mut conn = connect_with(url, timeouts)?;
    if let DbConn::Sqlite(c) = &mut conn {
        c.batch_execute(SqliteMmap::Off.pragma())
            .map_err(DbError::from)?;
    }
    Ok(conn)
}

/// Whether a SQLite connection still reads the file now at its path (false after a restore
/// renamed another file over it). Always true for PostgreSQL.
pub fn still_current(conn: &mut DbConn, url: &DatabaseUrl) -> bool {
    match (conn, url) {
        (DbConn::Sqlite(c), DatabaseUrl::Sqlite(path)) => same_file(c, path),
        _ => true,
    }
}

/// r2d2 connection manager for [`DbConn`].
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
    timeouts: Timeouts,
    sqlite_mmap: SqliteMmap,
    session: Session,
    first: FirstConn,
}

/// The connection [`open_pool_session`] made to check the database is reachable, handed to the
/// pool's first checkout instead of being dropped: a command opens one connection, not two (on
/// SQLite each open reads the planner statistics again; on PostgreSQL it is a connect and a
/// backend start).
#[derive(Clone, Default)]
struct FirstConn(Arc<Mutex<Option<DbConn>>>);

impl FirstConn {
    fn put(&self, conn: DbConn) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(conn);
    }

    fn take(&self) -> Option<DbConn> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

impl fmt::Debug for FirstConn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FirstConn")
    }
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
            session: Session::default(),
            first: FirstConn::default(),
        }
    }

    /// A new connection with this manager's settings (the memory map included).
    fn open(&self) -> Result<DbConn, DbError> {
        let mut conn = connect_session(&self.url, &self.timeouts, &self.session)?;
        if self.sqlite_mmap != SqliteMmap::Large {
            if let DbConn::Sqlite(c) = &mut conn {
                c.batch_execute(self.sqlite_mmap.pragma())
                    .map_err(DbError::from)?;
            }
        }
        Ok(conn)
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = DbError;

    fn connect(&self) -> Result<DbConn, DbError> {
        match self.first.take() {
            Some(conn) => Ok(conn),
            None => self.open(),
        }
    }

    /// Checked at every checkout: a SQLite connection whose file was replaced since it opened it
    /// is dropped (r2d2 opens a new one on the file now at the path), so nothing is written into
    /// the old, unlinked file.
    fn is_valid(&self, conn: &mut DbConn) -> Result<(), DbError> {
        if let (DbConn::Sqlite(c), DatabaseUrl::Sqlite(path)) = (&mut *conn, &self.url) {
            if !same_file(c, path) {
                note_replaced();
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

/// Open a pool. Its first connection is made here, outside r2d2, so an unreachable server or an
/// unusable file is reported with the backend's own message; the pool's first checkout gets it.
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
    open_pool_session(url, max_size, timeouts, sqlite_mmap, Session::default())
}

/// [`open_pool_mapped`] whose connections open with the session's settings.
pub fn open_pool_session(
    url: &DatabaseUrl,
    max_size: u32,
    timeouts: Timeouts,
    sqlite_mmap: SqliteMmap,
    session: Session,
) -> Result<Pool, DbError> {
    let manager = Manager {
        sqlite_mmap,
        session,
        ..Manager::with_timeouts(url.clone(), timeouts)
    };
    manager.first.put(manager.open()?);
    r2d2::Pool::builder()
        .max_size(max_size.max(1))
        // no background top-up: a connection being opened on a pool thread while the process
        // exits can crash inside libpq/OpenSSL teardown
        .min_idle(Some(0))
        .connection_timeout(timeouts.connect.max(Duration::from_secs(15)))
        .error_handler(Box::new(r2d2::LoggingErrorHandler))
        .build(manager)
        .map_err(|e| DbError::Unavailable {
            target: url.to_string(),
            reason: e.to_string(),
        })
}

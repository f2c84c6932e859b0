//! The one connection type over both backends, which backend it is, and the write transaction.

use std::fmt;

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel::Connection;

use crate::db::DbError;

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

/// Run `f` in a write transaction. On SQLite it starts with `BEGIN IMMEDIATE`, taking the write
/// lock up front, so two read-then-write transactions wait for each other (busy timeout) instead of
/// failing with "database is locked". Nested calls become savepoints.
pub fn write_transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<DbError>,
{
    let db = |e: diesel::result::Error| E::from(DbError::from(e));
    let depth = <DbConn as Connection>::TransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()
        .map_err(db)?;
    if depth.is_some() {
        return conn
            .transaction(|c| f(c).map_err(Nested::Inner))
            .map_err(|e| match e {
                Nested::Inner(e) => e,
                Nested::Db(e) => db(e),
            });
    }
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"),
        DbConn::Pg(_) => <DbConn as Connection>::TransactionManager::begin_transaction(conn),
    }
    .map_err(db)?;
    match f(conn) {
        Ok(value) => {
            <DbConn as Connection>::TransactionManager::commit_transaction(conn).map_err(db)?;
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

/// A nested write transaction's error (a savepoint): the caller's, or the database's.
enum Nested<E> {
    Inner(E),
    Db(diesel::result::Error),
}

impl<E> From<diesel::result::Error> for Nested<E> {
    fn from(e: diesel::result::Error) -> Self {
        Nested::Db(e)
    }
}

/// A connection error as one line: the backend's own message.
pub(super) fn connection_reason(e: &diesel::ConnectionError) -> String {
    match e {
        diesel::ConnectionError::BadConnection(msg) => msg.trim().replace('\n', " "),
        other => other.to_string().trim().replace('\n', " "),
    }
}

//! A SQLite database as a file, for backup and restore: a consistent copy of a live database
//! (`VACUUM INTO`), what a file on disk holds (integrity, rolo's applied migrations), and folding a
//! database's write-ahead log into it, each by path.

use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel::sqlite::SqliteConnection;

use crate::db::{DbConn, DbError};

/// The first migration: a file that has it applied has rolo's schema.
const FIRST_MIGRATION: &str = "20261121000001";

#[derive(QueryableByName)]
struct TextRow {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Write a consistent copy of the database `conn` is connected to into the new (or empty) file
/// `to`, in one read transaction while others keep working. SQLite only: on PostgreSQL this is
/// `DbError::Constraint`.
pub fn vacuum_into(conn: &mut DbConn, to: &Path) -> Result<(), DbError> {
    let DbConn::Sqlite(c) = conn else {
        return Err(DbError::Constraint("not a SQLite database".into()));
    };
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(to.to_string_lossy().into_owned())
        .execute(c)?;
    Ok(())
}

/// Why a file is not a rolo database (opened read-only, not changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// It could not be opened or read as SQLite (the driver's message).
    Unreadable(String),
    /// `quick_check` found problems (at most the first three).
    Damaged(Vec<String>),
    /// It has no migrations table.
    NoMigrations,
    /// Its migrations table lacks rolo's first migration.
    NotRolo,
}

/// The migration versions applied to the rolo SQLite database at `path`, after checking it
/// (`quick_check`, rolo's first migration applied). Opens it read-only.
pub fn applied_versions(path: &Path) -> Result<Vec<String>, FileProblem> {
    let unreadable = |e: &dyn std::fmt::Display| FileProblem::Unreadable(e.to_string());
    let uri = format!("file:{}?mode=ro", path.display());
    let mut c = SqliteConnection::establish(&uri).map_err(|e| unreadable(&e))?;
    let check: Vec<TextRow> =
        diesel::sql_query("SELECT quick_check AS value FROM pragma_quick_check")
            .load(&mut c)
            .map_err(|e| unreadable(&e))?;
    if check.first().map(|r| r.value.as_str()) != Some("ok") {
        return Err(FileProblem::Damaged(
            check.into_iter().take(3).map(|r| r.value).collect(),
        ));
    }
    let applied: Count =
        diesel::sql_query("SELECT count(*) AS n FROM __diesel_schema_migrations WHERE version = ?")
            .bind::<Text, _>(FIRST_MIGRATION)
            .get_result(&mut c)
            .map_err(|_| FileProblem::NoMigrations)?;
    if applied.n != 1 {
        return Err(FileProblem::NotRolo);
    }
    Ok(
        diesel::sql_query("SELECT version AS value FROM __diesel_schema_migrations")
            .load::<TextRow>(&mut c)
            .map_err(|e| unreadable(&e))?
            .into_iter()
            .map(|r| r.value)
            .collect(),
    )
}

/// Fold the write-ahead log of the SQLite database at `path` into it (so nothing is left in
/// `-wal`), waiting up to 10 s for other writers.
pub fn checkpoint(path: &Path) -> std::io::Result<()> {
    let mut c = SqliteConnection::establish(&path.to_string_lossy())
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    c.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA wal_checkpoint(TRUNCATE);")
        .map_err(|e| std::io::Error::other(e.to_string()))
}

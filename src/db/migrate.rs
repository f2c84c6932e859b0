//! Embedded migrations, one directory per backend with the same migration names.

use diesel::migration::{Migration, MigrationSource};
use diesel::pg::Pg;
use diesel::sqlite::Sqlite;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::conn::DbConn;
use super::error::DbError;

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

fn err(e: impl std::fmt::Display) -> DbError {
    DbError::Migration(e.to_string())
}

/// Apply every pending migration; returns the names applied.
pub fn run_pending(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE).map_err(err)?,
        DbConn::Pg(c) => c.run_pending_migrations(POSTGRES).map_err(err)?,
    };
    Ok(applied.iter().map(|v| v.to_string()).collect())
}

/// Names of migrations embedded in this binary but not yet applied.
pub fn pending(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    let names = match conn {
        DbConn::Sqlite(c) => c
            .pending_migrations(SQLITE)
            .map_err(err)?
            .iter()
            .map(|m| Migration::<Sqlite>::name(&**m).to_string())
            .collect(),
        DbConn::Pg(c) => c
            .pending_migrations(POSTGRES)
            .map_err(err)?
            .iter()
            .map(|m| Migration::<Pg>::name(&**m).to_string())
            .collect(),
    };
    Ok(names)
}

/// Versions applied to this database, oldest first.
pub fn applied(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    let mut versions: Vec<String> = match conn {
        DbConn::Sqlite(c) => c.applied_migrations().map_err(err)?,
        DbConn::Pg(c) => c.applied_migrations().map_err(err)?,
    }
    .iter()
    .map(|v| v.to_string())
    .collect();
    versions.sort();
    Ok(versions)
}

/// Number of migrations this binary carries for the connection's backend.
pub fn known(conn: &DbConn) -> Result<usize, DbError> {
    Ok(match conn {
        DbConn::Sqlite(_) => MigrationSource::<Sqlite>::migrations(&SQLITE)
            .map_err(err)?
            .len(),
        DbConn::Pg(_) => MigrationSource::<Pg>::migrations(&POSTGRES)
            .map_err(err)?
            .len(),
    })
}

/// Revert every applied migration (used by the up/down/up test and `rolo migrate --redo`).
pub fn revert_all(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    let reverted = match conn {
        DbConn::Sqlite(c) => c.revert_all_migrations(SQLITE).map_err(err)?,
        DbConn::Pg(c) => c.revert_all_migrations(POSTGRES).map_err(err)?,
    };
    Ok(reverted.iter().map(|v| v.to_string()).collect())
}

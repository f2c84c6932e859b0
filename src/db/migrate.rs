//! Embedded migrations, one directory per backend with the same migration names.
//!
//! Applying them is serialized between processes: on PostgreSQL under a session advisory lock, on
//! SQLite inside one `BEGIN IMMEDIATE` transaction (the write lock), and in both cases the pending
//! list is read again once the lock is held, so many first starts at once all succeed.
//!
//! Each migration row records the rolo version that applied it (an extra `rolo_version` column
//! in Diesel's `__diesel_schema_migrations`). A database with an applied migration this binary does
//! not carry is newer than this rolo: it is refused ([`DbError::NewerSchema`]), naming the rolo
//! version that applied it when known.

use diesel::migration::{Migration, MigrationSource};
use diesel::pg::Pg;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::sqlite::Sqlite;
use diesel::{QueryableByName, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::conn::{write_transaction, BackendKind, DbConn};
use super::error::DbError;
pub use super::version::ROLO_VERSION;

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// The PostgreSQL advisory lock key held while migrating ("rolomigr" in ASCII).
const PG_LOCK_KEY: i64 = 0x726f_6c6f_6d69_6772;

fn err(e: impl std::fmt::Display) -> DbError {
    DbError::Migration(e.to_string())
}

#[derive(QueryableByName)]
struct VersionRow {
    #[diesel(sql_type = Text)]
    version: String,
}

#[derive(QueryableByName)]
struct StampRow {
    #[diesel(sql_type = Text)]
    version: String,
    #[diesel(sql_type = Nullable<Text>)]
    rolo_version: Option<String>,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Setting {
    #[diesel(sql_type = Text)]
    value: String,
}

/// Versions (`20261121000001`) this binary carries for a backend, oldest first.
pub fn known_versions(backend: BackendKind) -> Result<Vec<String>, DbError> {
    let mut versions: Vec<String> = match backend {
        BackendKind::Sqlite => MigrationSource::<Sqlite>::migrations(&SQLITE)
            .map_err(err)?
            .iter()
            .map(|m| Migration::<Sqlite>::name(&**m).version().to_string())
            .collect(),
        BackendKind::Postgres => MigrationSource::<Pg>::migrations(&POSTGRES)
            .map_err(err)?
            .iter()
            .map(|m| Migration::<Pg>::name(&**m).version().to_string())
            .collect(),
    };
    versions.sort();
    Ok(versions)
}

/// Of the `applied` versions, those this binary does not know (a newer rolo applied them).
pub fn unknown_of(backend: BackendKind, applied: &[String]) -> Result<Vec<String>, DbError> {
    let known = known_versions(backend)?;
    Ok(applied
        .iter()
        .filter(|v| !known.contains(v))
        .cloned()
        .collect())
}

fn missing_table(e: &diesel::result::Error) -> bool {
    let text = e.to_string();
    text.contains("no such table") || text.contains("does not exist")
}

/// Applied versions read with a plain query (no table is created): empty when the migrations
/// table does not exist yet.
fn applied_plain(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    match diesel::sql_query("SELECT version FROM __diesel_schema_migrations")
        .load::<VersionRow>(conn)
    {
        Ok(rows) => Ok(rows.into_iter().map(|r| r.version).collect()),
        Err(e) if missing_table(&e) => Ok(Vec::new()),
        Err(e) => Err(e.into()),
    }
}

/// The rolo version recorded for each applied migration (None when no rolo recorded one).
fn stamps(conn: &mut DbConn) -> Vec<(String, Option<String>)> {
    diesel::sql_query("SELECT version, rolo_version FROM __diesel_schema_migrations")
        .load::<StampRow>(conn)
        .map(|rows| {
            rows.into_iter()
                .map(|r| (r.version, r.rolo_version))
                .collect()
        })
        .unwrap_or_default()
}

/// Applied migrations this binary does not know, newest first (empty when none).
pub fn newer(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    let applied = applied_plain(conn)?;
    let mut unknown = unknown_of(conn.backend(), &applied)?;
    unknown.sort();
    unknown.reverse();
    Ok(unknown)
}

/// Refuse a database whose schema is newer than this binary.
pub fn refuse_newer(conn: &mut DbConn) -> Result<(), DbError> {
    let unknown = newer(conn)?;
    let Some(newest) = unknown.first() else {
        return Ok(());
    };
    let needs = stamps(conn)
        .into_iter()
        .find(|(v, _)| v == newest)
        .and_then(|(_, r)| r);
    Err(DbError::NewerSchema {
        migration: newest.clone(),
        needs,
    })
}

/// Apply every pending migration; returns the versions applied. Refuses a newer schema.
pub fn run_pending(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    let known = known_versions(conn.backend())?;
    let applied = applied_plain(conn)?;
    refuse_newer(conn)?;
    if known.iter().all(|v| applied.contains(v)) {
        return Ok(Vec::new());
    }
    match conn {
        DbConn::Sqlite(_) => write_transaction(conn, apply_locked),
        DbConn::Pg(_) => with_pg_lock(conn, apply_locked),
    }
}

/// With the migration lock held: check again, apply what is still pending, record our version.
fn apply_locked(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    refuse_newer(conn)?;
    let applied: Vec<String> = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE).map_err(err)?,
        DbConn::Pg(c) => c.run_pending_migrations(POSTGRES).map_err(err)?,
    }
    .iter()
    .map(|v| v.to_string())
    .collect();
    if !applied.is_empty() {
        stamp(conn, &applied)?;
    }
    Ok(applied)
}

/// Hold the PostgreSQL advisory lock around `f`, with no statement timeout meanwhile (a long
/// migration, or the wait for another process's, is not a stuck query).
fn with_pg_lock<T>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, DbError>,
) -> Result<T, DbError> {
    let before: Setting = diesel::sql_query("SELECT current_setting('statement_timeout') AS value")
        .get_result(conn)?;
    diesel::sql_query("SELECT set_config('statement_timeout', '0', false)").execute(conn)?;
    diesel::sql_query("SELECT pg_advisory_lock($1)")
        .bind::<BigInt, _>(PG_LOCK_KEY)
        .execute(conn)?;
    let result = f(conn);
    let unlocked = diesel::sql_query("SELECT pg_advisory_unlock($1)")
        .bind::<BigInt, _>(PG_LOCK_KEY)
        .execute(conn)
        .and_then(|_| {
            diesel::sql_query("SELECT set_config('statement_timeout', $1, false)")
                .bind::<Text, _>(before.value)
                .execute(conn)
        });
    if let Err(e) = unlocked {
        tracing::warn!("releasing the migration lock: {e}");
    }
    result
}

/// Record this binary's version on the migration rows it just applied.
fn stamp(conn: &mut DbConn, versions: &[String]) -> Result<(), DbError> {
    match conn {
        DbConn::Sqlite(_) => {
            let has: Count = diesel::sql_query(
                "SELECT count(*) AS n FROM pragma_table_info('__diesel_schema_migrations') \
                 WHERE name = 'rolo_version'",
            )
            .get_result(conn)?;
            if has.n == 0 {
                diesel::sql_query(
                    "ALTER TABLE __diesel_schema_migrations ADD COLUMN rolo_version TEXT",
                )
                .execute(conn)?;
            }
            for v in versions {
                diesel::sql_query(
                    "UPDATE __diesel_schema_migrations SET rolo_version = ? WHERE version = ?",
                )
                .bind::<Text, _>(ROLO_VERSION)
                .bind::<Text, _>(v)
                .execute(conn)?;
            }
        }
        DbConn::Pg(_) => {
            diesel::sql_query(
                "ALTER TABLE __diesel_schema_migrations ADD COLUMN IF NOT EXISTS rolo_version TEXT",
            )
            .execute(conn)?;
            for v in versions {
                diesel::sql_query(
                    "UPDATE __diesel_schema_migrations SET rolo_version = $1 WHERE version = $2",
                )
                .bind::<Text, _>(ROLO_VERSION)
                .bind::<Text, _>(v)
                .execute(conn)?;
            }
        }
    }
    Ok(())
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
    Ok(known_versions(conn.backend())?.len())
}

/// Revert every applied migration (used by the up/down/up test and `rolo migrate --redo`).
pub fn revert_all(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    refuse_newer(conn)?;
    let reverted = match conn {
        DbConn::Sqlite(c) => c.revert_all_migrations(SQLITE).map_err(err)?,
        DbConn::Pg(c) => c.revert_all_migrations(POSTGRES).map_err(err)?,
    };
    Ok(reverted.iter().map(|v| v.to_string()).collect())
}

//! Embedded migrations, one directory per backend with the same migration names.
//!
//! Applying them is serialized between processes: on PostgreSQL under a transaction-scoped
//! advisory lock, in one transaction (safe behind a transaction-mode pooler), on
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

/// Does the migrations table exist? Asked, not probed: a failing query would abort the
/// transaction the migrations run in on PostgreSQL.
fn has_migrations_table(conn: &mut DbConn) -> Result<bool, DbError> {
    let sql = match conn {
        DbConn::Sqlite(_) => {
            "SELECT count(*) AS n FROM sqlite_master \
             WHERE type = 'table' AND name = '__diesel_schema_migrations'"
        }
        DbConn::Pg(_) => {
            "SELECT count(*) AS n WHERE to_regclass('__diesel_schema_migrations') IS NOT NULL"
        }
    };
    Ok(diesel::sql_query(sql).get_result::<Count>(conn)?.n > 0)
}

/// Applied versions read with a plain query (no table is created): empty when the migrations
/// table does not exist yet.
fn applied_plain(conn: &mut DbConn) -> Result<Vec<String>, DbError> {
    if !has_migrations_table(conn)? {
        return Ok(Vec::new());
    }
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
        // indexes a migration made are measured like the rest (SQLite), then the samples go: a
        // database analysed by an earlier rolo loses the samples it loads at every start
        super::bulk::tuning::analyze_new_indexes(conn)?;
        super::bulk::tuning::clear_samples(conn)?;
    }
    Ok(applied)
}

/// Run `f` in one transaction holding the PostgreSQL migration lock (a transaction-scoped
/// advisory lock, released by the commit), with no statement timeout meanwhile (a long migration,
/// or the wait for another process's, is not a stuck query). Nothing here outlives the
/// transaction, so it is safe behind a transaction-mode pooler too; each migration becomes a
/// savepoint of it, and a failing one rolls all of them back.
fn with_pg_lock<T>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, DbError>,
) -> Result<T, DbError> {
    use diesel::Connection;
    conn.transaction(|conn| {
        diesel::sql_query("SELECT set_config('statement_timeout', '0', true)").execute(conn)?;
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<BigInt, _>(PG_LOCK_KEY)
            .execute(conn)?;
        f(conn)
    })
}

/// What start-up needs to know about the schema: how many of this binary's migrations are not
/// applied, and whether this connection may apply them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaState {
    pub pending: usize,
    pub may_apply: bool,
}

#[derive(QueryableByName)]
struct Allowed {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    allowed: bool,
}

/// How far behind the schema is and whether this role may catch it up. A newer schema is
/// refused. On PostgreSQL applying needs CREATE on the schema, a session that is not read-only
/// and, once rolo's tables exist, membership in the role owning them (migrations alter them);
/// on SQLite, a connection that may write (not read-only mode, not a read-only file).
pub fn schema_state(conn: &mut DbConn) -> Result<SchemaState, DbError> {
    let known = known_versions(conn.backend())?;
    let applied = applied_plain(conn)?;
    refuse_newer(conn)?;
    let pending = known.iter().filter(|v| !applied.contains(v)).count();
    if pending == 0 {
        return Ok(SchemaState {
            pending,
            may_apply: true,
        });
    }
    let may_apply = match conn {
        DbConn::Sqlite(_) => !super::conn::read_only(conn),
        DbConn::Pg(_) => {
            diesel::sql_query(
                "SELECT has_schema_privilege(current_schema(), 'CREATE') \
                   AND NOT current_setting('default_transaction_read_only')::bool \
                   AND coalesce((SELECT pg_has_role(current_user, c.relowner, 'USAGE') \
                                 FROM pg_class c \
                                 WHERE c.oid = to_regclass('__diesel_schema_migrations')), true) \
                   AS allowed",
            )
            .get_result::<Allowed>(conn)?
            .allowed
        }
    };
    Ok(SchemaState { pending, may_apply })
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

//! What `rolo doctor` asks the database: the settings a SQLite connection runs with, its
//! integrity, a PostgreSQL server's version, zone, database and size, and every table's row
//! counts (live and soft-deleted). Fixed statements: table and pragma names are constants here.

use diesel::sql_types::{BigInt, Text};
use diesel::{QueryableByName, RunQueryDsl};

use crate::db::{DbConn, DbError};

/// Tables reported with counts, and whether they soft-delete (have `deleted_at`).
const TABLES: &[(&str, bool)] = &[
    ("users", true),
    ("companies", true),
    ("contacts", true),
    ("pipeline_stages", true),
    ("deals", true),
    ("activities", true),
    ("tags", true),
    ("saved_views", true),
    ("history", false),
];

/// SQLite settings reported: (pragma, the column its table-valued function returns).
const PRAGMAS: &[(&str, &str)] = &[
    ("journal_mode", "journal_mode"),
    ("foreign_keys", "foreign_keys"),
    ("synchronous", "synchronous"),
    ("busy_timeout", "timeout"),
    ("page_size", "page_size"),
];

#[derive(QueryableByName)]
struct TextRow {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(QueryableByName)]
struct Counts {
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = BigInt)]
    deleted: i64,
}

fn text(conn: &mut DbConn, sql: &str) -> Result<String, DbError> {
    let row: TextRow = diesel::sql_query(sql).get_result(conn)?;
    Ok(row.value)
}

/// SQLite: each reported pragma's value as text, in a fixed order.
pub fn sqlite_pragmas(conn: &mut DbConn) -> Result<Vec<(&'static str, String)>, DbError> {
    PRAGMAS
        .iter()
        .map(|(pragma, column)| {
            let sql = format!("SELECT CAST({column} AS TEXT) AS value FROM pragma_{pragma}");
            Ok((*pragma, text(conn, &sql)?))
        })
        .collect()
}

/// SQLite: the library's version.
pub fn sqlite_version(conn: &mut DbConn) -> Result<String, DbError> {
    text(conn, "SELECT sqlite_version() AS value")
}

/// SQLite: the first line of `quick_check` ("ok" when healthy).
pub fn quick_check(conn: &mut DbConn) -> Result<String, DbError> {
    text(
        conn,
        "SELECT quick_check AS value FROM pragma_quick_check LIMIT 1",
    )
}

/// PostgreSQL: what the server says about itself, as (name, value) in a fixed order: its
/// version, the session's time zone, the database and its size.
pub fn pg_server(conn: &mut DbConn) -> Result<Vec<(&'static str, String)>, DbError> {
    Ok(vec![
        (
            "server_version",
            text(conn, "SELECT current_setting('server_version') AS value")?,
        ),
        (
            "timezone",
            text(conn, "SELECT current_setting('TimeZone') AS value")?,
        ),
        (
            "database",
            text(conn, "SELECT current_database()::text AS value")?,
        ),
        (
            "size",
            text(
                conn,
                "SELECT pg_size_pretty(pg_database_size(current_database())) AS value",
            )?,
        ),
    ])
}

/// Rows of a table: how many in all, and how many of them are soft-deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowCount {
    pub table: &'static str,
    pub total: i64,
    pub deleted: i64,
}

/// Every reported table's row counts, in a fixed order.
pub fn row_counts(conn: &mut DbConn) -> Result<Vec<RowCount>, DbError> {
    TABLES
        .iter()
        .map(|(table, soft)| {
            let deleted = if *soft { "count(deleted_at)" } else { "0" };
            let sql = format!(
                "SELECT count(*) AS total, CAST({deleted} AS BIGINT) AS deleted FROM {table}"
            );
            let c: Counts = diesel::sql_query(sql).get_result(conn)?;
            Ok(RowCount {
                table,
                total: c.total,
                deleted: c.deleted,
            })
        })
        .collect()
}

//! Session settings for loading many rows: SQLite's page cache (the index B-trees of a large table
//! do not fit the default), and for the synthetic seed also no fsync per commit and rarer WAL
//! checkpoints; then the settings rolo normally runs with (see `db::conn`), and fresh statistics.
//! PostgreSQL needs none of these during a load.

use diesel::connection::SimpleConnection;
use diesel::RunQueryDsl;

use crate::db::{DbConn, DbError};

/// Which kind of load the settings are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    /// `rolo import`: a 256 MiB page cache.
    Import,
    /// `rolo seed --synthetic`: a 1 GiB page cache, no fsync per commit, rarer WAL checkpoints.
    /// This can lose the last committed batches only on an OS crash or power loss.
    Seed,
}

impl Load {
    fn sqlite_during(self) -> &'static str {
        match self {
            Load::Import => "PRAGMA cache_size = -262144;",
            Load::Seed => {
                "PRAGMA cache_size = -1048576; PRAGMA synchronous = OFF; PRAGMA wal_autocheckpoint = 100000;"
            }
        }
    }

    fn sqlite_after(self) -> &'static str {
        match self {
            Load::Import => "PRAGMA cache_size = -32000;",
            Load::Seed => {
                "PRAGMA cache_size = -32000; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 1000;"
            }
        }
    }
}

/// SQLite: switch to the load's settings (PostgreSQL: nothing).
pub fn begin(conn: &mut DbConn, load: Load) -> Result<(), DbError> {
    if let DbConn::Sqlite(c) = conn {
        c.batch_execute(load.sqlite_during())?;
    }
    Ok(())
}

/// SQLite: back to the normal settings (PostgreSQL: nothing).
pub fn end(conn: &mut DbConn, load: Load) -> Result<(), DbError> {
    if let DbConn::Sqlite(c) = conn {
        c.batch_execute(load.sqlite_after())?;
    }
    Ok(())
}

/// After a large load, SQLite: copy it from the write-ahead log into the database file now (not
/// at some later write) and gather full statistics: `PRAGMA optimize` alone samples
/// (analysis_limit) and wrote estimates such as 547 deals per company (truly 2.5), which sent
/// small related filters down the wrong index (docs/performance.md). PostgreSQL: nothing (see
/// [`vacuum_analyze`]).
pub fn settle(conn: &mut DbConn) -> Result<(), DbError> {
    if let DbConn::Sqlite(c) = conn {
        c.batch_execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA analysis_limit = 0; ANALYZE;")?;
    }
    clear_samples(conn)
}

/// SQLite: empty `sqlite_stat4`, the per-index key samples `ANALYZE` writes besides the row
/// counts of `sqlite_stat1` (the bundled SQLite is built with STAT4). Every connection loads and
/// sorts all samples when it first reads the schema: at data set L (2,074 samples) that was 18 of
/// the 29 million instructions of a whole `rolo contacts count --up-to 10`, about 6 ms of each
/// command's start. The plans of every filter in the benchmark were the same without them
/// (`rolo explain`, docs/performance.md). PostgreSQL: nothing.
pub fn clear_samples(conn: &mut DbConn) -> Result<(), DbError> {
    if let DbConn::Sqlite(c) = conn {
        let has: i64 = diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat4'",
        )
        .get_result(c)?;
        if has > 0 {
            c.batch_execute("DELETE FROM sqlite_stat4;")?;
        }
    }
    Ok(())
}

/// PostgreSQL, after a committed load: fresh planner statistics and a visibility map, so the first
/// queries pick the right indexes and index-only scans skip the heap. VACUUM runs outside a
/// transaction. SQLite: nothing.
pub fn vacuum_analyze(conn: &mut DbConn) -> Result<(), DbError> {
    if let DbConn::Pg(c) = conn {
        c.batch_execute("VACUUM (ANALYZE)")?;
    }
    Ok(())
}

#[derive(diesel::QueryableByName)]
struct IndexName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// SQLite, after migrations ran on an analysed database: the indexes they created get their row
/// counts (`sqlite_stat1`) now. Without them the planner guesses ten rows a key for the new
/// index and passes it over for an analysed one that says four, though the new one covers the
/// query: the board's totals under `company.industry:software` kept reading every matching deal
/// through `deals_company_idx` (80-115 ms CPU at data set L) instead of only the entries of
/// `deals_company_agg_live_idx` (about 50). Only tables an earlier `ANALYZE` measured are looked
/// at; a database never analysed stays so. PostgreSQL: nothing (autovacuum analyses).
pub fn analyze_new_indexes(conn: &mut DbConn) -> Result<(), DbError> {
    let DbConn::Sqlite(c) = conn else {
        return Ok(());
    };
    let has: i64 = diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'",
    )
    .get_result(c)?;
    if has == 0 {
        return Ok(());
    }
    let new: Vec<IndexName> = diesel::sql_query(
        "SELECT m.name AS name FROM sqlite_master m WHERE m.type = 'index' AND m.sql IS NOT NULL \
         AND EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.tbl = m.tbl_name) \
         AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.idx = m.name)",
    )
    .load(c)?;
    for index in new {
        // a name from the schema, not a value: ANALYZE takes no parameters
        c.batch_execute(&format!("ANALYZE \"{}\"", index.name.replace('"', "\"\"")))?;
    }
    Ok(())
}

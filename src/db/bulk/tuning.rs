//! Session settings for loading many rows: SQLite's page cache (the index B-trees of a large table
//! do not fit the default), for a bulk import a rollback journal and no memory map, and for the
//! synthetic seed no fsync per commit and rarer WAL checkpoints; then the settings rolo normally
//! runs with (see `db::conn`), and fresh statistics.
//! PostgreSQL needs none of these during a load.

use diesel::connection::SimpleConnection;
use diesel::RunQueryDsl;

use crate::db::{DbConn, DbError};

/// Which kind of load the settings are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    /// `rolo import` of a small file: a 256 MiB page cache.
    Import,
    /// `rolo import` of a file of at least [`crate::db::bulk::indexes::MIN_ROWS`] rows: a
    /// 256 MiB page cache, no memory map, and a rollback journal instead of the write-ahead log
    /// when no other connection has the database open (see [`begin`]).
    BulkImport,
    /// `rolo seed --synthetic`: a 1 GiB page cache, no fsync per commit, rarer WAL checkpoints.
    /// This can lose the last committed batches only on an OS crash or power loss.
    Seed,
}

/// How the load's connection was set up, to be undone by [`end`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tuned {
    load: Load,
    /// The load goes through a rollback journal (the database is in WAL mode again after it).
    pub rollback_journal: bool,
    /// The connection's `mmap_size` before the load, when the load turned the map off.
    mmap_before: Option<i64>,
}

impl Load {
    fn sqlite_during(self) -> &'static str {
        match self {
            Load::Import | Load::BulkImport => "PRAGMA cache_size = -262144;",
            Load::Seed => {
                "PRAGMA cache_size = -1048576; PRAGMA synchronous = OFF; PRAGMA wal_autocheckpoint = 100000;"
            }
        }
    }

    fn sqlite_after(self) -> &'static str {
        match self {
            Load::Import | Load::BulkImport => "PRAGMA cache_size = -32000;",
            Load::Seed => {
                "PRAGMA cache_size = -32000; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 1000;"
            }
        }
    }
}

#[derive(diesel::QueryableByName)]
struct JournalMode {
    #[diesel(sql_type = diesel::sql_types::Text)]
    journal_mode: String,
}

#[derive(diesel::QueryableByName)]
struct MmapSize {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    mmap_size: i64,
}

fn journal_mode(c: &mut diesel::SqliteConnection, mode: &str) -> Result<String, DbError> {
    // a keyword, not a value: PRAGMA takes no parameters
    let rows: Vec<JournalMode> =
        diesel::sql_query(format!("PRAGMA journal_mode = {mode}")).load(c)?;
    Ok(rows
        .into_iter()
        .next()
        .map(|r| r.journal_mode.to_lowercase())
        .unwrap_or_default())
}

/// SQLite: switch to the load's settings (PostgreSQL: nothing).
///
/// A bulk import goes through a rollback journal when it can. In WAL mode the one large
/// transaction's pages overflow the page cache into the log, after which every page read
/// searches the log's index, and the commit writes every page twice (log, then checkpoint);
/// with a rollback journal the new pages go straight into the file (pages added to the file
/// need no journal). Measured in docs/perf/import.md: 1,000,000 contacts in 158 s instead of
/// 544 s. Leaving WAL mode needs the database to itself: with another process holding it open
/// (a TUI's pool) or a connection reading, the switch fails and the import stays in WAL mode, as
/// before. Once switched, another process that opens the database is refused ("database is
/// locked") until the import ends, instead of reading the state before it. A killed import leaves a hot journal that the next opening
/// rolls back, so the database is as it was. The memory map is turned off for the load: with
/// it, every page written and read again was counted in the process's RSS (1.4 GB at 1,000,000
/// contacts against 0.5 GB without).
pub fn begin(conn: &mut DbConn, load: Load) -> Result<Tuned, DbError> {
    let mut tuned = Tuned {
        load,
        rollback_journal: false,
        mmap_before: None,
    };
    if let DbConn::Sqlite(c) = conn {
        c.batch_execute(load.sqlite_during())?;
        if load == Load::BulkImport {
            let before: Vec<MmapSize> = diesel::sql_query("PRAGMA mmap_size").load(c)?;
            tuned.mmap_before = Some(before.first().map_or(0, |m| m.mmap_size));
            c.batch_execute("PRAGMA mmap_size = 0;")?;
            match journal_mode(c, "DELETE") {
                Ok(mode) => tuned.rollback_journal = mode == "delete",
                Err(e) => tracing::info!("bulk import stays in WAL mode: {e}"),
            }
            if tuned.rollback_journal {
                // a rollback journal's commit is safe against power loss only with FULL
                c.batch_execute("PRAGMA synchronous = FULL;")?;
            } else {
                tracing::info!("bulk import stays in WAL mode: the database is open elsewhere");
            }
        }
    }
    Ok(tuned)
}

/// SQLite: back to the normal settings (PostgreSQL: nothing). The journal goes back to WAL; if
/// that fails (another process holds the database at that moment) the next connection that
/// opens the database switches it back, as every rolo connection does.
pub fn end(conn: &mut DbConn, tuned: Tuned) -> Result<(), DbError> {
    if let DbConn::Sqlite(c) = conn {
        c.batch_execute(tuned.load.sqlite_after())?;
        if tuned.rollback_journal {
            c.batch_execute("PRAGMA synchronous = NORMAL;")?;
            match journal_mode(c, "WAL") {
                Ok(mode) if mode == "wal" => {}
                Ok(mode) => tracing::warn!("after the import the journal is {mode}, not WAL"),
                Err(e) => tracing::warn!("after the import the journal stays: {e}"),
            }
        }
        if let Some(size) = tuned.mmap_before {
            c.batch_execute(&format!("PRAGMA mmap_size = {size};"))?;
        }
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

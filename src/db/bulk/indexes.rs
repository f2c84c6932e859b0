//! Bulk mode for large imports. Maintaining a dozen secondary indexes (and, on SQLite, the
//! full-text index through its insert trigger; on PostgreSQL, GIN trigram indexes) row by row costs
//! far more than building them once. When an import adds at least as many rows as a table already
//! has (and at least [`MIN_ROWS`]), the table's secondary indexes are dropped inside the import's
//! transaction and built again at its end, and on SQLite the full-text rows of the new records are
//! added in one statement. Indexes the import itself reads (duplicate and reference lookups) stay.
//!
//! On PostgreSQL the table's foreign keys are dropped too and added again at the end, which checks
//! them for all rows in one join instead of a trigger per row.
//!
//! The trade-off, on PostgreSQL: `DROP INDEX` locks the table (`ACCESS EXCLUSIVE`) until the
//! import commits, so other sessions wait for it (and dropping a foreign key keeps the table it
//! refers to, such as `users`, from being written until then); that is why it only happens when the import at
//! least doubles the table. On SQLite the import holds the write lock anyway and readers keep
//! reading the last committed state. Either way a failed or killed import rolls the whole thing
//! back, indexes included.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::{DbConn, DbError};

/// Below this many rows an import is not worth rebuilding indexes for.
pub const MIN_ROWS: u64 = 10_000;

#[derive(QueryableByName)]
struct Def {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    def: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A table whose indexes an import may drop, and the indexes to keep (the import's lookups).
pub struct Table {
    pub name: &'static str,
    pub keep: &'static [&'static str],
    /// SQLite: the full-text table kept by an insert trigger, with its columns.
    pub fts: Option<(&'static str, &'static str)>,
}

/// What bulk mode changed, to be put back at the end.
#[derive(Default)]
pub struct Bulk {
    /// Tables loaded in bulk: PostgreSQL gets fresh planner statistics for them at the end.
    tables: Vec<&'static str>,
    indexes: Vec<String>,
    /// PostgreSQL: (table, constraint name, definition) of the foreign keys dropped for the load
    foreign_keys: Vec<(&'static str, String, String)>,
    /// (trigger SQL, fts table, columns, table, highest rowid before the import)
    fts: Vec<(String, &'static str, &'static str, &'static str, i64)>,
}

fn rows_now(conn: &mut DbConn, table: &str) -> Result<i64, DbError> {
    let estimate = match conn {
        DbConn::Pg(_) => diesel::sql_query(format!(
            "SELECT greatest(reltuples, -1)::bigint AS n FROM pg_class WHERE oid = '{table}'::regclass"
        ))
        .get_result::<Count>(conn)?
        .n,
        DbConn::Sqlite(_) => -1,
    };
    if estimate >= 0 {
        return Ok(estimate);
    }
    Ok(
        diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
            .get_result::<Count>(conn)?
            .n,
    )
}

/// Drop the secondary indexes (and SQLite full-text triggers) of each table the import will at
/// least double. `rows` is an upper bound of the rows the import adds.
pub fn begin(conn: &mut DbConn, tables: &[Table], rows: u64) -> Result<Bulk, DbError> {
    let mut bulk = Bulk::default();
    if rows < MIN_ROWS {
        return Ok(bulk);
    }
    for t in tables {
        if rows_now(conn, t.name)?.max(0) as u64 > rows {
            continue;
        }
        let sql = match conn {
            DbConn::Sqlite(_) => format!(
                "SELECT name, sql AS def FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = '{}'",
                t.name
            ),
            DbConn::Pg(_) => format!(
                "SELECT indexname::text AS name, indexdef::text AS def FROM pg_indexes WHERE schemaname = current_schema() \
                 AND tablename = '{}' AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                t.name
            ),
        };
        if bulk.tables.is_empty() {
            if let DbConn::Pg(_) = conn {
                // The import's per-row lookups (the primary contact) are prepared statements. A
                // generic plan made while the table is nearly empty (a scan) would be kept while
                // the table grows, making the import quadratic; plan each with the current size.
                conn.batch_execute("SET LOCAL plan_cache_mode = force_custom_plan")?;
                // Without statistics (the table grew from nothing inside this transaction) the
                // planner answered a batch's 5,000-key lookups (`lower(email) = ANY(…)`, ids,
                // primaries) with a scan of every row inserted so far: 0.2 s per batch at 100,000
                // rows, a tenth of a second more with every 100,000, quadratic in the file. The
                // import only ever looks rows up by key, which its kept indexes answer.
                conn.batch_execute("SET LOCAL enable_seqscan = off")?;
            }
        }
        bulk.tables.push(t.name);
        let defs: Vec<Def> = diesel::sql_query(sql).load(conn)?;
        for d in defs
            .into_iter()
            .filter(|d| !t.keep.contains(&d.name.as_str()))
        {
            conn.batch_execute(&format!("DROP INDEX \"{}\"", d.name.replace('"', "")))?;
            bulk.indexes.push(d.def);
        }
        if let DbConn::Pg(_) = conn {
            drop_foreign_keys(conn, t.name, &mut bulk)?;
        }
        tracing::info!(
            table = t.name,
            rows,
            "bulk import: secondary indexes rebuilt at the end"
        );
        if let (DbConn::Sqlite(_), Some((fts, columns))) = (&*conn, t.fts) {
            let trigger = format!("{}_fts_ai", t.name);
            let found: Vec<Def> = diesel::sql_query(format!(
                "SELECT name, sql AS def FROM sqlite_master WHERE type = 'trigger' AND name = '{trigger}'"
            ))
            .load(conn)?;
            if let Some(d) = found.into_iter().next() {
                let max: Count =
                    diesel::sql_query(format!("SELECT coalesce(max(seq), 0) AS n FROM {}", t.name))
                        .get_result(conn)?;
                conn.batch_execute(&format!("DROP TRIGGER \"{trigger}\""))?;
                bulk.fts.push((d.def, fts, columns, t.name, max.n));
            }
        }
    }
    Ok(bulk)
}

/// PostgreSQL: drop the table's foreign keys for the load, to be added again (and so checked for
/// all rows in one join) by [`finish`]. Each inserted row otherwise runs a trigger that looks up
/// and locks (`FOR KEY SHARE`) the row it refers to: for 100,000 contacts (a company and an owner
/// each) that was 4.1 s of a 1.6 s `INSERT … SELECT`, against 0.15 s to add both keys after it.
/// Dropping a foreign key also locks the table it refers to against writes until the import
/// commits (reads go on), like the indexes dropped here.
fn drop_foreign_keys(
    conn: &mut DbConn,
    table: &'static str,
    bulk: &mut Bulk,
) -> Result<(), DbError> {
    let keys: Vec<Def> = diesel::sql_query(format!(
        "SELECT conname::text AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint \
         WHERE conrelid = '{table}'::regclass AND contype = 'f' ORDER BY conname"
    ))
    .load(conn)?;
    for k in keys {
        conn.batch_execute(&format!(
            "ALTER TABLE {table} DROP CONSTRAINT \"{}\"",
            k.name.replace('"', "")
        ))?;
        bulk.foreign_keys.push((table, k.name, k.def));
    }
    Ok(())
}

/// Add the new records' full-text rows, restore the triggers and build the indexes again.
pub fn finish(conn: &mut DbConn, bulk: Bulk) -> Result<(), DbError> {
    if let (DbConn::Pg(_), false) = (&*conn, bulk.tables.is_empty()) {
        // the foreign keys' checks below join whole tables: scans are right there
        conn.batch_execute("SET LOCAL enable_seqscan TO DEFAULT")?;
    }
    for (trigger, fts, columns, table, after) in &bulk.fts {
        conn.batch_execute(&format!(
            "INSERT INTO {fts} (rowid, {columns}) SELECT seq, {columns} FROM {table} WHERE seq > {after}; {trigger};"
        ))?;
    }
    if let DbConn::Pg(_) = conn {
        conn.batch_execute("SET LOCAL maintenance_work_mem = '256MB'")?;
    }
    for def in &bulk.indexes {
        conn.batch_execute(def)?;
    }
    for (table, name, def) in &bulk.foreign_keys {
        // checked for every row at once (one join), not by a trigger per inserted row
        conn.batch_execute(&format!(
            "ALTER TABLE {table} ADD CONSTRAINT \"{}\" {def}",
            name.replace('"', "")
        ))?;
    }
    if let DbConn::Pg(_) = conn {
        // a table that just grew from (nearly) nothing has no statistics: without them the
        // planner scans it for every page of a keyset listing (ANALYZE may run in a transaction)
        for t in &bulk.tables {
            conn.batch_execute(&format!("ANALYZE {t}"))?;
        }
    }
    Ok(())
}

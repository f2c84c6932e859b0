//! A large, deterministic, skewed data set for benchmarks: a few big owners and companies, many
//! small ones. Rows are generated in memory in batches and bulk-inserted (multi-row INSERT on
//! both backends) in one transaction, with the secondary indexes dropped first and rebuilt at the
//! end. The bulk loader writes rows directly, so it records no per-row history.

use std::time::Instant;

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use indicatif::{ProgressBar, ProgressStyle};

use crate::db::models::{NewCompany, Stage};
use crate::db::repo::stage;
use crate::db::schema::{companies, company_tags, contact_tags, deal_tags};
use crate::db::{now, write_transaction, DbConn, DbError};
use crate::domain::{StageDraft, StageKind, TagId, Tagged};

mod rows;

#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub users: u64,
    pub companies: u64,
    pub contacts: u64,
    pub deals: u64,
    pub activities: u64,
    pub seed: u64,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub rows: u64,
    pub seconds: f64,
}

impl Report {
    pub fn rate(&self) -> f64 {
        self.rows as f64 / self.seconds.max(1e-9)
    }
}

pub(crate) const BATCH: usize = 1000;

/// Insert one batch as a multi-row INSERT, dispatched per backend (Diesel's MultiConnection cannot
/// batch-insert).
macro_rules! bulk {
    ($conn:expr, $table:path, $rows:expr) => {{
        let rows = $rows;
        match $conn {
            DbConn::Sqlite(c) => diesel::insert_into($table).values(rows).execute(c)?,
            DbConn::Pg(c) => diesel::insert_into($table).values(rows).execute(c)?,
        }
    }};
}
use bulk;

/// SQLite settings for a bulk load: a 1 GiB page cache (index B-trees of a million-row table do
/// not fit the default), no fsync per commit, and rarer WAL checkpoints. This can lose the
/// last committed batches only on an OS crash or power loss; the settings are restored after.
const SQLITE_BULK: &str =
    "PRAGMA cache_size = -1048576; PRAGMA synchronous = OFF; PRAGMA wal_autocheckpoint = 100000;";
const SQLITE_NORMAL: &str =
    "PRAGMA cache_size = -32000; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 1000;";

pub fn load(conn: &mut DbConn, sizes: Sizes, progress: bool) -> Result<Report, DbError> {
    let started = Instant::now();
    let total =
        sizes.users.max(1) + sizes.companies + sizes.contacts + sizes.deals + sizes.activities;
    let bar = if progress {
        let b = ProgressBar::new(total);
        b.set_style(
            ProgressStyle::with_template(
                "{msg:>10} [{bar:40}] {pos}/{len} rows, {per_sec}, eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    if let DbConn::Sqlite(c) = conn {
        c.batch_execute(SQLITE_BULK)?;
    }
    // One transaction: indexes of the bulk tables are dropped, the rows loaded, the indexes built
    // again (a sort per index instead of millions of random B-tree inserts). Killed half-way, the
    // database is left exactly as it was.
    let result = write_transaction(conn, |conn| {
        let dropped = drop_indexes(conn)?;
        let report = rows::load_rows(conn, sizes, &bar)?;
        for (_, create) in &dropped {
            conn.batch_execute(create)?;
        }
        Ok(report)
    });
    if let DbConn::Sqlite(c) = conn {
        c.batch_execute(SQLITE_NORMAL)?;
        // Copy the load from the write-ahead log into the database file now, not at some later
        // write; the time counts as part of the load.
        // Full statistics: `PRAGMA optimize` alone samples (analysis_limit) and wrote estimates
        // such as 547 deals per company (truly 2.5), which sent small related filters down the
        // wrong index (docs/performance.md).
        c.batch_execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA analysis_limit = 0; ANALYZE;")?;
    }
    if let (DbConn::Pg(c), Ok(_)) = (&mut *conn, &result) {
        // fresh planner statistics and a visibility map, so the first queries after a load pick
        // the right indexes and index-only scans skip the heap (VACUUM runs outside a transaction)
        c.batch_execute("VACUUM (ANALYZE)")?;
    }
    bar.finish_and_clear();
    result.map(|rows| Report {
        rows,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The secondary indexes of the bulk-loaded tables, as (name, CREATE statement). Primary keys and
/// constraints stay.
#[derive(QueryableByName)]
struct IndexDef {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    def: String,
}

const BULK_TABLES: &str =
    "'companies', 'contacts', 'deals', 'activities', 'company_tags', 'contact_tags', 'deal_tags'";

fn drop_indexes(conn: &mut DbConn) -> Result<Vec<(String, String)>, DbError> {
    let sql = match conn {
        DbConn::Sqlite(_) => format!(
            "SELECT name, sql AS def FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({BULK_TABLES})"
        ),
        DbConn::Pg(_) => format!(
            "SELECT indexname::text AS name, indexdef::text AS def FROM pg_indexes WHERE schemaname = current_schema() \
             AND tablename IN ({BULK_TABLES}) AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        ),
    };
    let defs: Vec<IndexDef> = diesel::sql_query(sql).load(conn)?;
    for d in &defs {
        conn.batch_execute(&format!("DROP INDEX \"{}\"", d.name.replace('"', "")))?;
    }
    Ok(defs.into_iter().map(|d| (d.name, d.def)).collect())
}

fn flush_companies(
    conn: &mut DbConn,
    batch: &mut Vec<NewCompany>,
    bar: &ProgressBar,
) -> Result<(), DbError> {
    flush(conn, bar, batch, |c, b| Ok(bulk!(c, companies::table, b)))
}

/// Insert and clear a batch in its own transaction.
fn flush<T>(
    conn: &mut DbConn,
    bar: &ProgressBar,
    batch: &mut Vec<T>,
    insert: impl FnOnce(&mut DbConn, &Vec<T>) -> Result<usize, DbError>,
) -> Result<(), DbError> {
    if batch.is_empty() {
        return Ok(());
    }
    write_transaction(conn, |c| insert(c, batch))?;
    bar.inc(batch.len() as u64);
    batch.clear();
    Ok(())
}

/// The six default stages, created if the pipeline is empty.
pub fn ensure_stages(conn: &mut DbConn) -> Result<Vec<Stage>, DbError> {
    let existing = stage::live_ordered(conn)?;
    if !existing.is_empty() {
        return Ok(existing);
    }
    for draft in default_stages() {
        stage::create(conn, None, draft)?;
    }
    stage::live_ordered(conn)
}

pub fn default_stages() -> Vec<StageDraft> {
    let mk = |name: &str, pos, prob, kind, color: &str| {
        let mut d = StageDraft::new(name, pos, prob, kind);
        d.color = color.into();
        d
    };
    vec![
        mk("Lead", 0, 10, StageKind::Open, "gray"),
        mk("Qualified", 1, 25, StageKind::Open, "blue"),
        mk("Proposal", 2, 50, StageKind::Open, "cyan"),
        mk("Negotiation", 3, 75, StageKind::Open, "yellow"),
        mk("Won", 4, 100, StageKind::Won, "green"),
        mk("Lost", 5, 0, StageKind::Lost, "red"),
    ]
}

fn ensure_tags(conn: &mut DbConn) -> Result<Vec<TagId>, DbError> {
    crate::seed::names::TAGS
        .iter()
        .map(|t| crate::db::repo::tag::ensure(conn, None, t).map(|t| t.id))
        .collect()
}

fn attach_tags(conn: &mut DbConn, tags: &[(Tagged, TagId)]) -> Result<(), DbError> {
    let at: NaiveDateTime = now();
    for chunk in tags.chunks(BATCH) {
        let mut companies_rows = Vec::new();
        let mut contacts_rows = Vec::new();
        let mut deals_rows = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (target, tag) in chunk {
            if !seen.insert((*target, *tag)) {
                continue;
            }
            match target {
                Tagged::Company(id) => companies_rows.push((
                    company_tags::company_id.eq(*id),
                    company_tags::tag_id.eq(*tag),
                    company_tags::created_at.eq(at),
                )),
                Tagged::Contact(id) => contacts_rows.push((
                    contact_tags::contact_id.eq(*id),
                    contact_tags::tag_id.eq(*tag),
                    contact_tags::created_at.eq(at),
                )),
                Tagged::Deal(id) => deals_rows.push((
                    deal_tags::deal_id.eq(*id),
                    deal_tags::tag_id.eq(*tag),
                    deal_tags::created_at.eq(at),
                )),
            }
        }
        write_transaction(conn, |conn| -> Result<(), DbError> {
            match conn {
                DbConn::Sqlite(c) => {
                    diesel::insert_into(company_tags::table)
                        .values(&companies_rows)
                        .execute(c)?;
                    diesel::insert_into(contact_tags::table)
                        .values(&contacts_rows)
                        .execute(c)?;
                    diesel::insert_into(deal_tags::table)
                        .values(&deals_rows)
                        .execute(c)?;
                }
                DbConn::Pg(c) => {
                    diesel::insert_into(company_tags::table)
                        .values(&companies_rows)
                        .execute(c)?;
                    diesel::insert_into(contact_tags::table)
                        .values(&contacts_rows)
                        .execute(c)?;
                    diesel::insert_into(deal_tags::table)
                        .values(&deals_rows)
                        .execute(c)?;
                }
            }
            Ok(())
        })?;
    }
    Ok(())
}

//! A large, deterministic, skewed data set for benchmarks: a few big owners and companies, many
//! small ones. Rows are generated in memory in batches and bulk-inserted (multi-row INSERT on
//! both backends) in one transaction, with the secondary indexes dropped first and rebuilt at the
//! end. The bulk loader writes rows directly, so it records no per-row history.

use std::time::Instant;

use chrono::NaiveDateTime;
use indicatif::{ProgressBar, ProgressStyle};

use crate::db::bulk::tuning::{self, Load};
use crate::db::bulk::{seed, tags};
use crate::db::models::Stage;
use crate::db::repo::stage;
use crate::db::{now, write_transaction, DbConn, DbError};
use crate::domain::{StageDraft, StageKind, TagId, Tagged};

mod draw;
mod rows;
mod work;

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
    let tuned = tuning::begin(conn, Load::Seed)?;
    // One transaction: indexes of the bulk tables are dropped, the rows loaded, the indexes built
    // again (a sort per index instead of millions of random B-tree inserts). Killed half-way, the
    // database is left exactly as it was.
    let result = write_transaction(conn, |conn| {
        let dropped = seed::drop_indexes(conn)?;
        let report = rows::load_rows(conn, sizes, &bar)?;
        seed::create_indexes(conn, &dropped)?;
        Ok(report)
    });
    tuning::end(conn, tuned)?;
    // the time to settle the load (WAL checkpoint, statistics) counts as part of it
    tuning::settle(conn)?;
    if result.is_ok() {
        tuning::vacuum_analyze(conn)?;
    }
    bar.finish_and_clear();
    result.map(|rows| Report {
        rows,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Insert and clear a batch in its own transaction.
fn flush<T>(
    conn: &mut DbConn,
    bar: &ProgressBar,
    batch: &mut Vec<T>,
    insert: impl FnOnce(&mut DbConn, &[T]) -> Result<usize, DbError>,
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
        let mut seen = std::collections::HashSet::new();
        let links: Vec<(Tagged, TagId)> = chunk
            .iter()
            .copied()
            .filter(|link| seen.insert(*link))
            .collect();
        write_transaction(conn, |conn| tags::insert_links(conn, links, at))?;
    }
    Ok(())
}

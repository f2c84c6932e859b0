//! The deal board (kanban): one column per active pipeline stage, in stage order.
//!
//! * [`stage_totals`]: per stage, the number of live deals, their total value and their weighted
//!   value, **per currency** — one aggregate query (`GROUP BY stage_id, currency`) answered from
//!   the covering index `deals_stage_agg_live_idx` (or `deals_owner_stage_live_idx` under an
//!   owner filter), never by loading cards. [`pipeline_summary`] derives the open pipeline value
//!   and the weighted forecast from those totals.
//! * [`cards`]: one keyset page of a stage's deals, sorted by expected close date (dated deals
//!   first, then the undated ones) and id, with the company name, owner name and initials, and
//!   the `overdue` / `stale` flags computed for that page only.
//! * [`move_deal`]: next / previous stage (or the won / lost stage, or a given stage) in one
//!   transaction with a history entry; a stale version is a conflict, and entering a lost stage
//!   without a reason is [`MoveError::LostReasonRequired`], which a UI turns into a prompt.
//! * [`open`]: all of the above for a whole board (totals, summary and the first page of every
//!   column), for callers that want it in one call.
//!
//! Weighted value: `value × probability / 100`, with the deal's own probability when it has one
//! and else its stage's, rounded to the nearest minor unit per stage and currency.
//!
//! Filters: the totals take a compiled filter (`Option<Predicate<deals::table>>`). A card page may
//! run two statements (dated deals, then undated ones) and a board runs one per column, so those
//! take a function that builds the filter anew each time (`|| None` when there is none, or
//! `|| Some(Box::new(compiled.clone()))` for a compiled `filter::SqlPredicate`). The app layer
//! compiles the two for their purposes (`app::query::compile_board`).

use super::{Page, Predicate};
use crate::db::models::Stage;
use crate::db::schema::deals;
use crate::db::{DbConn, DbError};

mod cards;
mod moves;
mod totals;

pub use cards::{cards, initials, Card, CardOptions};
pub use moves::{move_deal, MoveError, MoveTarget};
pub use totals::{
    active_stages, pipeline_summary, stage_totals, totals_of, CurrencyTotals, PipelineSummary,
    StageTotals,
};

/// Builds the (same) deal filter for each statement that needs it.
pub trait DealFilter: Fn() -> Option<Predicate<deals::table>> {}
impl<F: Fn() -> Option<Predicate<deals::table>>> DealFilter for F {}

/// No filter: every live deal.
pub fn no_filter() -> Option<Predicate<deals::table>> {
    None
}

/// One column of the board: its stage's totals and the first page of its cards.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub totals: StageTotals,
    pub cards: Page<Card>,
}

impl Column {
    pub fn stage(&self) -> &Stage {
        &self.totals.stage
    }
}

/// A whole board: every active stage in order, and the pipeline summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Board {
    pub columns: Vec<Column>,
    pub summary: PipelineSummary,
}

/// Open the board: the totals of every active stage (one aggregate query, under `totals`), the
/// summary, and the first page of cards of every column (`opts.limit` cards each, under
/// `filter`; the names and last activities of all columns' cards are looked up together). The two
/// filters select the same deals, each written in the shape its statements run fastest.
///
/// The parts ([`active_stages`], [`totals_of`], [`first_cards`], [`assemble`]) let a caller with
/// two connections read the totals and the cards side by side (`app::board`).
pub fn open(
    conn: &mut DbConn,
    totals: impl DealFilter,
    filter: impl DealFilter,
    opts: &CardOptions,
) -> Result<Board, DbError> {
    let stages = active_stages(conn)?;
    let totals = totals_of(conn, &stages, totals)?;
    let pages = first_cards(conn, &stages, filter, opts)?;
    Ok(assemble(totals, pages))
}

/// The first page of cards of every one of `stages`, in their order; the names and last
/// activities of all of them are looked up together.
pub fn first_cards(
    conn: &mut DbConn,
    stages: &[Stage],
    filter: impl DealFilter,
    opts: &CardOptions,
) -> Result<Vec<Page<Card>>, DbError> {
    let mut pages = Vec::with_capacity(stages.len());
    for s in stages {
        pages.push(cards::deal_page(conn, s.id, &filter, None, opts.limit)?);
    }
    let stages: Vec<&Stage> = stages.iter().collect();
    cards::decorate(conn, &stages, pages, opts)
}

/// A board from the totals of its stages and their first pages of cards, in the same order (as
/// [`totals_of`] and [`first_cards`] return them for the same stages).
pub fn assemble(totals: Vec<StageTotals>, pages: Vec<Page<Card>>) -> Board {
    let summary = pipeline_summary(&totals);
    let columns = totals
        .into_iter()
        .zip(pages)
        .map(|(totals, cards)| Column { totals, cards })
        .collect();
    Board { columns, summary }
}

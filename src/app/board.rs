//! The deal board as both front ends open it: the filter compiled for the totals and for the
//! cards (`query::compile_board`), narrowed to what the user may see, and the two read side by
//! side, the totals on a second pooled connection when the pool has one to spare (at data set L
//! under a company filter each is tens of milliseconds; one after the other they add up).

use std::time::Duration;

use super::{query, Ctx};
use crate::db::repo::board::{self, Board, CardOptions};
use crate::db::repo::deal::DealPredicate;
use crate::db::{DbConn, PooledConn};
use crate::error::AppError;
use crate::filter::SqlPredicate;

/// How long to wait for a second connection the pool is still opening; past it, one connection
/// does both.
const OPENING: Duration = Duration::from_millis(250);

/// A compiled filter as each statement takes its own copy.
pub fn each(p: Option<SqlPredicate>) -> impl Fn() -> Option<DealPredicate> {
    move || p.clone().map(|p| Box::new(p) as DealPredicate)
}

/// The board of the deals matching `text`: totals of every active stage, the pipeline summary and
/// the first page of cards of every column.
pub fn open(
    ctx: &Ctx,
    conn: &mut DbConn,
    text: &str,
    opts: &CardOptions,
) -> Result<Board, AppError> {
    let f = query::compile_board(ctx, conn, text)?;
    let stages = board::active_stages(conn)?;
    let cards = each(f.cards);
    let (totals, pages) = match spare(ctx) {
        Some(mut other) => std::thread::scope(|s| {
            let stages = &stages;
            let totals = s.spawn(move || board::totals_of(&mut other, stages, each(f.totals)));
            let pages = board::first_cards(conn, stages, cards, opts);
            let totals = totals
                .join()
                .map_err(|_| AppError::Internal("the board's totals stopped unexpectedly".into()))
                .and_then(|t| t.map_err(AppError::from));
            (totals, pages)
        }),
        None => (
            board::totals_of(conn, &stages, each(f.totals)).map_err(AppError::from),
            board::first_cards(conn, &stages, cards, opts),
        ),
    };
    Ok(board::assemble(totals?, pages?))
}

/// An idle connection of the pool, or a new one when it may open one more; none when every
/// connection is busy (the caller then does the work on its own).
fn spare(ctx: &Ctx) -> Option<PooledConn> {
    if let Some(c) = ctx.pool.try_get() {
        return Some(c);
    }
    let state = ctx.pool.state();
    (state.connections < ctx.pool.max_size())
        .then(|| ctx.pool.get_timeout(OPENING).ok())
        .flatten()
}

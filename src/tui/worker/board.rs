//! The board's database work: totals and the first cards of every column, more cards of one
//! column, and moving a card. All through `repo::board`.

use crate::app::board::each;
use crate::app::Ctx;
use crate::db::repo::board::{self, Card, CardOptions, CurrencyTotals, MoveError, MoveTarget};
use crate::db::repo::deal;
use crate::db::repo::{Cursor, Page};
use crate::db::{DbConn, DbError};
use crate::domain::{money, DealId, Entity, Id, StageId};
use crate::error::AppError;
use crate::filter::Purpose;
use crate::tui::action::{MoveFailure, Moved};
use crate::tui::state::board::{BoardColumn, BoardData, CardView, Money, MoveBack, Summary, CARDS};

fn options() -> CardOptions {
    CardOptions {
        limit: i64::try_from(CARDS).unwrap_or(20),
        ..CardOptions::new(crate::db::now())
    }
}

fn money(t: &CurrencyTotals) -> Money {
    Money {
        currency: t.currency.clone(),
        value: money::format_major(t.value, &t.currency),
        weighted: money::format_major(t.weighted, &t.currency),
    }
}

fn card(c: &Card) -> CardView {
    CardView {
        id: c.id.id(),
        version: c.version,
        title: c.title.clone(),
        company: c.company.clone().unwrap_or_default(),
        value: format!(
            "{} {}",
            money::format_major(c.value, &c.currency),
            c.currency
        ),
        close: c.expected_close.map(|d| d.to_string()),
        owner: c.owner.clone().unwrap_or_default(),
        overdue: c.overdue,
        stale: c.stale,
    }
}

pub fn load(ctx: &Ctx, conn: &mut DbConn, text: &str) -> Result<BoardData, AppError> {
    // totals and cards side by side, each in its own shape (`app::board`)
    let b = crate::app::board::open(ctx, conn, text, &options())?;
    Ok(BoardData {
        filter: text.to_string(),
        columns: b
            .columns
            .iter()
            .map(|c| BoardColumn {
                stage: c.totals.stage.id.id(),
                name: c.totals.stage.fields.name.clone(),
                kind: c.totals.stage.fields.kind.to_string(),
                probability: c.totals.stage.fields.probability,
                deals: c.totals.deals,
                totals: c.totals.currencies.iter().map(money).collect(),
                cards: c.cards.rows.iter().map(card).collect(),
                next: c.cards.next.clone(),
                pending: None,
                selected: 0,
            })
            .collect(),
        summary: Summary {
            open_deals: b.summary.open_deals,
            open: b.summary.open.iter().map(money).collect(),
            won_deals: b.summary.won_deals,
            lost_deals: b.summary.lost_deals,
        },
    })
}

pub fn more(
    ctx: &Ctx,
    conn: &mut DbConn,
    text: &str,
    stage: Id,
    after: Cursor,
) -> Result<(Vec<CardView>, Option<Cursor>), AppError> {
    // a column's next page: the cards' shape only
    let f = crate::app::query::compile_for(ctx, conn, Entity::Deals, text, Purpose::Rows)?;
    let page: Page<Card> = board::cards(conn, StageId(stage), each(f), Some(after), &options())?;
    Ok((page.rows.iter().map(card).collect(), page.next))
}

pub fn move_card(
    ctx: &Ctx,
    conn: &mut DbConn,
    id: Id,
    version: i32,
    target: MoveTarget,
    reason: Option<String>,
) -> Result<Moved, MoveFailure> {
    // the deal as it is at `version`: the move only goes through from that version
    let before = deal::get_live(conn, DealId(id))
        .ok()
        .filter(|d| d.version == version);
    match board::move_deal(conn, ctx.actor, DealId(id), version, target, reason) {
        Ok(d) => {
            let undo = before.filter(|b| b.version != d.version).map(|b| MoveBack {
                version: d.version,
                from: b.version,
                place: deal::Placement::of(&b.fields),
            });
            Ok(Moved {
                stage: stage_name(conn, d.fields.stage_id),
                version: d.version,
                undo,
                undid: None,
            })
        }
        Err(MoveError::LostReasonRequired {
            stage, stage_name, ..
        }) => Err(MoveFailure::NeedsReason {
            stage: stage.id(),
            stage_name,
        }),
        Err(MoveError::Db(e @ DbError::Conflict { .. })) => {
            Err(MoveFailure::Conflict(e.to_string()))
        }
        Err(e) => Err(MoveFailure::Other(e.to_string())),
    }
}

/// Undo a move: the deal back where it was, with its status, close date and lost reason.
pub fn put_back(
    ctx: &Ctx,
    conn: &mut DbConn,
    id: Id,
    back: &MoveBack,
) -> Result<Moved, MoveFailure> {
    match deal::put_back(conn, ctx.actor, DealId(id), back.version, &back.place) {
        Ok(d) => Ok(Moved {
            stage: stage_name(conn, d.fields.stage_id),
            version: d.version,
            undo: None,
            undid: Some(back.from),
        }),
        Err(e @ DbError::Conflict { .. }) => Err(MoveFailure::Conflict(e.to_string())),
        Err(e) => Err(MoveFailure::Other(e.to_string())),
    }
}

fn stage_name(conn: &mut DbConn, stage: StageId) -> String {
    crate::db::repo::stage::get(conn, stage)
        .map(|s| s.fields.name)
        .unwrap_or_default()
}

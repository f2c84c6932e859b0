//! Pages of a pane's table: compile the filter, run the keyset query in the asked direction
//! through the entity's [`Record`], and turn records into display rows ([`PaneRecord`]: names
//! looked up once per page, a row's cells in the order of the pane's columns in the entity's
//! description). Counts, deletes and restores go through the `Record` as well; [`for_pane!`] is
//! the one place a pane meets its entity's record type.

use super::cells::PaneRecord;
use crate::app::query::{boxed, compile_for};
use crate::app::Ctx;
use crate::db::record::{self, Record};
use crate::db::repo::{ListQuery, Liveness};
use crate::db::{DbConn, DbError};
use crate::domain::describe::describe;
use crate::domain::Id;
use crate::error::AppError;
use crate::filter::Purpose;
use crate::tui::pane::PaneId;
use crate::tui::state::listing::{Count, Loaded, PageFrom, Query, Row};

/// Evaluate `$body` with `$R` standing for the record type of the entity `$pane` shows.
macro_rules! for_pane {
    ($pane:expr, $R:ident => $body:expr) => {
        match $pane {
            PaneId::Companies => {
                type $R = record::Companies;
                $body
            }
            PaneId::Contacts => {
                type $R = record::Contacts;
                $body
            }
            PaneId::Deals => {
                type $R = record::Deals;
                $body
            }
            PaneId::Activities => {
                type $R = record::Activities;
                $body
            }
        }
    };
}

/// The repository query for a page starting at `from`, and whether its rows come back reversed.
fn list_query<S: Copy>(sort: S, q: &Query, from: &PageFrom, limit: usize) -> (ListQuery<S>, bool) {
    let (after, backward) = match from {
        PageFrom::Start => (None, false),
        PageFrom::After(c) => (Some(c.clone()), false),
        PageFrom::End => (None, true),
        PageFrom::Before(c) => (Some(c.clone()), true),
        // `load` reads these with `around`, in two pages of the kinds above
        PageFrom::Around(_) => (None, false),
    };
    let lq = ListQuery {
        sort,
        descending: q.descending,
        after,
        limit: i64::try_from(limit).unwrap_or(50),
        liveness: Liveness::Live,
        backward,
    };
    let reversed = backward;
    (lq, reversed)
}

/// The repository order of the entity's sort at index `i` (the default when out of range).
fn sort_of<R: Record>(i: usize) -> Result<R::Sort, AppError> {
    let sorts = describe(R::ENTITY).sorts;
    sorts
        .get(i)
        .or(sorts.first())
        .and_then(|s| R::sort_by(s.field))
        .ok_or_else(|| AppError::Internal(format!("{}: a described sort has no order", R::ENTITY)))
}

pub fn load(
    ctx: &Ctx,
    conn: &mut DbConn,
    pane: PaneId,
    q: &Query,
    from: &PageFrom,
    limit: usize,
) -> Result<Loaded, AppError> {
    match from {
        PageFrom::Around(id) => for_pane!(pane, R => around::<R>(ctx, conn, q, *id, limit)),
        _ => for_pane!(pane, R => page::<R>(ctx, conn, q, from, limit)),
    }
}

fn page<R: PaneRecord>(
    ctx: &Ctx,
    conn: &mut DbConn,
    q: &Query,
    from: &PageFrom,
    limit: usize,
) -> Result<Loaded, AppError> {
    let sort = sort_of::<R>(q.sort)?;
    let (lq, reversed) = list_query(sort, q, from, limit);
    let f = compile_for(ctx, conn, R::ENTITY, &q.filter, Purpose::Rows)?;
    let page = R::list(conn, &lq, boxed(f))?;
    let names = R::names(conn, &ctx.access, &page.rows)?;
    let columns = describe(R::ENTITY).pane;
    let mut rows: Vec<Row> = page
        .rows
        .iter()
        .map(|r| Row {
            id: R::id_of(r),
            version: R::version(r),
            cursor: R::cursor(sort, r),
            label: R::label(r),
            cells: columns
                .iter()
                .map(|c| R::cell(r, c.field, &names))
                .collect(),
        })
        .collect();
    if reversed {
        rows.reverse();
    }
    Ok(Loaded {
        rows,
        more: page.next.is_some(),
        more_before: false,
    })
}

/// [`PageFrom::Around`]: up to half a page before the record, then a page from it. The record
/// is read only for its place in the sort order (its cursor); the rows come from the filtered
/// (and access-checked) query, so a record the filter does not list gives the first page.
fn around<R: PaneRecord>(
    ctx: &Ctx,
    conn: &mut DbConn,
    q: &Query,
    id: Id,
    limit: usize,
) -> Result<Loaded, AppError> {
    let sort = sort_of::<R>(q.sort)?;
    let row = match R::get(conn, id.into()) {
        Ok(row) => row,
        Err(DbError::NotFound { .. }) => return page::<R>(ctx, conn, q, &PageFrom::Start, limit),
        Err(e) => return Err(e.into()),
    };
    let before = page::<R>(
        ctx,
        conn,
        q,
        &PageFrom::Before(R::cursor(sort, &row)),
        (limit / 2).max(1),
    )?;
    let from = before
        .rows
        .last()
        .map_or(PageFrom::Start, |r| PageFrom::After(r.cursor.clone()));
    let after = page::<R>(ctx, conn, q, &from, limit)?;
    if after.rows.first().map(|r| r.id) != Some(id) {
        return page::<R>(ctx, conn, q, &PageFrom::Start, limit);
    }
    let mut rows = before.rows;
    rows.extend(after.rows);
    Ok(Loaded {
        rows,
        more: after.more,
        more_before: before.more,
    })
}

pub fn count(
    ctx: &Ctx,
    conn: &mut DbConn,
    pane: PaneId,
    text: &str,
    cap: i64,
) -> Result<Count, AppError> {
    let up_to = cap.saturating_add(1);
    let n = for_pane!(pane, R => {
        let f = compile_for(ctx, conn, R::ENTITY, text, Purpose::Count)?;
        R::count_up_to(conn, boxed(f), up_to)?
    });
    Ok(Count::capped(n, cap))
}

pub fn delete(
    ctx: &Ctx,
    conn: &mut DbConn,
    pane: PaneId,
    id: Id,
    version: i32,
) -> Result<(), DbError> {
    for_pane!(pane, R => R::delete(conn, ctx.actor, id.into(), Some(version)).map(drop))
}

pub fn restore(ctx: &Ctx, conn: &mut DbConn, pane: PaneId, id: Id) -> Result<(), DbError> {
    for_pane!(pane, R => R::restore(conn, ctx.actor, id.into()).map(drop))
}

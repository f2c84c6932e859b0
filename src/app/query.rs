//! A list's filter as both front ends build it: a saved view's filter with what was typed added,
//! compiled for the backend. An invalid filter is a usage error showing the text with a caret
//! under the offending span.

use crate::db::repo::{self, Predicate};
use crate::db::DbConn;
use crate::domain::Entity;
use crate::error::AppError;
use crate::filter::{self, Context, Purpose, SqlPredicate};

use super::Ctx;

/// The filter text of a saved view (the acting user's or a shared one, of `entity`) and `typed`,
/// combined, with the view's sort if it has one.
pub fn with_view(
    ctx: &Ctx,
    conn: &mut DbConn,
    entity: Entity,
    view: Option<&str>,
    typed: Option<&str>,
) -> Result<(String, Option<String>), AppError> {
    let mut parts = Vec::new();
    let mut sort = None;
    if let Some(name) = view {
        let v = repo::view::find(conn, ctx.actor, name)?.ok_or_else(|| {
            AppError::Usage(format!(
                "no saved view named '{name}' (see: rolo views list)"
            ))
        })?;
        if v.fields.entity != entity {
            return Err(AppError::Usage(format!(
                "view '{name}' lists {}, not {entity}",
                v.fields.entity
            )));
        }
        if !v.fields.filter.trim().is_empty() {
            parts.push(format!("({})", v.fields.filter));
        }
        sort = v.fields.sort;
    }
    parts.extend(typed.map(str::to_owned));
    Ok((parts.join(" "), sort))
}

/// Compile the filter in its one general shape.
pub fn compile(
    ctx: &Ctx,
    conn: &DbConn,
    entity: Entity,
    text: &str,
) -> Result<Option<SqlPredicate>, AppError> {
    let cx = Context::new(entity, ctx.actor);
    let pred =
        filter::compile(text, &cx, conn.backend()).map_err(|e| AppError::Filter(e.render(text)))?;
    Ok(scoped(ctx, entity, pred))
}

/// The filter narrowed to the records the acting user may see (`db::access`): every list,
/// count, board, export and explain goes through here.
pub fn scoped(ctx: &Ctx, entity: Entity, pred: Option<SqlPredicate>) -> Option<SqlPredicate> {
    SqlPredicate::restrict(pred, crate::db::access::predicate(&ctx.access, entity))
}

/// Compile for a purpose: the shape of related, money and tag conditions is chosen by probing
/// the data (`filter::compile_for`), so pages and counts each get their fast form.
pub fn compile_for(
    ctx: &Ctx,
    conn: &mut DbConn,
    entity: Entity,
    text: &str,
    purpose: Purpose,
) -> Result<Option<SqlPredicate>, AppError> {
    let cx = Context::new(entity, ctx.actor);
    let pred = filter::compile_for(text, &cx, conn, purpose)
        .map_err(|e| AppError::Filter(e.render(text)))?;
    Ok(scoped(ctx, entity, pred))
}

/// A deal filter compiled for the board, narrowed to what the acting user may see: `totals` in
/// the shape for aggregates (a related condition starts from the related records and an index
/// on the deals' key finds theirs), `cards` in the shape a column's page runs fastest (probed on
/// the data, as a list page is). Both select the same deals.
#[derive(Debug, Clone)]
pub struct BoardFilter {
    pub totals: Option<SqlPredicate>,
    pub cards: Option<SqlPredicate>,
}

pub fn compile_board(ctx: &Ctx, conn: &mut DbConn, text: &str) -> Result<BoardFilter, AppError> {
    Ok(BoardFilter {
        totals: compile_for(ctx, conn, Entity::Deals, text, Purpose::Count)?,
        cards: compile_for(ctx, conn, Entity::Deals, text, Purpose::Rows)?,
    })
}

/// A compiled filter as the repository takes it, for the entity's table `T`.
pub fn boxed<T>(p: Option<SqlPredicate>) -> Option<Predicate<T>> {
    p.map(|p| Box::new(p) as Predicate<T>)
}

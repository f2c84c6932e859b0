//! The filter language: lexer -> parser -> AST -> check against the entity's field catalogue ->
//! lowering to a boxed Diesel predicate. Only `lower` (the SQL), `sql` (the Diesel fragment) and
//! `probe` (capped counts that choose the SQL shape, see `shape`) know Diesel; every value is a
//! bound parameter. See docs/filter-language.md and docs/performance.md.

pub mod ast;
pub mod error;
pub mod lexer;
pub mod limits;
pub mod parser;

pub use ast::{Cond, Expr, FieldRef, Op, Span, Value};
pub use error::FilterError;
pub use parser::parse;
pub mod catalogue;
pub mod check;
mod context;
pub mod dates;
pub mod lower;
pub mod pred;
pub mod probe;
pub mod resolve;
pub mod shape;
mod sql;
mod typed;

pub use context::Context;
pub use lower::SqlPredicate;
pub use shape::Purpose;

use crate::db::{BackendKind, DbConn};

/// Parse, check and lower a filter for `cx.entity` on `backend`. Empty text is no filter.
pub fn compile(
    text: &str,
    cx: &Context,
    backend: BackendKind,
) -> Result<Option<SqlPredicate>, FilterError> {
    let Some(expr) = parse(text)? else {
        return Ok(None);
    };
    let pred = check::check(&expr, cx)?;
    Ok(Some(lower::lower(&pred, cx.entity, backend)))
}

/// Like [`compile`], for a filter about to run on `conn` for `purpose`. On SQLite this first
/// probes how many records some conditions match (a capped count through an index) and writes
/// each condition in the shape SQLite's planner runs fastest for that many (see [`shape`]):
/// a page of deals filtered by `company.industry:software` walks the deals in order instead of
/// sorting all 42,000 matches. Users named by email or name are first resolved to their ids
/// ([`resolve`]), so the owner indexes serve them. The rows selected are the same either way.
pub fn compile_for(
    text: &str,
    cx: &Context,
    conn: &mut DbConn,
    purpose: Purpose,
) -> Result<Option<SqlPredicate>, FilterError> {
    let Some(expr) = parse(text)? else {
        return Ok(None);
    };
    let pred = resolve::users(conn, check::check(&expr, cx)?);
    let shapes = probe::choose(conn, &pred, cx.entity, purpose);
    Ok(Some(lower::lower_shaped(
        &pred,
        cx.entity,
        conn.backend(),
        &shapes,
    )))
}

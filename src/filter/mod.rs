//! The filter language: lexer -> parser -> AST -> check against the entity's field catalogue ->
//! lowering to a boxed Diesel predicate. Only `lower` knows Diesel; every value is a bound
//! parameter. See docs/filter-language.md.

pub mod ast;
pub mod error;
pub mod lexer;
pub mod parser;

pub use ast::{Cond, Expr, FieldRef, Op, Span, Value};
pub use error::FilterError;
pub use parser::parse;
pub mod catalogue;
pub mod check;
pub mod lower;
pub mod pred;

pub use check::Context;
pub use lower::SqlPredicate;

use crate::db::BackendKind;

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

//! Sort keys beyond a plain column, and the keyset page of a key that may be blank.
//!
//! - [`Ranked`]: an enum column ordered the way its words are declared (a company's size from
//!   `solo` to `enterprise`), as `CASE col WHEN 'solo' THEN 0 … END`; the migration
//!   `2026-12-02-000006_sort_indexes` indexes the same expression on both backends.
//! - [`stage_position`] / [`owner_name`]: a deal ordered by a field of the record it refers to, by a
//!   scalar subquery (no index serves these; `rolo explain deals --sort stage` says so).
//! - [`ordered_page!`]: one keyset page of `(key, id)` with blanks (NULL keys) last in both
//!   directions. The rows with a value and the blanks are read by separate statements — `key IS
//!   NOT NULL ORDER BY key, id`, then `key IS NULL ORDER BY id` — each answered in order from the
//!   `(key, id)` index on both backends (the backends put NULLs at opposite ends of an index, so a
//!   single `ORDER BY` could be served on one of them at most).

use diesel::expression::SqlLiteral;
use diesel::expression::UncheckedBind;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Integer, Nullable, Text};
use diesel::QueryResult;

use crate::db::conn::MultiBackend;
use crate::db::types::sql::Uuid;
use crate::domain::Id;

/// An enum column's rank among its words (NULL when blank): `CASE col WHEN 'a' THEN 0 … END`.
/// The words are the domain enum's fixed `NAMES`, never user input.
#[derive(Debug, Clone, Copy)]
pub struct Ranked<E> {
    pub column: E,
    pub words: &'static [&'static str],
}

pub fn ranked<E>(column: E, words: &'static [&'static str]) -> Ranked<E> {
    Ranked { column, words }
}

/// The SQL of a rank over `column` (a column reference as the statement writes it): what
/// [`Ranked`] renders and what `rolo explain` shows.
pub fn rank_sql(column: &str, words: &[&str]) -> String {
    let mut s = format!("CASE {column}");
    for (i, w) in words.iter().enumerate() {
        s.push_str(&format!(" WHEN '{w}' THEN {i}"));
    }
    s.push_str(" END");
    s
}

impl<E: Expression> Expression for Ranked<E> {
    type SqlType = Nullable<Integer>;
}

impl<E: AppearsOnTable<QS>, QS> AppearsOnTable<QS> for Ranked<E> {}
impl<E: SelectableExpression<QS>, QS> SelectableExpression<QS> for Ranked<E> {}

impl<E: ValidGrouping<GB>, GB> ValidGrouping<GB> for Ranked<E> {
    type IsAggregate = E::IsAggregate;
}

impl<E> QueryId for Ranked<E> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<E: QueryFragment<MultiBackend>> QueryFragment<MultiBackend> for Ranked<E> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        out.push_sql("CASE ");
        self.column.walk_ast(out.reborrow())?;
        for (i, w) in self.words.iter().enumerate() {
            debug_assert!(w.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            out.push_sql(&format!(" WHEN '{w}' THEN {i}"));
        }
        out.push_sql(" END");
        Ok(())
    }
}

/// The SQL of a deal's stage position, for a statement over `deals`.
pub const STAGE_POSITION: &str = r#"(SELECT "pipeline_stages"."position" FROM "pipeline_stages" WHERE "pipeline_stages"."id" = "deals"."stage_id")"#;
/// The SQL of a deal's owner's name, folded, for a statement over `deals` (NULL without an owner).
pub const OWNER_NAME: &str =
    r#"(SELECT lower("users"."name") FROM "users" WHERE "users"."id" = "deals"."owner_id")"#;

/// A deal's stage position.
pub fn stage_position() -> SqlLiteral<Nullable<Integer>> {
    diesel::dsl::sql(STAGE_POSITION)
}

/// The position of stage `id` (the cursor's side of a stage-ordered page).
pub fn position_of(id: Id) -> Lookup<Integer> {
    diesel::dsl::sql::<Nullable<Integer>>(
        r#"(SELECT "pipeline_stages"."position" FROM "pipeline_stages" WHERE "pipeline_stages"."id" = "#,
    )
    .bind::<Uuid, _>(id)
    .sql(")")
}

/// A scalar subquery on a bound id.
pub type Lookup<ST> = SqlLiteral<
    Nullable<ST>,
    UncheckedBind<SqlLiteral<Nullable<ST>>, diesel::dsl::AsExprOf<Id, Uuid>>,
>;

/// A deal's owner's name, folded.
pub fn owner_name() -> SqlLiteral<Nullable<Text>> {
    diesel::dsl::sql(OWNER_NAME)
}

/// The folded name of user `id` (the cursor's side of an owner-ordered page).
pub fn name_of(id: Id) -> Lookup<Text> {
    diesel::dsl::sql::<Nullable<Text>>(
        r#"(SELECT lower("users"."name") FROM "users" WHERE "users"."id" = "#,
    )
    .bind::<Uuid, _>(id)
    .sql(")")
}

/// One keyset page ordered by `(key, id)` with blank keys last (see the module doc).
///
/// `$base` builds the boxed, filtered statement from a filter; `$key` is the ordering expression
/// (written out each time it is used); `$value` gives, from a cursor, the expression its key is
/// compared with; `$cursor` takes a row's cursor. `nullable = false` skips the blanks' statement.
macro_rules! ordered_page {
    ($conn:expr, $q:expr, $base:expr, $filter:expr, $key:expr, $id:expr, $value:expr, $cursor:expr,
     nullable = $nullable:literal) => {{
        use diesel::prelude::*;
        #[allow(unused_imports)]
        use $crate::db::repo::PredicateExpr;
        let q = $q;
        let filter = $filter;
        let want = q.limit + 1;
        let desc = q.sql_descending();
        let value = $value;
        // the order visits the values, then the blanks; walking backwards, the reverse
        let walk: [bool; 2] = if q.backward {
            [true, false]
        } else {
            [false, true]
        };
        let start = match &q.after {
            Some(c) => c.is_blank(),
            None => walk[0],
        };
        let from = if walk[0] == start { 0 } else { 1 };
        let mut rows = Vec::new();
        for (i, blank) in walk.iter().copied().enumerate().skip(from) {
            if rows.len() as i64 >= want || (blank && !$nullable) {
                continue;
            }
            let bound = if i == from { q.after.as_ref() } else { None };
            let mut query = $base(filter.as_ref().map(|f| f.boxed_clone()));
            if blank {
                query = query.filter($key.is_null());
                if let Some(c) = bound {
                    query = if desc {
                        query.filter($id.lt(c.id))
                    } else {
                        query.filter($id.gt(c.id))
                    };
                }
                query = if desc {
                    query.order($id.desc())
                } else {
                    query.order($id.asc())
                };
            } else {
                if $nullable {
                    query = query.filter($key.is_not_null());
                }
                if let Some(c) = bound {
                    // `key >= v AND (key > v OR id > last)`: a range on the `(key, id)` index
                    query = if desc {
                        query.filter($key.le(value(c)?).and($key.lt(value(c)?).or($id.lt(c.id))))
                    } else {
                        query.filter($key.ge(value(c)?).and($key.gt(value(c)?).or($id.gt(c.id))))
                    };
                }
                query = if desc {
                    query.order(($key.desc(), $id.desc()))
                } else {
                    query.order(($key.asc(), $id.asc()))
                };
            }
            let room = want - rows.len() as i64;
            rows.extend(query.limit(room).load($conn)?);
        }
        Ok($crate::db::repo::Page::from_rows(rows, q.limit, $cursor))
    }};
}
pub(crate) use ordered_page;

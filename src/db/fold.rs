//! Case-insensitive text, per dialect, as one expression node: `lower(x)` on PostgreSQL (whose
//! indexes are on `lower(column)`), plain `x` on SQLite (whose text columns are `COLLATE NOCASE`,
//! so comparisons and ORDER BY on them already ignore case and use the column's index).

use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sqlite::Sqlite;
use diesel::QueryResult;

use super::conn::MultiBackend;

#[derive(Debug, Clone, Copy)]
pub struct Folded<E>(pub E);

impl<E: Expression> Expression for Folded<E> {
    type SqlType = E::SqlType;
}

impl<E: AppearsOnTable<QS>, QS> AppearsOnTable<QS> for Folded<E> {}
impl<E: SelectableExpression<QS>, QS> SelectableExpression<QS> for Folded<E> {}

impl<E: ValidGrouping<GB>, GB> ValidGrouping<GB> for Folded<E> {
    type IsAggregate = E::IsAggregate;
}

impl<E: QueryId> QueryId for Folded<E> {
    type QueryId = Folded<E::QueryId>;
    const HAS_STATIC_QUERY_ID: bool = E::HAS_STATIC_QUERY_ID;
}

impl<E: QueryFragment<Pg>> QueryFragment<Pg> for Folded<E> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("lower(");
        self.0.walk_ast(out.reborrow())?;
        out.push_sql(")");
        Ok(())
    }
}

impl<E: QueryFragment<Sqlite>> QueryFragment<Sqlite> for Folded<E> {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        self.0.walk_ast(out)
    }
}

impl<E> QueryFragment<MultiBackend> for Folded<E>
where
    E: QueryFragment<Pg> + QueryFragment<Sqlite>,
{
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        MultiBackend::walk_variant_ast(self, pass)
    }
}

//! The compiled filter as a Diesel query fragment: SQL text built only from the catalogue's fixed
//! names, and every user value a bound parameter.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::expression::{
    is_aggregate, AppearsOnTable, Expression, SelectableExpression, ValidGrouping,
};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Bool, Date, Nullable, Text, Timestamp};
use diesel::QueryResult;

use crate::db::conn::MultiBackend;
use crate::db::types::sql::Uuid;
use crate::domain::Id;

/// A bound value.
#[derive(Debug, Clone, PartialEq)]
pub enum Bind {
    Text(String),
    Int(i64),
    Date(NaiveDate),
    Time(NaiveDateTime),
    Bool(bool),
    Id(Id),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    Sql(String),
    Bind(Bind),
}

/// A compiled filter: SQL with bound parameters, usable as a Diesel boolean expression.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SqlPredicate {
    parts: Vec<Part>,
}

impl SqlPredicate {
    pub(crate) fn new(parts: Vec<Part>) -> Self {
        SqlPredicate { parts }
    }

    /// `filter AND scope`: a filter narrowed to what the acting user may see (`db::access`).
    pub fn restrict(
        filter: Option<SqlPredicate>,
        scope: Option<Vec<crate::db::access::Piece>>,
    ) -> Option<SqlPredicate> {
        use crate::db::access::Piece;
        let Some(scope) = scope else { return filter };
        let mut parts = Vec::new();
        if let Some(f) = filter {
            parts.push(Part::Sql("(".into()));
            parts.extend(f.parts);
            parts.push(Part::Sql(") AND ".into()));
        }
        parts.extend(scope.into_iter().map(|p| match p {
            Piece::Sql(s) => Part::Sql(s),
            Piece::Id(id) => Part::Bind(Bind::Id(id)),
        }));
        Some(SqlPredicate { parts })
    }

    /// The SQL with `?` for each parameter, and the parameters (for `rolo explain` and snapshots).
    pub fn describe(&self) -> (String, Vec<Bind>) {
        let mut sql = String::new();
        let mut binds = Vec::new();
        for p in &self.parts {
            match p {
                Part::Sql(s) => sql.push_str(s),
                Part::Bind(b) => {
                    sql.push('?');
                    binds.push(b.clone());
                }
            }
        }
        (sql, binds)
    }
}

impl Expression for SqlPredicate {
    type SqlType = Nullable<Bool>;
}
impl<QS> AppearsOnTable<QS> for SqlPredicate {}
impl<QS> SelectableExpression<QS> for SqlPredicate {}
impl ValidGrouping<()> for SqlPredicate {
    type IsAggregate = is_aggregate::Never;
}
impl QueryId for SqlPredicate {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl QueryFragment<MultiBackend> for SqlPredicate {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        // Not cached: each filter's SQL is prepared again. Letting Diesel keep SQLite's prepared
        // statements (the SQL text fully determines one) made no measurable difference on the
        // large data set (docs/performance.md), and its cache would grow with every distinct
        // filter a long session types. PostgreSQL would move to generic plans, which suit skewed
        // values such as `industry` badly.
        out.unsafe_to_cache_prepared();
        for p in &self.parts {
            match p {
                Part::Sql(s) => out.push_sql(s),
                Part::Bind(Bind::Text(v)) => out.push_bind_param::<Text, String>(v)?,
                Part::Bind(Bind::Int(v)) => out.push_bind_param::<BigInt, i64>(v)?,
                Part::Bind(Bind::Date(v)) => out.push_bind_param::<Date, NaiveDate>(v)?,
                Part::Bind(Bind::Time(v)) => out.push_bind_param::<Timestamp, NaiveDateTime>(v)?,
                Part::Bind(Bind::Bool(v)) => out.push_bind_param::<Bool, bool>(v)?,
                Part::Bind(Bind::Id(v)) => out.push_bind_param::<Uuid, Id>(v)?,
            }
        }
        Ok(())
    }
}

//! The backends' plans of a statement, as text: SQLite's `EXPLAIN QUERY PLAN` rows as an indented
//! tree, PostgreSQL's `EXPLAIN` lines as they come. `rolo explain` and the benches' plan files
//! both print them through [`lines`].

use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{Integer, Text};
use diesel::{QueryableByName, RunQueryDsl};

use super::conn::{BackendKind, DbConn, MultiBackend};
use super::error::DbError;

/// A row of SQLite's `EXPLAIN QUERY PLAN`.
#[derive(QueryableByName)]
struct SqlitePlan {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Integer)]
    parent: i32,
    #[diesel(sql_type = Text)]
    detail: String,
}

/// A line of PostgreSQL's `EXPLAIN`.
#[derive(QueryableByName)]
struct PgPlan {
    #[diesel(sql_type = Text)]
    #[diesel(column_name = "QUERY PLAN")]
    plan: String,
}

/// Run `explain` (an `EXPLAIN …` statement for this connection's backend, binds attached) and
/// return its plan, one line per step.
pub fn lines(
    conn: &mut DbConn,
    explain: BoxedSqlQuery<'_, MultiBackend, SqlQuery>,
) -> Result<Vec<String>, DbError> {
    Ok(match conn.backend() {
        BackendKind::Sqlite => sqlite_tree(explain.load::<SqlitePlan>(conn)?),
        BackendKind::Postgres => explain
            .load::<PgPlan>(conn)?
            .into_iter()
            .map(|p| p.plan)
            .collect(),
    })
}

/// SQLite's plan rows with each step indented under its parent.
fn sqlite_tree(rows: Vec<SqlitePlan>) -> Vec<String> {
    let mut depth: Vec<(i32, usize)> = Vec::new();
    rows.into_iter()
        .map(|r| {
            let d = depth
                .iter()
                .find(|(id, _)| *id == r.parent)
                .map_or(0, |(_, d)| d + 1);
            depth.push((r.id, d));
            format!("{}{}", "  ".repeat(d), r.detail)
        })
        .collect()
}

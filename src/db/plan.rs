//! The backends' plans of a statement, as text: SQLite's `EXPLAIN QUERY PLAN` rows as an indented
//! tree, PostgreSQL's `EXPLAIN` lines as they come. `rolo explain` and the benches' plan files
//! both print them through [`lines`].

use chrono::{NaiveDate, NaiveDateTime};
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{BigInt, Bool, Date, Integer, Text, Timestamp};
use diesel::{QueryableByName, RunQueryDsl};

use super::conn::{BackendKind, DbConn, MultiBackend};
use super::error::DbError;
use super::types::sql::Uuid;
use crate::domain::{Entity, Id};

/// A value bound to a statement whose plan is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Text(String),
    Int(i64),
    Date(NaiveDate),
    Time(NaiveDateTime),
    Bool(bool),
    Id(Id),
}

/// The default order of `list`, per backend (text sorts fold case; see db::fold).
fn order_by(entity: Entity, backend: BackendKind, q: &str) -> String {
    let text = |c: &str| match backend {
        BackendKind::Postgres => format!("lower({q}.{c}), {q}.id"),
        BackendKind::Sqlite => format!("{q}.{c}, {q}.id"),
    };
    match entity {
        Entity::Companies | Entity::Users => text("name"),
        Entity::Contacts => text("first_name"),
        Entity::Deals => text("title"),
        Entity::Stages => format!("{q}.position, {q}.id"),
        _ => format!("{q}.created_at, {q}.id"),
    }
}

/// The statement of `list`'s first page of `entity` (live rows, default order, 51 rows) with the
/// condition `where_sql` (`?` placeholders; PostgreSQL's are numbered `$1`, `$2`, … here).
pub fn first_page_sql(entity: Entity, backend: BackendKind, where_sql: &str) -> String {
    let q = format!("\"{}\"", entity.as_str());
    let sql = format!(
        "SELECT {q}.id FROM {q} WHERE {q}.deleted_at IS NULL AND ({where_sql}) ORDER BY {} LIMIT 51",
        order_by(entity, backend, &q)
    );
    if backend != BackendKind::Postgres {
        return sql;
    }
    let mut n = 0;
    sql.split('?')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part.to_string()
            } else {
                n += 1;
                format!("${n}{part}")
            }
        })
        .collect()
}

/// The backend's plan of `sql` (for this connection's backend) with `params` bound, one line per
/// step.
pub fn explain(conn: &mut DbConn, sql: &str, params: Vec<Param>) -> Result<Vec<String>, DbError> {
    let explain = match conn.backend() {
        BackendKind::Sqlite => format!("EXPLAIN QUERY PLAN {sql}"),
        BackendKind::Postgres => format!("EXPLAIN {sql}"),
    };
    let mut query = diesel::sql_query(explain).into_boxed::<MultiBackend>();
    for p in params {
        query = match p {
            Param::Text(v) => query.bind::<Text, _>(v),
            Param::Int(v) => query.bind::<BigInt, _>(v),
            Param::Date(v) => query.bind::<Date, _>(v),
            Param::Time(v) => query.bind::<Timestamp, _>(v),
            Param::Bool(v) => query.bind::<Bool, _>(v),
            Param::Id(v) => query.bind::<Uuid, _>(v),
        };
    }
    lines(conn, query)
}

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

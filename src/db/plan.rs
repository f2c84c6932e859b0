//! The backends' plans of a statement, as text: SQLite's `EXPLAIN QUERY PLAN` rows as an indented
//! tree, PostgreSQL's `EXPLAIN` lines as they come. `rolo explain` and the benches' plan files
//! both print them through [`lines`].

use chrono::{NaiveDate, NaiveDateTime};
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{BigInt, Bool, Date, Integer, Text, Timestamp};
use diesel::{QueryableByName, RunQueryDsl};

use super::conn::{BackendKind, DbConn, MultiBackend};
use super::error::DbError;
use super::repo::{rank_sql, OWNER_NAME, STAGE_POSITION};
use super::types::sql::Uuid;
use crate::domain::describe::{describe, FieldType, SortDesc};
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
fn default_order(entity: Entity, backend: BackendKind, q: &str) -> String {
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

/// The key `list` orders by for a described sort (as `db::repo` builds it), and whether it can be
/// blank (then the first statement reads only the rows with a value; see `repo::order`).
fn sort_key(entity: Entity, backend: BackendKind, q: &str, sort: &SortDesc) -> (Vec<String>, bool) {
    let Some(f) = describe(entity).field(sort.field) else {
        return (vec![format!("{q}.{}", sort.field)], false);
    };
    let col = format!("{q}.\"{}\"", f.name);
    let key = match f.ty {
        FieldType::Enum(words) => rank_sql(&col, words),
        FieldType::Money => return (vec![format!("{q}.currency"), col], false),
        FieldType::Ref(_) if entity == Entity::Deals && f.name == "stage_id" => {
            return (vec![STAGE_POSITION.to_string()], false)
        }
        FieldType::Ref(_) if entity == Entity::Deals && f.name == "owner_id" => {
            return (vec![OWNER_NAME.to_string()], true)
        }
        FieldType::Text | FieldType::Email | FieldType::Url if backend == BackendKind::Postgres => {
            format!("lower({col})")
        }
        _ => col,
    };
    (vec![key], f.optional)
}

/// The statement of `list`'s first page of `entity` (live rows, 51 rows) in the order of `sort`
/// (the default sort when `None`; `descending` turns it round) with the condition `where_sql`
/// (`?` placeholders; PostgreSQL's are numbered `$1`, `$2`, … here). A sort whose key can be
/// blank reads the rows with a value first: this is that statement.
pub fn first_page_sql(
    entity: Entity,
    backend: BackendKind,
    where_sql: &str,
    sort: Option<(&SortDesc, bool)>,
) -> String {
    let q = format!("\"{}\"", entity.as_str());
    let (order, set) = match sort {
        None => (default_order(entity, backend, &q), String::new()),
        Some((s, descending)) => {
            let (keys, nullable) = sort_key(entity, backend, &q, s);
            let dir = if descending { " DESC" } else { "" };
            let order = keys
                .iter()
                .chain(std::iter::once(&format!("{q}.id")))
                .map(|k| format!("{k}{dir}"))
                .collect::<Vec<_>>()
                .join(", ");
            let set = if nullable {
                format!(" AND {} IS NOT NULL", keys[0])
            } else {
                String::new()
            };
            (order, set)
        }
    };
    let sql = format!(
        "SELECT {q}.id FROM {q} WHERE {q}.deleted_at IS NULL AND ({where_sql}){set} ORDER BY {order} LIMIT 51",
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

/// Whether the backend can read `sql`'s rows in order from an index, rather than sort them: on
/// SQLite, whether its plan has no temporary B-tree for the ORDER BY; on PostgreSQL, whether a plan
/// without a Sort node exists (asked with sorting discouraged, in a transaction of its own, since
/// on a small table the planner rightly prefers sorting a few rows to walking an index).
pub fn index_orders(conn: &mut DbConn, sql: &str, params: Vec<Param>) -> Result<bool, DbError> {
    use diesel::Connection;
    let lines = match conn.backend() {
        BackendKind::Sqlite => explain(conn, sql, params)?,
        BackendKind::Postgres => conn.transaction(|c| {
            diesel::sql_query("SET LOCAL enable_sort = off").execute(c)?;
            explain(c, sql, params)
        })?,
    };
    Ok(!sorts_rows(&lines))
}

/// Whether a plan sorts the rows itself rather than reading them in order from an index (SQLite's
/// temporary B-tree for the ORDER BY, PostgreSQL's Sort node).
pub fn sorts_rows(lines: &[String]) -> bool {
    lines.iter().any(|l| {
        let l = l.trim_start().trim_start_matches("->").trim_start();
        (l.contains("TEMP B-TREE") && l.contains("ORDER BY"))
            || l.starts_with("Sort ")
            || l.starts_with("Incremental Sort ")
    })
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

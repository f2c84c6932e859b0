//! `rolo explain ENTITY --where EXPR`: the SQL a filter compiles to (in the shape `list` runs:
//! live rows, default order, first page), its bound values, and the backend's own plan, so a
//! developer can see which index a filter uses.

use super::out::outln;
use diesel::sql_types::{BigInt, Bool, Date, Text, Timestamp};
use diesel::{QueryableByName, RunQueryDsl};

use super::args::ExplainArgs;
use crate::app::Ctx;
use crate::db::conn::MultiBackend;
use crate::db::types::sql::Uuid;
use crate::db::{BackendKind, DbError};
use crate::domain::Entity;
use crate::error::{exit, AppError};
use crate::filter::lower::Bind;

#[derive(QueryableByName)]
struct SqlitePlan {
    #[diesel(sql_type = Text)]
    detail: String,
}

#[derive(QueryableByName)]
struct PgPlan {
    #[diesel(sql_type = Text)]
    #[diesel(column_name = "QUERY PLAN")]
    plan: String,
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

pub fn run(ctx: &Ctx, args: ExplainArgs) -> Result<i32, AppError> {
    let entity = args.entity.entity();
    let mut conn = ctx.conn()?;
    let backend = conn.backend();
    let text = args.filter.filter.clone().unwrap_or_default();
    let pred = crate::app::query::compile_for(
        ctx,
        &mut conn,
        entity,
        &text,
        crate::filter::Purpose::Rows,
    )?;
    let (where_sql, binds) = pred
        .map(|p| p.describe())
        .unwrap_or_else(|| ("1 = 1".into(), vec![]));
    let q = format!("\"{}\"", entity.as_str());
    let mut sql = format!(
        "SELECT {q}.id FROM {q} WHERE {q}.deleted_at IS NULL AND ({where_sql}) ORDER BY {} LIMIT 51",
        order_by(entity, backend, &q)
    );
    if backend == BackendKind::Postgres {
        let mut n = 0;
        sql = sql
            .split('?')
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part.to_string()
                } else {
                    n += 1;
                    format!("${n}{part}")
                }
            })
            .collect();
    }
    outln!("-- {backend}\n{sql}")?;
    for (i, b) in binds.iter().enumerate() {
        outln!("-- ${} = {}", i + 1, show(b))?;
    }
    let explain = match backend {
        BackendKind::Sqlite => format!("EXPLAIN QUERY PLAN {sql}"),
        BackendKind::Postgres => format!("EXPLAIN {sql}"),
    };
    let mut query = diesel::sql_query(explain).into_boxed::<MultiBackend>();
    for b in binds {
        query = match b {
            Bind::Text(v) => query.bind::<Text, _>(v),
            Bind::Int(v) => query.bind::<BigInt, _>(v),
            Bind::Date(v) => query.bind::<Date, _>(v),
            Bind::Time(v) => query.bind::<Timestamp, _>(v),
            Bind::Bool(v) => query.bind::<Bool, _>(v),
            Bind::Id(v) => query.bind::<Uuid, _>(v),
        };
    }
    outln!("-- plan")?;
    let lines: Vec<String> = match backend {
        BackendKind::Sqlite => query
            .load::<SqlitePlan>(&mut *conn)
            .map_err(DbError::from)?
            .into_iter()
            .map(|p| p.detail)
            .collect(),
        BackendKind::Postgres => query
            .load::<PgPlan>(&mut *conn)
            .map_err(DbError::from)?
            .into_iter()
            .map(|p| p.plan)
            .collect(),
    };
    for l in lines {
        outln!("{l}")?;
    }
    Ok(exit::OK)
}

fn show(b: &Bind) -> String {
    match b {
        Bind::Text(t) => format!("{t:?}"),
        Bind::Int(i) => i.to_string(),
        Bind::Date(d) => d.to_string(),
        Bind::Time(t) => t.to_string(),
        Bind::Bool(v) => v.to_string(),
        Bind::Id(id) => id.to_string(),
    }
}

//! `rolo explain ENTITY --where EXPR`: the SQL a filter compiles to (in the shape `list` runs:
//! live rows, default order, first page), its bound values, and the backend's own plan, so a
//! developer can see which index a filter uses.

use super::out::outln;

use super::args::ExplainArgs;
use crate::app::Ctx;
use crate::db::plan::{self, Param};
use crate::error::{exit, AppError};
use crate::filter::lower::Bind;

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
    let sql = plan::first_page_sql(entity, backend, &where_sql);
    outln!("-- {backend}\n{sql}")?;
    for (i, b) in binds.iter().enumerate() {
        outln!("-- ${} = {}", i + 1, show(b))?;
    }
    outln!("-- plan")?;
    let params = binds.into_iter().map(param).collect();
    let lines = plan::explain(&mut conn, &sql, params)?;
    for l in lines {
        outln!("{l}")?;
    }
    Ok(exit::OK)
}

fn param(b: Bind) -> Param {
    match b {
        Bind::Text(v) => Param::Text(v),
        Bind::Int(v) => Param::Int(v),
        Bind::Date(v) => Param::Date(v),
        Bind::Time(v) => Param::Time(v),
        Bind::Bool(v) => Param::Bool(v),
        Bind::Id(v) => Param::Id(v),
    }
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

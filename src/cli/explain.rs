//! `rolo explain ENTITY --where EXPR [--sort FIELD[:desc]]`: the SQL a filter compiles to (in the
//! shape `list` runs: live rows, the sort's order, first page), its bound values, and the backend's
//! own plan, so a developer can see which index a filter and a sort use. When the plan sorts the
//! rows itself (no index gives them in that order), a last line says so.

use super::out::outln;

use super::args::ExplainArgs;
use crate::app::Ctx;
use crate::db::plan::{self, Param};
use crate::domain::describe::describe;
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
    let desc = describe(entity);
    let sort = match args
        .sort
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(raw) => {
            let (name, descending) = match raw.rsplit_once(':') {
                Some((n, "desc")) => (n, true),
                Some((n, "asc")) => (n, false),
                _ => (raw, false),
            };
            let s = desc
                .sort_named(name)
                .map_err(|e| AppError::Usage(e.to_string()))?;
            Some((s, descending))
        }
    };
    let sql = plan::first_page_sql(entity, backend, &where_sql, sort);
    outln!("-- {backend}\n{sql}")?;
    for (i, b) in binds.iter().enumerate() {
        outln!("-- ${} = {}", i + 1, show(b))?;
    }
    outln!("-- plan")?;
    let params: Vec<Param> = binds.into_iter().map(param).collect();
    let lines = plan::explain(&mut conn, &sql, params.clone())?;
    for l in &lines {
        outln!("{l}")?;
    }
    if !plan::index_orders(&mut conn, &sql, params)? {
        let by = sort.map_or_else(
            || desc.default_sort().map_or("", |s| s.name),
            |(s, _)| s.name,
        );
        outln!(
            "-- no index gives {} by {by} in order: every page sorts the matching rows",
            desc.plural
        )?;
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

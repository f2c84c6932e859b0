//! `rolo <entity> list|count`: the filter language on the command line, with table, JSON, CSV
//! or id output. An invalid filter exits 2 with a caret under the offending text.

use super::out::outln;
use std::collections::HashMap;

use serde_json::Value;

use super::args::{CountArgs, ListArgs, RowLimit};
use super::list_out::Sink;
use crate::app::query::{boxed, compile_for};
use crate::app::Ctx;
use crate::db::record::Record;
use crate::db::repo::{self, ListQuery, Liveness};
use crate::db::DbConn;
use crate::domain::describe::describe;
use crate::domain::Entity;
use crate::error::{exit, AppError};
use crate::filter;

/// The sort to list by: `--sort name[:asc|:desc]` (or the view's), by the names the entity's
/// description gives its sorts; none means the first.
fn parse_sort<R: Record>(raw: Option<&str>) -> Result<(R::Sort, bool), AppError> {
    let desc = describe(R::ENTITY);
    let (sort, descending) = match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => (desc.default_sort(), false),
        Some(raw) => {
            let (name, descending) = match raw.rsplit_once(':') {
                Some((n, "desc")) => (n, true),
                Some((n, "asc")) => (n, false),
                _ => (raw, false),
            };
            (
                Some(
                    desc.sort_named(name)
                        .map_err(|e| AppError::Usage(e.to_string()))?,
                ),
                descending,
            )
        }
    };
    sort.and_then(|s| R::sort_by(s.field))
        .map(|s| (s, descending))
        .ok_or_else(|| AppError::Internal(format!("{}: a described sort has no order", R::ENTITY)))
}

pub fn count<R: Record>(ctx: &Ctx, args: CountArgs) -> Result<i32, AppError> {
    let mut conn = ctx.conn()?;
    let (text, _) = super::filter_text(ctx, &mut conn, R::ENTITY, &args.filter)?;
    let pred = compile_for(ctx, &mut conn, R::ENTITY, &text, filter::Purpose::Count)?;
    crate::timing::mark("filter");
    match args.up_to {
        Some(cap) if cap < 1 => return Err(AppError::Usage("--up-to must be at least 1".into())),
        // one row past the cap tells an exact `cap` from "more"
        Some(cap) => match R::count_up_to(&mut conn, boxed(pred), cap.saturating_add(1))? {
            n if n > cap => outln!("at least {cap}")?,
            n => outln!("{n}")?,
        },
        None => outln!("{}", R::count(&mut conn, boxed(pred))?)?,
    }
    crate::timing::mark("query and output");
    Ok(exit::OK)
}

/// Rows per query when listing: `--limit all` and large limits are read in keyset pages of this
/// many, written as they come.
const PAGE: i64 = 500;

pub fn list<R: Record>(ctx: &Ctx, args: ListArgs) -> Result<i32, AppError> {
    let mut conn = ctx.conn()?;
    let (text, view_sort) = super::filter_text(ctx, &mut conn, R::ENTITY, &args.filter)?;
    let (sort, descending) = parse_sort::<R>(args.sort.as_deref().or(view_sort.as_deref()))?;
    let pred = compile_for(ctx, &mut conn, R::ENTITY, &text, filter::Purpose::Rows)?;
    crate::timing::mark("filter");
    // the names a table shows for the ids it lists (JSON and CSV keep the ids)
    let stages = match R::ENTITY {
        Entity::Deals => stage_names(&mut conn)?,
        Entity::Users => team_names(&mut conn)?,
        _ => HashMap::new(),
    };
    let mut sink = Sink::new(args.output, describe(R::ENTITY).list, &stages);
    let mut left = match args.limit {
        RowLimit::First(n) => n,
        RowLimit::All => i64::MAX,
    };
    let mut q = ListQuery {
        sort,
        descending,
        after: None,
        limit: left.min(PAGE),
        liveness: Liveness::Live,
        backward: false,
    };
    let more = loop {
        let page = R::list(&mut conn, &q, boxed(pred.clone()))?;
        crate::timing::mark("query");
        left -= i64::try_from(page.rows.len()).unwrap_or(i64::MAX);
        let rows: Vec<Value> = page
            .rows
            .iter()
            .map(|r| serde_json::to_value(r).map_err(|e| AppError::Internal(e.to_string())))
            .collect::<Result<_, _>>()?;
        if let Err(e) = sink.page(&rows) {
            return written(e);
        }
        match page.next {
            Some(next) if left > 0 => {
                q.after = Some(next);
                q.limit = left.min(PAGE);
            }
            next => break next.is_some(),
        }
    };
    if let Err(e) = sink.finish() {
        return written(e);
    }
    crate::timing::mark("output");
    if let (true, RowLimit::First(n)) = (more, args.limit) {
        eprintln!(
            "showing the first {n} {}; more match — use --limit N or --limit all",
            R::ENTITY
        );
    }
    Ok(exit::OK)
}

/// A closed pipe (`| head`) is not an error.
fn written(e: std::io::Error) -> Result<i32, AppError> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(exit::OK)
    } else {
        Err(e.into())
    }
}

fn team_names(conn: &mut DbConn) -> Result<HashMap<String, String>, AppError> {
    Ok(repo::names::all_teams(conn)?
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect())
}

fn stage_names(conn: &mut DbConn) -> Result<HashMap<String, String>, AppError> {
    Ok(repo::stage::live_ordered(conn)?
        .into_iter()
        .map(|s| (s.id.to_string(), s.fields.name))
        .collect())
}

//! Pages of a pane's table: compile the filter, run the keyset query in the asked direction, and
//! turn records into display rows (names looked up once per page): a row's cells follow the
//! pane's columns in the entity's description, each made from the field its column names.

use chrono::NaiveDateTime;

use super::names;
use crate::app::Ctx;
use crate::db::repo::{self, ListQuery, Liveness, Page, Predicate};
use crate::db::{DbConn, DbError};
use crate::domain::{money, CompanyId, ContactId, DealId, Id};
use crate::error::AppError;
use crate::filter::{self, Context};
use crate::tui::pane::PaneId;
use crate::tui::state::listing::{Count, Loaded, PageFrom, Query, Row};

/// Compile for pages or counts: the filter's shape is chosen by probing the data.
fn compile<T>(
    ctx: &Ctx,
    conn: &mut DbConn,
    pane: PaneId,
    text: &str,
    purpose: filter::Purpose,
) -> Result<Option<Predicate<T>>, AppError> {
    let cx = Context::new(pane.entity(), ctx.actor);
    let pred = filter::compile_for(text, &cx, conn, purpose)
        .map_err(|e| AppError::Filter(e.render(text)))?;
    let pred = crate::app::query::scoped(ctx, pane.entity(), pred);
    Ok(pred.map(|p| Box::new(p) as Predicate<T>))
}

/// The repository query for a page starting at `from`, and whether its rows come back reversed.
fn list_query<S: Copy>(sort: S, q: &Query, from: &PageFrom, limit: usize) -> (ListQuery<S>, bool) {
    let (descending, after, reversed) = match from {
        PageFrom::Start => (q.descending, None, false),
        PageFrom::After(c) => (q.descending, Some(c.clone()), false),
        PageFrom::End => (!q.descending, None, true),
        PageFrom::Before(c) => (!q.descending, Some(c.clone()), true),
    };
    let lq = ListQuery {
        sort,
        descending,
        after,
        limit: i64::try_from(limit).unwrap_or(50),
        liveness: Liveness::Live,
    };
    (lq, reversed)
}

fn finish<T>(page: Page<T>, reversed: bool, to_row: impl Fn(&T) -> Row) -> Loaded {
    let more = page.next.is_some();
    let mut rows: Vec<Row> = page.rows.iter().map(to_row).collect();
    if reversed {
        rows.reverse();
    }
    Loaded { rows, more }
}

/// The name of the pane's sort at index `i` (the default when out of range), as the entity's
/// description spells it.
fn sort_name(pane: PaneId, i: usize) -> &'static str {
    let sorts = pane.sort_descs();
    sorts.get(i).or(sorts.first()).map_or("", |s| s.name)
}

/// A row's cells in the pane's column order, each from the field its column names.
fn cells(pane: PaneId, cell: impl Fn(&str) -> String) -> Vec<String> {
    pane.columns().iter().map(|c| cell(c.field)).collect()
}

fn date(t: Option<NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

pub fn load(
    ctx: &Ctx,
    conn: &mut DbConn,
    pane: PaneId,
    q: &Query,
    from: &PageFrom,
    limit: usize,
) -> Result<Loaded, AppError> {
    use repo::{
        activity::ActivitySort as A, company::CompanySort as C, contact::ContactSort as P,
        deal::DealSort as D,
    };
    Ok(match pane {
        PaneId::Companies => {
            let sort = match sort_name(pane, q.sort) {
                "created" => C::Created,
                "updated" => C::Updated,
                _ => C::Name,
            };
            let (lq, rev) = list_query(sort, q, from, limit);
            let f = compile(ctx, conn, pane, &q.filter, filter::Purpose::Rows)?;
            let page = repo::company::list(conn, &lq, f)?;
            let owners = names::users(conn, page.rows.iter().map(|c| c.fields.owner_id))?;
            finish(page, rev, |c| Row {
                id: c.id.id(),
                version: c.version,
                cursor: sort.cursor(c),
                label: c.fields.name.clone(),
                cells: cells(pane, |field| match field {
                    "name" => c.fields.name.clone(),
                    "industry" => opt(&c.fields.industry),
                    "status" => c.fields.status.to_string(),
                    "size" => c.fields.size.map(|s| s.to_string()).unwrap_or_default(),
                    "billing_city" => opt(&c.fields.billing_city),
                    "owner_id" => names::of(&owners, c.fields.owner_id),
                    _ => String::new(),
                }),
            })
        }
        PaneId::Contacts => {
            let sort = match sort_name(pane, q.sort) {
                "created" => P::Created,
                "updated" => P::Updated,
                _ => P::FirstName,
            };
            let (lq, rev) = list_query(sort, q, from, limit);
            let f = compile(ctx, conn, pane, &q.filter, filter::Purpose::Rows)?;
            let page = repo::contact::list(conn, &lq, f)?;
            let companies = names::companies(conn, page.rows.iter().map(|c| c.fields.company_id))?;
            finish(page, rev, |c| {
                let name = names::full_name(&c.fields.first_name, c.fields.last_name.as_deref());
                Row {
                    id: c.id.id(),
                    version: c.version,
                    cursor: sort.cursor(c),
                    label: name.clone(),
                    cells: cells(pane, |field| match field {
                        // the Name column shows first and last name
                        "first_name" => name.clone(),
                        "company_id" => names::of(&companies, c.fields.company_id),
                        "email" => opt(&c.fields.email),
                        "phone" => opt(&c.fields.phone),
                        "title" => opt(&c.fields.title),
                        _ => String::new(),
                    }),
                }
            })
        }
        PaneId::Deals => {
            let sort = match sort_name(pane, q.sort) {
                "value" => D::Value,
                "created" => D::Created,
                "updated" => D::Updated,
                _ => D::Title,
            };
            let (lq, rev) = list_query(sort, q, from, limit);
            let f = compile(ctx, conn, pane, &q.filter, filter::Purpose::Rows)?;
            let page = repo::deal::list(conn, &lq, f)?;
            let companies = names::companies(conn, page.rows.iter().map(|d| d.fields.company_id))?;
            let owners = names::users(conn, page.rows.iter().map(|d| d.fields.owner_id))?;
            let stages = names::stages(conn)?;
            finish(page, rev, |d| Row {
                id: d.id.id(),
                version: d.version,
                cursor: sort.cursor(d),
                label: d.fields.title.clone(),
                cells: cells(pane, |field| match field {
                    "title" => d.fields.title.clone(),
                    "company_id" => names::of(&companies, d.fields.company_id),
                    "stage_id" => names::of(&stages, Some(d.fields.stage_id)),
                    "value" => money::format_major(d.fields.value, &d.fields.currency),
                    "expected_close" => d
                        .fields
                        .expected_close
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    "owner_id" => names::of(&owners, d.fields.owner_id),
                    _ => String::new(),
                }),
            })
        }
        PaneId::Activities => {
            let sort = match sort_name(pane, q.sort) {
                "updated" => A::Updated,
                _ => A::Created,
            };
            let (lq, rev) = list_query(sort, q, from, limit);
            let f = compile(ctx, conn, pane, &q.filter, filter::Purpose::Rows)?;
            let page = repo::activity::list(conn, &lq, f)?;
            let owners = names::users(conn, page.rows.iter().map(|a| a.fields.owner_id))?;
            finish(page, rev, |a| Row {
                id: a.id.id(),
                version: a.version,
                cursor: sort.cursor(a),
                label: a.fields.subject.clone(),
                cells: cells(pane, |field| match field {
                    "kind" => a.fields.kind.to_string(),
                    "subject" => a.fields.subject.clone(),
                    "due_at" => date(a.fields.due_at),
                    "completed_at" if a.fields.completed_at.is_some() => "yes".to_string(),
                    "outcome" => a.fields.outcome.map(|o| o.to_string()).unwrap_or_default(),
                    "owner_id" => names::of(&owners, a.fields.owner_id),
                    _ => String::new(),
                }),
            })
        }
    })
}

pub fn count(
    ctx: &Ctx,
    conn: &mut DbConn,
    pane: PaneId,
    text: &str,
    cap: i64,
) -> Result<Count, AppError> {
    let up_to = cap.saturating_add(1);
    let n = match pane {
        PaneId::Companies => {
            let f = compile(ctx, conn, pane, text, filter::Purpose::Count)?;
            repo::company::count_up_to(conn, Liveness::Live, f, up_to)?
        }
        PaneId::Contacts => {
            let f = compile(ctx, conn, pane, text, filter::Purpose::Count)?;
            repo::contact::count_up_to(conn, Liveness::Live, f, up_to)?
        }
        PaneId::Deals => {
            let f = compile(ctx, conn, pane, text, filter::Purpose::Count)?;
            repo::deal::count_up_to(conn, Liveness::Live, f, up_to)?
        }
        PaneId::Activities => {
            let f = compile(ctx, conn, pane, text, filter::Purpose::Count)?;
            repo::activity::count_up_to(conn, Liveness::Live, f, up_to)?
        }
    };
    Ok(Count::capped(n, cap))
}

pub fn delete(
    ctx: &Ctx,
    conn: &mut DbConn,
    pane: PaneId,
    id: Id,
    version: i32,
) -> Result<(), DbError> {
    let v = Some(version);
    match pane {
        PaneId::Companies => {
            repo::company::soft_delete(conn, ctx.actor, CompanyId(id), v).map(drop)
        }
        PaneId::Contacts => repo::contact::soft_delete(conn, ctx.actor, ContactId(id), v).map(drop),
        PaneId::Deals => repo::deal::soft_delete(conn, ctx.actor, DealId(id), v).map(drop),
        PaneId::Activities => {
            repo::activity::soft_delete(conn, ctx.actor, crate::domain::ActivityId(id), v).map(drop)
        }
    }
}

pub fn restore(ctx: &Ctx, conn: &mut DbConn, pane: PaneId, id: Id) -> Result<(), DbError> {
    match pane {
        PaneId::Companies => repo::company::restore(conn, ctx.actor, CompanyId(id)).map(drop),
        PaneId::Contacts => repo::contact::restore(conn, ctx.actor, ContactId(id)).map(drop),
        PaneId::Deals => repo::deal::restore(conn, ctx.actor, DealId(id)).map(drop),
        PaneId::Activities => {
            repo::activity::restore(conn, ctx.actor, crate::domain::ActivityId(id)).map(drop)
        }
    }
}

//! `rolo <entity> list|count`: the filter language on the command line, with table, JSON, CSV
//! or id output. An invalid filter exits 2 with a caret under the offending text.

use super::out::outln;
use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

use super::args::{CountArgs, ListArgs, RowLimit};
use super::list_out::Sink;
use crate::app::query::{boxed, compile_for};
use crate::app::Ctx;
use crate::db::repo::{self, ListQuery, Liveness, Page, Predicate};
use crate::db::{DbConn, DbError};
use crate::domain::Entity;
use crate::error::{exit, AppError};
use crate::filter;

/// What listing needs to know about an entity.
pub trait Listable {
    const ENTITY: Entity;
    type Table: diesel::Table;
    type Sort: Copy + 'static;
    type Row: Serialize;
    /// Sort names as typed after `--sort`, the first being the default.
    const SORTS: &'static [(&'static str, Self::Sort)];
    /// (header, JSON key) of the table columns.
    const COLUMNS: &'static [(&'static str, &'static str)];
    fn list(
        conn: &mut DbConn,
        q: &ListQuery<Self::Sort>,
        f: Option<Predicate<Self::Table>>,
    ) -> Result<Page<Self::Row>, DbError>;
    fn count(conn: &mut DbConn, f: Option<Predicate<Self::Table>>) -> Result<i64, DbError>;
    fn count_up_to(
        conn: &mut DbConn,
        f: Option<Predicate<Self::Table>>,
        cap: i64,
    ) -> Result<i64, DbError>;
}

macro_rules! listable {
    ($kind:ty, $entity:ident, $repo:ident, $table:path, $row:ty, $sort:ty, [$($sname:literal => $svar:ident),+], [$($h:literal => $k:literal),+]) => {
        impl Listable for $kind {
            const ENTITY: Entity = Entity::$entity;
            type Table = $table;
            type Sort = $sort;
            type Row = $row;
            const SORTS: &'static [(&'static str, $sort)] = &[$(($sname, <$sort>::$svar)),+];
            const COLUMNS: &'static [(&'static str, &'static str)] = &[$(($h, $k)),+];
            fn list(conn: &mut DbConn, q: &ListQuery<$sort>, f: Option<Predicate<$table>>) -> Result<Page<$row>, DbError> {
                repo::$repo::list(conn, q, f)
            }
            fn count(conn: &mut DbConn, f: Option<Predicate<$table>>) -> Result<i64, DbError> {
                repo::$repo::count(conn, Liveness::Live, f)
            }
            fn count_up_to(conn: &mut DbConn, f: Option<Predicate<$table>>, cap: i64) -> Result<i64, DbError> {
                repo::$repo::count_up_to(conn, Liveness::Live, f, cap)
            }
        }
    };
}

use super::record::{Activities, Companies, Contacts, Deals, Stages, Users};
use crate::db::models;
use crate::db::repo::{
    activity::ActivitySort, company::CompanySort, contact::ContactSort, deal::DealSort,
    stage::StageSort, user::UserSort,
};
use crate::db::schema;

listable!(Companies, Companies, company, schema::companies::table, models::Company, CompanySort,
    ["name" => Name, "created" => Created, "updated" => Updated],
    ["NAME" => "name", "INDUSTRY" => "industry", "STATUS" => "status", "SIZE" => "size", "CITY" => "billing_city", "COUNTRY" => "billing_country"]);
listable!(Contacts, Contacts, contact, schema::contacts::table, models::Contact, ContactSort,
    ["first_name" => FirstName, "created" => Created, "updated" => Updated],
    ["FIRST" => "first_name", "LAST" => "last_name", "EMAIL" => "email", "PHONE" => "phone", "TITLE" => "title"]);
listable!(Deals, Deals, deal, schema::deals::table, models::Deal, DealSort,
    ["title" => Title, "value" => Value, "created" => Created, "updated" => Updated],
    ["TITLE" => "title", "STAGE" => "stage_id", "VALUE" => "value", "STATUS" => "status", "CLOSE" => "expected_close"]);
listable!(Activities, Activities, activity, schema::activities::table, models::Activity, ActivitySort,
    ["created" => Created, "updated" => Updated],
    ["KIND" => "kind", "SUBJECT" => "subject", "DUE" => "due_at", "DONE" => "completed_at", "OUTCOME" => "outcome"]);
listable!(Users, Users, user, schema::users::table, models::User, UserSort,
    ["name" => Name, "created" => Created],
    ["NAME" => "name", "EMAIL" => "email", "ROLE" => "role"]);
listable!(Stages, Stages, stage, schema::pipeline_stages::table, models::Stage, StageSort,
    ["position" => Position, "name" => Name],
    ["POS" => "position", "NAME" => "name", "KIND" => "kind", "PROB%" => "probability", "ACTIVE" => "active"]);

fn parse_sort<L: Listable>(raw: Option<&str>) -> Result<(L::Sort, bool), AppError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok((L::SORTS[0].1, false));
    };
    let (name, desc) = match raw.rsplit_once(':') {
        Some((n, "desc")) => (n, true),
        Some((n, "asc")) => (n, false),
        _ => (raw, false),
    };
    L::SORTS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| (*s, desc))
        .ok_or_else(|| {
            let names: Vec<&str> = L::SORTS.iter().map(|(n, _)| *n).collect();
            AppError::Usage(format!(
                "cannot sort {} by '{name}'; sort by one of: {}",
                L::ENTITY,
                names.join(", ")
            ))
        })
}

pub fn count<L: Listable>(ctx: &Ctx, args: CountArgs) -> Result<i32, AppError> {
    let mut conn = ctx.conn()?;
    let (text, _) = super::filter_text(ctx, &mut conn, L::ENTITY, &args.filter)?;
    let pred = compile_for(ctx, &mut conn, L::ENTITY, &text, filter::Purpose::Count)?;
    match args.up_to {
        Some(cap) if cap < 1 => return Err(AppError::Usage("--up-to must be at least 1".into())),
        // one row past the cap tells an exact `cap` from "more"
        Some(cap) => match L::count_up_to(&mut conn, boxed(pred), cap.saturating_add(1))? {
            n if n > cap => outln!("at least {cap}")?,
            n => outln!("{n}")?,
        },
        None => outln!("{}", L::count(&mut conn, boxed(pred))?)?,
    }
    Ok(exit::OK)
}

/// Rows per query when listing: `--limit all` and large limits are read in keyset pages of this
/// many, written as they come.
const PAGE: i64 = 500;

pub fn list<L: Listable>(ctx: &Ctx, args: ListArgs) -> Result<i32, AppError> {
    let mut conn = ctx.conn()?;
    let (text, view_sort) = super::filter_text(ctx, &mut conn, L::ENTITY, &args.filter)?;
    let (sort, descending) = parse_sort::<L>(args.sort.as_deref().or(view_sort.as_deref()))?;
    let pred = compile_for(ctx, &mut conn, L::ENTITY, &text, filter::Purpose::Rows)?;
    let stages = if L::ENTITY == Entity::Deals {
        stage_names(&mut conn)?
    } else {
        HashMap::new()
    };
    let mut sink = Sink::new(args.output, L::COLUMNS, &stages);
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
    };
    let more = loop {
        let page = L::list(&mut conn, &q, boxed(pred.clone()))?;
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
    if let (true, RowLimit::First(n)) = (more, args.limit) {
        eprintln!(
            "showing the first {n} {}; more match — use --limit N or --limit all",
            L::ENTITY
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

fn stage_names(conn: &mut DbConn) -> Result<HashMap<String, String>, AppError> {
    Ok(repo::stage::live_ordered(conn)?
        .into_iter()
        .map(|s| (s.id.to_string(), s.fields.name))
        .collect())
}

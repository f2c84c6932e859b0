//! One page of each entity as export cells: every field, with related records by name as well as
//! by id (company name, contact email, deal title, owner email, stage name) and tags. Column
//! names are the import's field names, so an export imports back as it was.

use std::collections::HashMap;

use diesel::prelude::*;

use super::{Cell, Lookups};
use crate::db::conn::MultiBackend;
use crate::db::models::{Stage, User};
use crate::db::repo::Predicate;
use crate::db::schema::{companies, contacts, deals, pipeline_stages, users};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ContactId, DealId, Id};
use crate::transfer::values::show_time;

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}
fn opt(s: &Option<String>) -> Cell {
    s.as_ref().map(|v| text(v)).unwrap_or(Cell::Null)
}
fn id<T: ToString>(v: &Option<T>) -> Cell {
    v.as_ref()
        .map(|i| Cell::Text(i.to_string()))
        .unwrap_or(Cell::Null)
}
fn time(t: Option<chrono::NaiveDateTime>) -> Cell {
    t.map(|t| Cell::Text(show_time(t))).unwrap_or(Cell::Null)
}

/// Live rows of `$table` after `$after` in id order, filtered.
macro_rules! page {
    ($conn:expr, $table:ident, $row:ty, $idty:ident, $pred:expr, $after:expr, $limit:expr) => {{
        let mut q = $table::table
            .filter($table::deleted_at.is_null())
            .select(<$row>::as_select())
            .into_boxed::<MultiBackend>();
        if let Some(p) = $pred {
            q = q.filter(Box::new(p.clone()) as Predicate<$table::table>);
        }
        if let Some(after) = $after {
            q = q.filter($table::id.gt(crate::domain::$idty(after)));
        }
        q.order($table::id.asc())
            .limit($limit)
            .load::<$row>($conn)?
    }};
}

/// Tag names per record, for a page of ids.
macro_rules! tags_of {
    ($conn:expr, $join:ident, $col:ident, $idty:ident, $ids:expr) => {{
        let ids: Vec<$idty> = $ids.iter().map(|i| $idty(*i)).collect();
        let rows: Vec<($idty, String)> = $join::table
            .inner_join(tags::table)
            .filter($join::$col.eq_any(ids))
            .filter(tags::deleted_at.is_null())
            .select(($join::$col, tags::name))
            .load($conn)?;
        let mut out: HashMap<Id, Vec<String>> = HashMap::new();
        for (id, name) in rows {
            out.entry(id.id()).or_default().push(name);
        }
        for names in out.values_mut() {
            names.sort_by_key(|n| n.to_lowercase());
        }
        out
    }};
}

fn tag_cell(tags: &HashMap<Id, Vec<String>>, id: Id) -> Cell {
    Cell::Tags(tags.get(&id).cloned().unwrap_or_default())
}

/// Names of companies, contacts and deals by id (deleted ones too: a reference may outlive them).
fn company_names(conn: &mut DbConn, ids: Vec<CompanyId>) -> Result<HashMap<Id, String>, DbError> {
    Ok(companies::table
        .filter(companies::id.eq_any(ids))
        .select((companies::id, companies::name))
        .load::<(CompanyId, String)>(conn)?
        .into_iter()
        .map(|(i, n)| (i.id(), n))
        .collect())
}

fn contact_names(conn: &mut DbConn, ids: Vec<ContactId>) -> Result<HashMap<Id, String>, DbError> {
    Ok(contacts::table
        .filter(contacts::id.eq_any(ids))
        .select((
            contacts::id,
            contacts::first_name,
            contacts::last_name,
            contacts::email,
        ))
        .load::<(ContactId, String, Option<String>, Option<String>)>(conn)?
        .into_iter()
        .map(|(i, first, last, email)| {
            let name = email.unwrap_or_else(|| {
                format!("{first} {}", last.unwrap_or_default())
                    .trim()
                    .to_string()
            });
            (i.id(), name)
        })
        .collect())
}

fn deal_titles(conn: &mut DbConn, ids: Vec<DealId>) -> Result<HashMap<Id, String>, DbError> {
    Ok(deals::table
        .filter(deals::id.eq_any(ids))
        .select((deals::id, deals::title))
        .load::<(DealId, String)>(conn)?
        .into_iter()
        .map(|(i, t)| (i.id(), t))
        .collect())
}

fn name_of(names: &HashMap<Id, String>, id: Option<Id>) -> Cell {
    id.and_then(|i| names.get(&i))
        .map(|n| text(n))
        .unwrap_or(Cell::Null)
}

mod activity;
mod company;
mod contact;
mod deal;

pub use activity::{activities, ACTIVITY_COLUMNS};
pub use company::{companies, COMPANY_COLUMNS};
pub use contact::{contacts, CONTACT_COLUMNS};
pub use deal::{deals, DEAL_COLUMNS};

pub const USER_COLUMNS: &[&str] = &[
    "id",
    "name",
    "email",
    "role",
    "timezone",
    "created_at",
    "updated_at",
];

pub fn users(
    conn: &mut DbConn,
    l: &Lookups,
    after: Option<Id>,
    limit: i64,
) -> Result<(Vec<Vec<Cell>>, Option<Id>), DbError> {
    let rows: Vec<User> = page!(conn, users, User, UserId, &l.filter, after, limit);
    let out = rows
        .iter()
        .map(|r| {
            let f = &r.fields;
            vec![
                text(&r.id.to_string()),
                text(&f.name),
                text(&f.email),
                text(f.role.as_str()),
                text(&f.timezone),
                time(Some(r.created_at)),
                time(Some(r.updated_at)),
            ]
        })
        .collect();
    Ok((out, rows.last().map(|r| r.id.id())))
}

pub const STAGE_COLUMNS: &[&str] = &[
    "id",
    "name",
    "position",
    "probability",
    "color",
    "kind",
    "active",
    "created_at",
    "updated_at",
];

pub fn stages(
    conn: &mut DbConn,
    l: &Lookups,
    after: Option<Id>,
    limit: i64,
) -> Result<(Vec<Vec<Cell>>, Option<Id>), DbError> {
    let rows: Vec<Stage> = page!(
        conn,
        pipeline_stages,
        Stage,
        StageId,
        &l.filter,
        after,
        limit
    );
    let out = rows
        .iter()
        .map(|r| {
            let f = &r.fields;
            vec![
                text(&r.id.to_string()),
                text(&f.name),
                Cell::Int(f.position.into()),
                Cell::Int(f.probability.into()),
                text(&f.color),
                text(f.kind.as_str()),
                Cell::Bool(f.active),
                time(Some(r.created_at)),
                time(Some(r.updated_at)),
            ]
        })
        .collect();
    Ok((out, rows.last().map(|r| r.id.id())))
}

/// Every user's email and every stage's name by id (small tables, read once).
/// Names by id.
type Names = HashMap<Id, String>;

pub fn lookups(conn: &mut DbConn) -> Result<(Names, Names), DbError> {
    let users = users::table
        .select((users::id, users::email))
        .load::<(crate::domain::UserId, String)>(conn)?
        .into_iter()
        .map(|(i, e)| (i.id(), e))
        .collect();
    let stages = pipeline_stages::table
        .select((pipeline_stages::id, pipeline_stages::name))
        .load::<(crate::domain::StageId, String)>(conn)?
        .into_iter()
        .map(|(i, n)| (i.id(), n))
        .collect();
    Ok((users, stages))
}

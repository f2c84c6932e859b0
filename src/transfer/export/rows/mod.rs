//! One page of each entity as export cells: every field, with related records by name as well as
//! by id (company name, contact email, deal title, owner email, stage name) and tags. Column
//! names are the import's field names, so an export imports back as it was.
//!
//! [`page`] is the one keyset page read: an entity's [`Row`] says only what is its own (its page
//! query, the records its rows refer to, its tags, and how one row becomes cells).

use std::collections::HashMap;

use diesel::prelude::*;

use super::{Cell, Lookups};
use crate::db::models::{Stage, User};
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

/// Names by id.
type Names = HashMap<Id, String>;
/// Tag names by record id, each list sorted case-insensitively.
type Tags = HashMap<Id, Vec<String>>;

/// The records one row refers to by id, to be shown by name as well.
#[derive(Default)]
pub(super) struct Refs {
    company: Option<CompanyId>,
    contact: Option<ContactId>,
    deal: Option<DealId>,
}

/// What a page's rows refer to, read once per page: names by id, and the rows' tags.
pub(super) struct Related {
    companies: Names,
    contacts: Names,
    deals: Names,
    tags: Tags,
}

/// An exported entity's own part of a page read.
pub(super) trait Row: Sized {
    /// The entity whose rows end with `external_source` and `external_id` (another tool's id).
    const EXTERNAL: Option<crate::domain::Entity> = None;
    /// Live rows after `after` in id order, filtered, at most `limit` (see [`rows_of!`]).
    fn load(
        conn: &mut DbConn,
        l: &Lookups,
        after: Option<Id>,
        limit: i64,
    ) -> Result<Vec<Self>, DbError>;
    fn id(&self) -> Id;
    /// Tag names of a page of ids; none for untagged entities.
    fn tags(_conn: &mut DbConn, _ids: &[Id]) -> Result<Tags, DbError> {
        Ok(Tags::new())
    }
    /// The records this row refers to by id, beyond users and stages (which are in [`Lookups`]).
    fn refs(&self) -> Refs {
        Refs::default()
    }
    /// The row's cells, in its columns' order.
    fn cells(&self, l: &Lookups, related: &Related) -> Vec<Cell>;
}

/// One keyset page of `R` as cells, and the last id read (the next page starts after it).
/// Memory holds this page only.
pub(super) fn page<R: Row>(
    conn: &mut DbConn,
    l: &Lookups,
    after: Option<Id>,
    limit: i64,
) -> Result<(Vec<Vec<Cell>>, Option<Id>), DbError> {
    let rows = R::load(conn, l, after, limit)?;
    let ids: Vec<Id> = rows.iter().map(R::id).collect();
    let refs: Vec<Refs> = rows.iter().map(R::refs).collect();
    let related = Related {
        companies: company_names(conn, refs.iter().filter_map(|r| r.company).collect())?,
        contacts: contact_names(conn, refs.iter().filter_map(|r| r.contact).collect())?,
        deals: deal_titles(conn, refs.iter().filter_map(|r| r.deal).collect())?,
        tags: R::tags(conn, &ids)?,
    };
    let external = match R::EXTERNAL {
        Some(e) => crate::db::repo::external::of(conn, e, &ids)?,
        None => HashMap::new(),
    };
    let out = rows
        .iter()
        .map(|r| {
            let mut cells = r.cells(l, &related);
            if R::EXTERNAL.is_some() {
                let x = external.get(&r.id());
                cells.push(x.map(|x| text(&x.source)).unwrap_or(Cell::Null));
                cells.push(x.map(|x| text(&x.id)).unwrap_or(Cell::Null));
            }
            cells
        })
        .collect();
    Ok((out, ids.last().copied()))
}

/// The [`Row`] methods that follow from the table: `load` (live rows of `$table` in id order
/// after a cursor, filtered), `id`, and with `tags: $join.$col` the tags joined through `$join`.
macro_rules! rows_of {
    ($table:ident, $idty:ident $(, tags: $join:ident . $col:ident)?) => {
        fn load(
            conn: &mut crate::db::DbConn,
            l: &crate::transfer::export::Lookups,
            after: Option<crate::domain::Id>,
            limit: i64,
        ) -> Result<Vec<Self>, crate::db::DbError> {
            use crate::db::conn::MultiBackend;
            use crate::db::repo::Predicate;
            let mut q = $table::table
                .filter($table::deleted_at.is_null())
                .select(Self::as_select())
                .into_boxed::<MultiBackend>();
            if let Some(p) = &l.filter {
                q = q.filter(Box::new(p.clone()) as Predicate<$table::table>);
            }
            if let Some(after) = after {
                q = q.filter($table::id.gt(crate::domain::$idty(after)));
            }
            Ok(q.order($table::id.asc()).limit(limit).load::<Self>(conn)?)
        }

        fn id(&self) -> crate::domain::Id {
            self.id.id()
        }

        $(
            fn tags(
                conn: &mut crate::db::DbConn,
                ids: &[crate::domain::Id],
            ) -> Result<crate::transfer::export::rows::Tags, crate::db::DbError> {
                use crate::db::schema::tags;
                use crate::domain::$idty;
                let ids: Vec<$idty> = ids.iter().map(|i| $idty(*i)).collect();
                let rows: Vec<($idty, String)> = $join::table
                    .inner_join(tags::table)
                    .filter($join::$col.eq_any(ids))
                    .filter(tags::deleted_at.is_null())
                    .select(($join::$col, tags::name))
                    .load(conn)?;
                let mut out = crate::transfer::export::rows::Tags::new();
                for (id, name) in rows {
                    out.entry(id.id()).or_default().push(name);
                }
                for names in out.values_mut() {
                    names.sort_by_key(|n| n.to_lowercase());
                }
                Ok(out)
            }
        )?
    };
}

fn tag_cell(tags: &Tags, id: Id) -> Cell {
    Cell::Tags(tags.get(&id).cloned().unwrap_or_default())
}

/// `(id, name)` pairs of `$table`, every row's or (with `in $ids`) those ids' only.
macro_rules! names {
    ($conn:expr, $table:ident, $idty:ty, $name:ident $(, in $ids:expr)?) => {
        $table::table
            $(.filter($table::id.eq_any($ids)))?
            .select(($table::id, $table::$name))
            .load::<($idty, String)>($conn)?
            .into_iter()
            .map(|(i, n)| (i.id(), n))
            .collect::<Names>()
    };
}

/// Names of companies, contacts and deals by id (deleted ones too: a reference may outlive them).
/// No ids, no query.
fn company_names(conn: &mut DbConn, ids: Vec<CompanyId>) -> Result<Names, DbError> {
    if ids.is_empty() {
        return Ok(Names::new());
    }
    Ok(names!(conn, companies, CompanyId, name, in ids))
}

fn contact_names(conn: &mut DbConn, ids: Vec<ContactId>) -> Result<Names, DbError> {
    if ids.is_empty() {
        return Ok(Names::new());
    }
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

fn deal_titles(conn: &mut DbConn, ids: Vec<DealId>) -> Result<Names, DbError> {
    if ids.is_empty() {
        return Ok(Names::new());
    }
    Ok(names!(conn, deals, DealId, title, in ids))
}

fn name_of(names: &Names, id: Option<Id>) -> Cell {
    id.and_then(|i| names.get(&i))
        .map(|n| text(n))
        .unwrap_or(Cell::Null)
}

mod activity;
mod company;
mod contact;
mod deal;

pub use activity::ACTIVITY_COLUMNS;
pub use company::COMPANY_COLUMNS;
pub use contact::CONTACT_COLUMNS;
pub use deal::DEAL_COLUMNS;

pub const USER_COLUMNS: &[&str] = &[
    "id",
    "name",
    "email",
    "role",
    "timezone",
    "created_at",
    "updated_at",
];

impl Row for User {
    rows_of!(users, UserId);

    fn cells(&self, _: &Lookups, _: &Related) -> Vec<Cell> {
        let f = &self.fields;
        vec![
            text(&self.id.to_string()),
            text(&f.name),
            text(&f.email),
            text(f.role.as_str()),
            text(&f.timezone),
            time(Some(self.created_at)),
            time(Some(self.updated_at)),
        ]
    }
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

impl Row for Stage {
    rows_of!(pipeline_stages, StageId);

    fn cells(&self, _: &Lookups, _: &Related) -> Vec<Cell> {
        let f = &self.fields;
        vec![
            text(&self.id.to_string()),
            text(&f.name),
            Cell::Int(f.position.into()),
            Cell::Int(f.probability.into()),
            text(&f.color),
            text(f.kind.as_str()),
            Cell::Bool(f.active),
            time(Some(self.created_at)),
            time(Some(self.updated_at)),
        ]
    }
}

/// Every user's email and every stage's name by id (small tables, read once).
pub fn lookups(conn: &mut DbConn) -> Result<(Names, Names), DbError> {
    let users = names!(conn, users, crate::domain::UserId, email);
    let stages = names!(conn, pipeline_stages, crate::domain::StageId, name);
    Ok((users, stages))
}

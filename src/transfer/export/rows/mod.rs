//! One page of each entity as export cells: every field, with related records by name as well as
//! by id (company name, contact email, deal title, owner email, stage name) and tags. Column
//! names are the import's field names, so an export imports back as it was.
//!
//! [`page`] is the one keyset page read: an entity's [`Row`] says only what is its own (its
//! records' repository, whether it has tags and another tool's id, the records its rows refer
//! to, and how one row becomes cells). The columns are [`columns`], from the description.

use std::collections::HashMap;

use super::{Cell, Lookups};
use crate::db::models::{Stage, User};
use crate::db::record::{Stages, Users};
use crate::db::repo::export::{self as read, ExportRows};
use crate::db::repo::{names, Predicate};
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
    /// The repository its rows come from.
    type Record: ExportRows<Row = Self>;
    /// Rows have tags (the `tags` column).
    const TAGGED: bool = false;
    /// Rows end with `external_source` and `external_id` (another tool's id).
    const EXTERNAL: bool = false;
    fn id(&self) -> Id;
    /// The records this row refers to by id, beyond users and stages (which are in [`Lookups`]).
    fn refs(&self) -> Refs {
        Refs::default()
    }
    /// The row's cells, in [`columns`]' order.
    fn cells(&self, l: &Lookups, related: &Related) -> Vec<Cell>;
}

/// The columns of `R`'s export.
pub(super) fn columns<R: Row>() -> Vec<&'static str> {
    super::columns::columns(
        <R::Record as crate::db::record::Record>::ENTITY,
        R::TAGGED,
        R::EXTERNAL,
    )
}

/// Tag names by record id, each list sorted case-insensitively.
fn tags<R: Row>(conn: &mut DbConn, ids: &[Id]) -> Result<Tags, DbError> {
    let mut out = Tags::new();
    if !R::TAGGED {
        return Ok(out);
    }
    for (id, name) in R::Record::tag_names(conn, ids)? {
        out.entry(id).or_default().push(name);
    }
    for names in out.values_mut() {
        names.sort_by_key(|n| n.to_lowercase());
    }
    Ok(out)
}

/// One keyset page of `R` as cells, and the last id read (the next page starts after it).
/// Memory holds this page only.
pub(super) fn page<R: Row>(
    conn: &mut DbConn,
    l: &Lookups,
    after: Option<Id>,
    limit: i64,
) -> Result<(Vec<Vec<Cell>>, Option<Id>), DbError> {
    let filter = l.filter.clone().map(|p| Box::new(p) as Predicate<_>);
    let rows = R::Record::after(conn, filter, after, limit)?;
    let ids: Vec<Id> = rows.iter().map(R::id).collect();
    let refs: Vec<Refs> = rows.iter().map(R::refs).collect();
    let related = Related {
        companies: by_id(names::of_ids(conn, refs.iter().map(|r| r.company))?),
        contacts: read::contact_labels(conn, refs.iter().filter_map(|r| r.contact).collect())?
            .into_iter()
            .collect(),
        deals: by_id(names::of_ids(conn, refs.iter().map(|r| r.deal))?),
        tags: tags::<R>(conn, &ids)?,
    };
    let external = if R::EXTERNAL {
        let entity = <R::Record as crate::db::record::Record>::ENTITY;
        crate::db::repo::external::of(conn, entity, &ids)?
    } else {
        HashMap::new()
    };
    let out = rows
        .iter()
        .map(|r| {
            let mut cells = r.cells(l, &related);
            if R::EXTERNAL {
                let x = external.get(&r.id());
                cells.push(x.map(|x| text(&x.source)).unwrap_or(Cell::Null));
                cells.push(x.map(|x| text(&x.id)).unwrap_or(Cell::Null));
            }
            cells
        })
        .collect();
    Ok((out, ids.last().copied()))
}

fn tag_cell(tags: &Tags, id: Id) -> Cell {
    Cell::Tags(tags.get(&id).cloned().unwrap_or_default())
}

/// Names by typed id as [`Names`].
fn by_id<K: Into<Id>>(names: HashMap<K, String>) -> Names {
    names.into_iter().map(|(k, n)| (k.into(), n)).collect()
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

impl Row for User {
    type Record = Users;

    fn id(&self) -> Id {
        self.id.id()
    }

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

impl Row for Stage {
    type Record = Stages;

    fn id(&self) -> Id {
        self.id.id()
    }

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
    let users = read::user_emails(conn)?.into_iter().collect();
    let stages = by_id(names::all_stages(conn)?);
    Ok((users, stages))
}

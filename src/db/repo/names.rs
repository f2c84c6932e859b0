//! The display names of ids: one `IN (…)` query per table for a whole page of ids, never one per
//! row. [`of_ids`] is the one lookup; [`Named`] says, per id type, which table and columns hold
//! the name.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use diesel::prelude::*;

use crate::db::schema::{activities, companies, contacts, deals, pipeline_stages, teams, users};
use crate::db::{DbConn, DbError};
use crate::domain::history::{RefName, RefNames};
use crate::domain::{
    ActivityId, CompanyId, ContactId, DealId, Entity, Id, StageId, TeamId, UserId,
};

/// An id whose record has a display name.
pub trait Named: Copy + Eq + Hash + Sized {
    /// The names of these (distinct, non-empty) ids; ids with no row are left out.
    fn load_names(conn: &mut DbConn, ids: Vec<Self>) -> QueryResult<Vec<(Self, String)>>;
}

/// The names of the given ids (each looked up once; `None`s skipped), deleted records included.
pub fn of_ids<K: Named>(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = Option<K>>,
) -> Result<HashMap<K, String>, DbError> {
    let ids: Vec<K> = ids
        .into_iter()
        .flatten()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(K::load_names(conn, ids)?.into_iter().collect())
}

/// A person's name as shown: first and last, or the first alone.
pub fn full_name(first: &str, last: Option<&str>) -> String {
    match last.filter(|l| !l.is_empty()) {
        Some(l) => format!("{first} {l}"),
        None => first.to_string(),
    }
}

macro_rules! named_by_column {
    ($id:ty, $table:ident, $name:ident) => {
        impl Named for $id {
            fn load_names(conn: &mut DbConn, ids: Vec<Self>) -> QueryResult<Vec<(Self, String)>> {
                $table::table
                    .filter($table::id.eq_any(ids))
                    .select(($table::id, $table::$name))
                    .load(conn)
            }
        }
    };
}

named_by_column!(CompanyId, companies, name);
named_by_column!(UserId, users, name);
named_by_column!(DealId, deals, title);
named_by_column!(StageId, pipeline_stages, name);

impl Named for ContactId {
    fn load_names(conn: &mut DbConn, ids: Vec<Self>) -> QueryResult<Vec<(Self, String)>> {
        Ok(contacts::table
            .filter(contacts::id.eq_any(ids))
            .select((contacts::id, contacts::first_name, contacts::last_name))
            .load::<(ContactId, String, Option<String>)>(conn)?
            .into_iter()
            .map(|(id, f, l)| (id, full_name(&f, l.as_deref())))
            .collect())
    }
}

/// Every stage's name, deleted ones included (stages are few).
pub fn all_stages(conn: &mut DbConn) -> Result<HashMap<StageId, String>, DbError> {
    Ok(pipeline_stages::table
        .select((pipeline_stages::id, pipeline_stages::name))
        .load::<(StageId, String)>(conn)?
        .into_iter()
        .collect())
}

/// Every team's name, deleted ones included (teams are few): how a user's team reads in a table.
pub fn all_teams(conn: &mut DbConn) -> Result<HashMap<TeamId, String>, DbError> {
    Ok(teams::table
        .select((teams::id, teams::name))
        .load::<(TeamId, String)>(conn)?
        .into_iter()
        .collect())
}

/// What each referenced `(entity, id)` reads as in history and `get`: its name, `Name (deleted)`
/// for a record in the trash, [`RefName::Hidden`] for one `access` may not see; ids with no row
/// are left out (they read `(unknown)`). One `IN (…)` query per referenced table, one more per
/// table whose reads are restricted.
pub fn references(
    conn: &mut DbConn,
    access: &crate::db::access::Access,
    wanted: impl IntoIterator<Item = (Entity, Id)>,
) -> Result<RefNames, DbError> {
    let mut by_entity: HashMap<Entity, HashSet<Id>> = HashMap::new();
    for (e, id) in wanted {
        by_entity.entry(e).or_default().insert(id);
    }
    let mut out = RefNames::new();
    for (entity, ids) in by_entity {
        let ids: Vec<Id> = ids.into_iter().collect();
        let rows = named_rows(conn, entity, &ids)?;
        let seen = crate::db::access::visible_ids(conn, access, entity, rows.iter().map(|r| r.0))?;
        for (id, name, deleted) in rows {
            let shown = match &seen {
                Some(seen) if !seen.contains(&id) => RefName::Hidden,
                _ if deleted => RefName::Deleted(name),
                _ => RefName::Live(name),
            };
            out.insert((entity, id), shown);
        }
    }
    Ok(out)
}

/// `(id, name, deleted)` of those of `ids` that exist in `entity`'s table.
fn named_rows(
    conn: &mut DbConn,
    entity: Entity,
    ids: &[Id],
) -> Result<Vec<(Id, String, bool)>, DbError> {
    macro_rules! by_column {
        ($table:ident, $id:ident, $name:ident) => {
            $table::table
                .filter($table::id.eq_any(ids.iter().map(|&i| $id(i))))
                .select(($table::id, $table::$name, $table::deleted_at.is_not_null()))
                .load::<($id, String, bool)>(conn)?
                .into_iter()
                .map(|(id, n, d)| (id.id(), n, d))
                .collect()
        };
    }
    Ok(match entity {
        Entity::Companies => by_column!(companies, CompanyId, name),
        Entity::Users => by_column!(users, UserId, name),
        Entity::Deals => by_column!(deals, DealId, title),
        Entity::Stages => by_column!(pipeline_stages, StageId, name),
        Entity::Teams => by_column!(teams, TeamId, name),
        Entity::Activities => by_column!(activities, ActivityId, subject),
        Entity::Contacts => contacts::table
            .filter(contacts::id.eq_any(ids.iter().map(|&i| ContactId(i))))
            .select((
                contacts::id,
                contacts::first_name,
                contacts::last_name,
                contacts::deleted_at.is_not_null(),
            ))
            .load::<(ContactId, String, Option<String>, bool)>(conn)?
            .into_iter()
            .map(|(id, f, l, d)| (id.id(), full_name(&f, l.as_deref()), d))
            .collect(),
        Entity::Tags | Entity::Views => Vec::new(),
    })
}

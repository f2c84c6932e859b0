//! The display names of ids: one `IN (…)` query per table for a whole page of ids, never one per
//! row. [`of_ids`] is the one lookup; [`Named`] says, per id type, which table and columns hold
//! the name.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use diesel::prelude::*;

use crate::db::schema::{companies, contacts, deals, pipeline_stages, teams, users};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ContactId, DealId, StageId, TeamId, UserId};

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

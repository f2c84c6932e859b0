//! Names for the ids on a page (company, owner, stage, contact), fetched once per page with one
//! `IN (…)` query each, never per row: all through [`repo::names::of_ids`].

use std::collections::HashMap;
use std::hash::Hash;

pub use crate::db::repo::names::full_name;
use crate::db::repo::names::{self as repo_names, of_ids};
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ContactId, DealId, StageId, UserId};

/// The lookup's result for one kind of id.
type Names<K> = Result<HashMap<K, String>, DbError>;

pub fn companies(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = Option<CompanyId>>,
) -> Names<CompanyId> {
    of_ids(conn, ids)
}

pub fn users(conn: &mut DbConn, ids: impl IntoIterator<Item = Option<UserId>>) -> Names<UserId> {
    of_ids(conn, ids)
}

pub fn contacts(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = Option<ContactId>>,
) -> Names<ContactId> {
    of_ids(conn, ids)
}

pub fn deals(conn: &mut DbConn, ids: impl IntoIterator<Item = Option<DealId>>) -> Names<DealId> {
    of_ids(conn, ids)
}

/// Every stage's name (stages are few).
pub fn stages(conn: &mut DbConn) -> Names<StageId> {
    repo_names::all_stages(conn)
}

/// A name looked up in a map, or "" for none.
pub fn of<K: Eq + Hash>(map: &HashMap<K, String>, key: Option<K>) -> String {
    key.and_then(|k| map.get(&k).cloned()).unwrap_or_default()
}

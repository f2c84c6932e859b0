//! Names for the ids on a page (company, owner, stage, contact), fetched once per page with one
//! `IN (…)` query each, never per row: all through [`repo::names::of_ids`]. What a list or a
//! form shows goes through [`visible`], which leaves out the companies, contacts and deals the
//! acting user may not see (on PostgreSQL row-level security already does); those read as
//! [`HIDDEN`].

use std::collections::HashMap;
use std::hash::Hash;

use crate::db::access::{retain_visible, Access};
pub use crate::db::repo::names::full_name;
use crate::db::repo::names::{self as repo_names, of_ids, Named};
use crate::db::{DbConn, DbError};
use crate::domain::{Entity, Id, StageId, UserId};

/// The lookup's result for one kind of id.
type Names<K> = Result<HashMap<K, String>, DbError>;

pub fn users(conn: &mut DbConn, ids: impl IntoIterator<Item = Option<UserId>>) -> Names<UserId> {
    of_ids(conn, ids)
}

/// The names of those of `ids` (records of `entity`) the acting user may see.
pub fn visible<K: Named + Into<Id>>(
    conn: &mut DbConn,
    access: &Access,
    entity: Entity,
    ids: impl IntoIterator<Item = Option<K>>,
) -> Names<K> {
    let mut names = of_ids(conn, ids)?;
    retain_visible(conn, access, entity, &mut names)?;
    Ok(names)
}

/// Every stage's name (stages are few).
pub fn stages(conn: &mut DbConn) -> Names<StageId> {
    repo_names::all_stages(conn)
}

/// How a linked record reads when its name was left out: the acting user may not see it.
pub const HIDDEN: &str = "(hidden)";

/// A name looked up in a map: "" for no link, [`HIDDEN`] for a link whose name is not there.
pub fn of<K: Eq + Hash>(map: &HashMap<K, String>, key: Option<K>) -> String {
    match key {
        None => String::new(),
        Some(k) => map.get(&k).cloned().unwrap_or_else(|| HIDDEN.to_string()),
    }
}

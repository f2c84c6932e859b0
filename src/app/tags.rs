//! A record's tags as a list, the same for the TUI's form and `--set tags=…`: the tags wanted are
//! attached (a tag missing is created), those taken off are detached, in the caller's
//! transaction; every change goes through `repo::tag`, so the access rules and history apply.

use crate::db::repo;
use crate::db::{DbConn, DbError};
use crate::domain::{Tagged, UserId};

fn same(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// Attach the `wanted` tags the record lacks (creating missing tags) and detach those in `before`
/// but not in `wanted` (names compared ignoring case). A tag attached by someone else since
/// `before` was read is kept.
pub fn set_tags(
    conn: &mut DbConn,
    actor: Option<UserId>,
    target: Tagged,
    wanted: &[String],
    before: &[String],
) -> Result<(), DbError> {
    let current = repo::tag::tags_of(conn, target)?;
    for t in &current {
        let removed = before.iter().any(|b| same(b, &t.fields.name))
            && !wanted.iter().any(|w| same(w, &t.fields.name));
        if removed {
            repo::tag::detach(conn, actor, t.id, target)?;
        }
    }
    for name in wanted {
        if !current.iter().any(|t| same(name, &t.fields.name)) {
            let tag = repo::tag::ensure(conn, actor, name)?;
            repo::tag::attach(conn, actor, tag.id, target)?;
        }
    }
    Ok(())
}

/// The record's tags become exactly `wanted` (`--set tags=vip,b2b`; an empty list takes every
/// tag off).
pub fn set_exactly(
    conn: &mut DbConn,
    actor: Option<UserId>,
    target: Tagged,
    wanted: &[String],
) -> Result<(), DbError> {
    let before: Vec<String> = repo::tag::tags_of(conn, target)?
        .into_iter()
        .map(|t| t.fields.name)
        .collect();
    set_tags(conn, actor, target, wanted, &before)
}

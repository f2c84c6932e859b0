//! The access rules (`domain::access`) at the database: who is acting (their role and team, and
//! the org's `visibility` setting), the facts about a record a write decision needs, and the one
//! SQL visibility predicate every read of companies, contacts, deals, activities and history
//! takes. On PostgreSQL row-level security sits underneath; this stays as the readable layer.
//!
//! No acting user (SQLite without `--as`): no restriction, as before teams existed.

use diesel::prelude::*;

use super::conn::DbConn;
use super::schema::{settings, users};
use super::DbError;
use crate::domain::access::{Managed, Principal, Visibility};
use crate::domain::{Role, TeamId, UserId};

mod facts;
mod scope;

pub use facts::*;
pub use scope::*;

/// Who is acting and what the org lets them see.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Access {
    /// `None`: no acting user, no restriction.
    pub principal: Option<Principal>,
    pub visibility: Visibility,
}

/// The org-wide `visibility` setting (the default, `team`, when the row is missing or unknown).
pub fn visibility(conn: &mut DbConn) -> Result<Visibility, DbError> {
    let v: Option<String> = settings::table
        .find("visibility")
        .select(settings::value)
        .first(conn)
        .optional()?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or_default())
}

/// A setting's value.
pub fn setting(conn: &mut DbConn, key: &str) -> Result<Option<String>, DbError> {
    Ok(settings::table
        .find(key)
        .select(settings::value)
        .first(conn)
        .optional()?)
}

/// Set `visibility` (admins only).
pub fn set_visibility(
    conn: &mut DbConn,
    actor: Option<UserId>,
    v: Visibility,
) -> Result<(), DbError> {
    super::conn::write_transaction(conn, |conn| {
        check_manage(conn, actor, Managed::Settings)?;
        let now = super::now();
        let n = diesel::update(settings::table.find("visibility"))
            .set((
                settings::value.eq(v.as_str()),
                settings::updated_at.eq(now),
                settings::version.eq(settings::version + 1),
            ))
            .execute(conn)?;
        if n == 0 {
            diesel::insert_into(settings::table)
                .values((
                    settings::key.eq("visibility"),
                    settings::value.eq(v.as_str()),
                    settings::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// The acting user as a principal.
pub fn principal(conn: &mut DbConn, actor: Option<UserId>) -> Result<Option<Principal>, DbError> {
    let Some(id) = actor else { return Ok(None) };
    let row: Option<(String, Role, Option<TeamId>)> = users::table
        .find(id)
        .select((users::name, users::role, users::team_id))
        .first(conn)
        .optional()?;
    Ok(row.map(|(name, role, team)| Principal {
        id,
        name,
        role,
        team,
    }))
}

/// The acting user as a write decides with: refused when the user was deactivated after the
/// session opened.
pub fn writer(conn: &mut DbConn, actor: Option<UserId>) -> Result<Option<Principal>, DbError> {
    let Some(p) = principal(conn, actor)? else {
        return Ok(None);
    };
    let active: bool = users::table.find(p.id).select(users::active).first(conn)?;
    crate::domain::access::may_act(&p, active)?;
    Ok(Some(p))
}

/// The acting user and the setting, read now.
pub fn load(conn: &mut DbConn, actor: Option<UserId>) -> Result<Access, DbError> {
    let principal = principal(conn, actor)?;
    let visibility = match principal {
        Some(_) => visibility(conn)?,
        None => Visibility::default(),
    };
    Ok(Access {
        principal,
        visibility,
    })
}

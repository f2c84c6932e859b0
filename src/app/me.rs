//! Saying who you are after the start (the TUI's first run on a SQLite file with no acting user):
//! the users one may pick, adding yourself, acting as the one chosen, and remembering the choice
//! as `user = "EMAIL"` in the config file. On PostgreSQL the login is the identity
//! ([`super::identity`]); this is not offered there.

use std::path::PathBuf;

use crate::db::models::User;
use crate::db::repo::user::UserSort;
use crate::db::repo::{self, ListQuery, Liveness};
use crate::db::{self, DbConn};
use crate::domain::user::self_added_role;
use crate::domain::zone::Zone;
use crate::domain::{UserDraft, UserId};
use crate::error::AppError;

use super::Ctx;

/// At most this many users are offered (a team's worth and more; the picker's fuzzy match
/// narrows them).
pub const MAX_CHOICES: i64 = 2_000;

/// The users one may say one is: the active ones, by name; and how many live users there are
/// (none: whoever adds themselves becomes the admin).
pub fn choices(conn: &mut DbConn) -> Result<(Vec<User>, i64), AppError> {
    let q = ListQuery::sorted(UserSort::Name, MAX_CHOICES);
    let users = repo::user::list(conn, &q, None)?
        .rows
        .into_iter()
        .filter(|u| u.fields.active)
        .collect();
    let total = repo::user::count(conn, Liveness::Live, None)?;
    Ok((users, total))
}

/// Every live user, active or not, by name (`:users`), and how many there are.
pub fn everyone(conn: &mut DbConn) -> Result<(Vec<User>, i64), AppError> {
    let q = ListQuery::sorted(UserSort::Name, MAX_CHOICES);
    let users = repo::user::list(conn, &q, None)?.rows;
    let total = repo::user::count(conn, Liveness::Live, None)?;
    Ok((users, total))
}

/// Add yourself as a user: an admin when the database has no users yet, else a sales rep
/// ([`self_added_role`]); decided in the write's transaction, so two first runs at once make
/// one admin.
pub fn add_self(conn: &mut DbConn, name: &str, email: &str) -> Result<User, AppError> {
    db::write_transaction(conn, |conn| {
        let existing = repo::user::count(conn, Liveness::Live, None)?;
        let draft = UserDraft::new(name.trim(), email.trim(), self_added_role(existing));
        Ok(repo::user::create(conn, None, draft)?)
    })
}

/// The live, active user with this id.
pub fn chosen(conn: &mut DbConn, id: UserId) -> Result<User, AppError> {
    let user = repo::user::get_live(conn, id)?;
    if !user.fields.active {
        return Err(db::DbError::Denied(format!(
            "{} ({}) is deactivated; an admin reactivates them with --set active=true",
            user.fields.name, user.fields.email
        ))
        .into());
    }
    Ok(user)
}

impl Ctx {
    /// This session acting as `user`: their access (role, team, the visibility setting) and
    /// time zone, as [`Ctx::open`] would have set them had `--as` named them.
    pub fn acting_as(&self, conn: &mut DbConn, user: &User) -> Result<Ctx, AppError> {
        let access = db::access::load(conn, Some(user.id))?;
        let mut ctx = self.clone();
        ctx.settings.user = Some(user.fields.email.clone());
        ctx.actor = Some(user.id);
        ctx.actor_name = Some(user.fields.name.clone());
        ctx.zone = Zone::for_user(Some(user.fields.timezone.as_str()));
        ctx.access = access;
        Ok(ctx)
    }

    /// Remember `email` as the acting user in the config file (`user = "EMAIL"`, the rest of
    /// the file kept; a symlinked file written through). Returns the file written.
    pub fn remember_user(&self, email: &str) -> Result<PathBuf, AppError> {
        crate::config::save_user(&self.settings.config_path, email)
    }
}

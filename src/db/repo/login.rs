//! Who a PostgreSQL session is (docs/teams.md): the connected login (`session_user`), whether it
//! owns the schema or is a superuser (either acts as admin), and the live user whose `login` it
//! is. The row-level security policies decide from the same facts (`rolo_is_owner()`,
//! `rolo_me()`); this is what rolo itself needs to pick the acting user and explain refusals.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable, Text};

use super::user;
use crate::db::models::User;
use crate::db::{DbConn, DbError};
use crate::domain::UserId;

/// The identity a PostgreSQL session was opened with.
#[derive(Debug, Clone)]
pub struct Session {
    /// The role that authenticated (`session_user`).
    pub login: String,
    /// The login owns the schema (or is a member of its owner), or is a superuser.
    pub owner: bool,
    /// The live user whose `login` is this role, if any (active or not).
    pub user: Option<User>,
    /// That user is active (a deactivated user's login is NOLOGIN, but a session opened before
    /// may still be there).
    pub active: bool,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    login: String,
    #[diesel(sql_type = Bool)]
    owner: bool,
    #[diesel(sql_type = Nullable<Text>)]
    user_id: Option<String>,
    #[diesel(sql_type = Bool)]
    active: bool,
}

#[derive(QueryableByName)]
struct LoginName {
    #[diesel(sql_type = Text)]
    login: String,
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    name: String,
}

/// The session's identity on PostgreSQL; `None` on SQLite (a file has no logins).
pub fn session(conn: &mut DbConn) -> Result<Option<Session>, DbError> {
    if !matches!(conn, DbConn::Pg(_)) {
        return Ok(None);
    }
    let row: Row = diesel::sql_query(
        "SELECT session_user::text AS login, rolo_is_owner() AS owner, \
         rolo_login_user()::text AS user_id, rolo_me() IS NOT NULL AS active",
    )
    .get_result(conn)?;
    // reading the user needs SELECT on users, which a login with no user row may lack
    let user = match row.user_id {
        Some(text) => {
            let id = text
                .parse::<UserId>()
                .map_err(|e| DbError::Migration(format!("users.id {text}: {e}")))?;
            Some(user::get(conn, id)?)
        }
        None => None,
    };
    Ok(Some(Session {
        login: row.login,
        owner: row.owner,
        user,
        active: row.active,
    }))
}

/// The user each of `logins` belongs to (id and display name); a login with no user keeps its
/// own name and no id. For history's "X as Y".
pub fn owners_of(
    conn: &mut DbConn,
    logins: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, (Option<UserId>, String)>, DbError> {
    let mut wanted: Vec<String> = logins.into_iter().collect();
    wanted.sort();
    wanted.dedup();
    let mut out = HashMap::new();
    if let DbConn::Pg(c) = conn {
        if !wanted.is_empty() {
            let rows: Vec<LoginName> = diesel::sql_query(
                "SELECT login, id::text AS id, name FROM users \
                 WHERE login = ANY($1) AND deleted_at IS NULL",
            )
            .bind::<diesel::sql_types::Array<Text>, _>(&wanted)
            .load(c)?;
            for r in rows {
                out.insert(r.login, (r.id.parse::<UserId>().ok(), r.name));
            }
        }
    }
    for login in wanted {
        out.entry(login.clone()).or_insert((None, login));
    }
    Ok(out)
}

/// "X as Y" when a history row was written under a login that is not the acting user's own
/// (an admin or the owner acting as Y); else just Y. `who` is the acting user's display text.
pub fn as_text(
    login: Option<&str>,
    actor: Option<UserId>,
    who: &str,
    owners: &HashMap<String, (Option<UserId>, String)>,
) -> String {
    match login.and_then(|l| owners.get(l)) {
        Some((id, name)) if actor.is_some() && *id != actor => format!("{name} as {who}"),
        _ => who.to_string(),
    }
}

//! The acting user on PostgreSQL (docs/teams.md, "Who you are"): the user whose `login` is the
//! connected role. `--as` (ROLO_USER, the config's `user`) may name that user; an admin login, the
//! schema owner or a superuser may name anyone (the database records the login beside the acting
//! user in history, shown as "X as Y"). Anything else is refused before any command runs.

use crate::db::models::User;
use crate::db::repo::login::Session;
use crate::db::DbError;
use crate::domain::Role;
use crate::error::AppError;

fn denied(why: String) -> AppError {
    AppError::Db(DbError::Denied(why))
}

/// Who acts in a session opened as `session`, given the user `--as` named (if any).
pub fn acting_user(session: Session, named: Option<User>) -> Result<Option<User>, AppError> {
    let Session {
        login,
        owner,
        user,
        active,
    } = session;
    let Some(me) = user else {
        if owner {
            // the owner or a superuser with no user row: acts as admin, as whoever --as names
            // (or nobody: history then has no author, as on a single-user database)
            return Ok(named);
        }
        return Err(denied(format!(
            "the database login {login} is not a rolo user; an admin adds it with \
             `rolo users create --set name=… --set email=… --set role=sales_rep --set login={login}`"
        )));
    };
    let you = format!("you are connected as {login} ({})", me.fields.name);
    if !active && !owner {
        return Err(denied(format!(
            "{you}, whose rolo user is deactivated; an admin reactivates it with \
             `rolo users update {} --set active=true`",
            me.id
        )));
    }
    match named {
        None => Ok(Some(me)),
        Some(other) if other.id == me.id => Ok(Some(me)),
        Some(other) if owner || me.fields.role == Role::Admin => Ok(Some(other)),
        Some(_) => Err(denied(format!("{you}; --as may name only yourself"))),
    }
}

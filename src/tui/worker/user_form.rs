//! The user form's database work: a user read with their team's name, and a save through
//! `repo::user`, the functions `rolo users create/update` use (admins only, unique email, the
//! login role kept in step on PostgreSQL: the repository and the database say no otherwise).

use crate::db::repo;
use crate::db::{DbConn, DbError};
use crate::domain::{Id, TeamId, UserDraft, UserId};
use crate::tui::forms::{self, FormRecord, Ref, Saved};

fn team_ref(conn: &mut DbConn, id: Option<TeamId>) -> Result<Option<Ref>, DbError> {
    let Some(id) = id else {
        return Ok(None);
    };
    let label = match repo::team::get(conn, id) {
        Ok(t) => t.fields.name,
        Err(DbError::NotFound { .. }) => id.to_string(),
        Err(e) => return Err(e),
    };
    Ok(Some(Ref { id: id.id(), label }))
}

pub fn load(conn: &mut DbConn, id: Id) -> Result<FormRecord, DbError> {
    let u = repo::user::get_live(conn, UserId(id))?;
    let team = team_ref(conn, u.fields.team_id)?;
    Ok(FormRecord {
        id,
        version: u.version,
        label: u.fields.name.clone(),
        values: forms::user::values(&u.fields, team),
    })
}

pub fn save(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: Option<Id>,
    version: Option<i32>,
    draft: UserDraft,
) -> Result<Saved, DbError> {
    let u = match id {
        None => repo::user::create(conn, actor, draft)?,
        Some(id) => {
            let version = version.ok_or_else(|| {
                DbError::Constraint("an edit without the version it was read at".into())
            })?;
            repo::user::update(conn, actor, UserId(id), version, draft)?
        }
    };
    Ok(Saved {
        pane: forms::FormKind::User.pane(),
        id: u.id.id(),
        version: u.version,
        label: u.fields.name,
    })
}

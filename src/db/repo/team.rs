//! Teams. Names are unique among live teams, case-insensitively. Deleting a team leaves its
//! members in no team only when it is purged; a soft-deleted team keeps them (restore brings it back).

use diesel::prelude::*;

use super::{insert_new, keyset, liveness, record_reads, set_deleted, versioned_update};
use super::{Cursor, ListQuery, Liveness, Page, Predicate, SortValue};
use crate::db::conn::{write_transaction, DbConn, MultiBackend};
use crate::db::models::{NewTeam, Team, TeamFields};
use crate::db::schema::teams;
use crate::db::DbError;
use crate::domain::{Entity, TeamDraft, TeamId, UserId};

const ENTITY: Entity = Entity::Teams;

/// The access rules for a write: teams are managed by admins only (`db::access`).
fn guard(
    conn: &mut DbConn,
    actor: Option<UserId>,
    _before: Option<(TeamId, &TeamFields)>,
    _after: Option<&TeamFields>,
) -> Result<(), DbError> {
    crate::db::access::check_manage(conn, actor, crate::domain::access::Managed::Teams)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TeamSort {
    #[default]
    Name,
    Created,
}

impl TeamSort {
    pub fn cursor(self, t: &Team) -> Cursor {
        let key = match self {
            TeamSort::Name => SortValue::Text(t.fields.name.clone()),
            TeamSort::Created => SortValue::Time(t.created_at),
        };
        Cursor { key, id: t.id.id() }
    }
}

record_reads!(crate::db::schema::teams, Team, TeamId);

fn validate(draft: TeamDraft) -> Result<TeamFields, DbError> {
    draft
        .validated()
        .map(TeamFields::from)
        .map_err(|e| DbError::invalid(ENTITY, e))
}

/// A live team by name (case-insensitive).
pub fn find_by_name(conn: &mut DbConn, name: &str) -> Result<Option<Team>, DbError> {
    let wanted = name.trim().to_lowercase();
    let live: Vec<Team> = teams::table
        .filter(teams::deleted_at.is_null())
        .select(Team::as_select())
        .load(conn)?;
    Ok(live
        .into_iter()
        .find(|t| t.fields.name.to_lowercase() == wanted))
}

fn ensure_name_free(conn: &mut DbConn, name: &str, except: Option<TeamId>) -> Result<(), DbError> {
    if let Some(other) = find_by_name(conn, name)? {
        if Some(other.id) != except {
            return Err(DbError::Duplicate(format!(
                "a team named {name} exists ({})",
                other.id
            )));
        }
    }
    Ok(())
}

pub fn create(conn: &mut DbConn, actor: Option<UserId>, draft: TeamDraft) -> Result<Team, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        ensure_name_free(conn, &fields.name, None)?;
        insert_new!(conn, actor, crate::db::schema::teams, NewTeam, fields)
    })
}

pub fn update(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: TeamId,
    expected_version: i32,
    draft: TeamDraft,
) -> Result<Team, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        ensure_name_free(conn, &fields.name, Some(id))?;
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::teams,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

pub fn soft_delete(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: TeamId,
    expected_version: Option<i32>,
) -> Result<Team, DbError> {
    write_transaction(conn, |conn| {
        live_at(conn, id, expected_version)?;
        set_deleted!(conn, actor, crate::db::schema::teams, id, true)
    })
}

pub fn restore(conn: &mut DbConn, actor: Option<UserId>, id: TeamId) -> Result<Team, DbError> {
    write_transaction(conn, |conn| {
        let before = get(conn, id)?;
        if before.deleted_at.is_none() {
            return Ok(before);
        }
        ensure_name_free(conn, &before.fields.name, Some(id))?;
        set_deleted!(conn, actor, crate::db::schema::teams, id, false)
    })
}

pub fn list(
    conn: &mut DbConn,
    q: &ListQuery<TeamSort>,
    filter: Option<Predicate<teams::table>>,
) -> Result<Page<Team>, DbError> {
    let mut query = teams::table
        .select(Team::as_select())
        .into_boxed::<MultiBackend>();
    query = liveness!(query, q.liveness, teams::deleted_at);
    if let Some(f) = filter {
        query = query.filter(f);
    }
    query = match q.sort {
        TeamSort::Name => keyset!(query, q, teams::name, teams::id, text),
        TeamSort::Created => keyset!(query, q, teams::created_at, teams::id, time),
    };
    let rows = query.limit(q.limit + 1).load(conn)?;
    Ok(Page::from_rows(rows, q.limit, |t| q.sort.cursor(t)))
}

pub fn count(
    conn: &mut DbConn,
    liveness: Liveness,
    filter: Option<Predicate<teams::table>>,
) -> Result<i64, DbError> {
    let mut query = teams::table.count().into_boxed::<MultiBackend>();
    query = liveness!(query, liveness, teams::deleted_at);
    if let Some(f) = filter {
        query = query.filter(f);
    }
    Ok(query.get_result(conn)?)
}

super::count_up_to!(crate::db::schema::teams);

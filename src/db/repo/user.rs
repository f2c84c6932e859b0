//! Users. Emails are unique among live users, case-insensitively (they are stored lower-case).

use diesel::prelude::*;

use super::{insert_new, keyset, liveness, record_reads, set_deleted, versioned_update};
use super::{Cursor, ListQuery, Liveness, Page, Predicate, SortValue};
use crate::db::conn::{write_transaction, DbConn, MultiBackend};
use crate::db::models::{NewUser, User, UserFields};
use crate::db::schema::users;
use crate::db::DbError;
use crate::domain::{Entity, Role, UserDraft, UserId};

const ENTITY: Entity = Entity::Users;

/// The access rules for a write: users are managed by admins only (`db::access`).
fn guard(
    conn: &mut DbConn,
    actor: Option<UserId>,
    _before: Option<(UserId, &UserFields)>,
    _after: Option<&UserFields>,
) -> Result<(), DbError> {
    crate::db::access::check_manage(conn, actor, crate::domain::access::Managed::Users)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UserSort {
    #[default]
    Name,
    Created,
}

impl UserSort {
    pub fn cursor(self, u: &User) -> Cursor {
        let key = match self {
            UserSort::Name => SortValue::Text(u.fields.name.clone()),
            UserSort::Created => SortValue::Time(u.created_at),
        };
        Cursor { key, id: u.id.id() }
    }
}

record_reads!(crate::db::schema::users, User, UserId);

fn validate(draft: UserDraft) -> Result<UserFields, DbError> {
    draft
        .validated()
        .map(UserFields::from)
        .map_err(|e| DbError::invalid(ENTITY, e))
}

fn ensure_email_free(
    conn: &mut DbConn,
    email: &str,
    except: Option<UserId>,
) -> Result<(), DbError> {
    let mut q = users::table
        .filter(users::email.eq(email))
        .filter(users::deleted_at.is_null())
        .select(users::id)
        .into_boxed::<MultiBackend>();
    if let Some(id) = except {
        q = q.filter(users::id.ne(id));
    }
    if let Some(other) = q.first::<UserId>(conn).optional()? {
        return Err(DbError::Duplicate(format!(
            "a user with email {email} exists ({other})"
        )));
    }
    Ok(())
}

pub fn create(conn: &mut DbConn, actor: Option<UserId>, draft: UserDraft) -> Result<User, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        ensure_email_free(conn, &fields.email, None)?;
        insert_new!(conn, actor, crate::db::schema::users, NewUser, fields)
    })
}

/// A live user by email (case-insensitive).
pub fn find_by_email(conn: &mut DbConn, email: &str) -> Result<Option<User>, DbError> {
    Ok(users::table
        .filter(users::email.eq(email.trim().to_lowercase()))
        .filter(users::deleted_at.is_null())
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

pub fn update(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: UserId,
    expected_version: i32,
    draft: UserDraft,
) -> Result<User, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        ensure_email_free(conn, &fields.email, Some(id))?;
        let before = get_live(conn, id)?;
        if before.fields.role == Role::Admin && fields.role != Role::Admin {
            ensure_other_admin(conn, id)?;
        }
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::users,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

fn ensure_other_admin(conn: &mut DbConn, id: UserId) -> Result<(), DbError> {
    let others: i64 = users::table
        .filter(users::role.eq(Role::Admin))
        .filter(users::deleted_at.is_null())
        .filter(users::id.ne(id))
        .count()
        .get_result(conn)?;
    if others == 0 {
        return Err(DbError::InUse {
            entity: ENTITY,
            id: id.id(),
            reason: "it is the last admin; make someone else admin first".into(),
        });
    }
    Ok(())
}

/// Soft-delete a user. Their records keep them as owner; the last admin cannot be deleted.
pub fn soft_delete(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: UserId,
    expected_version: Option<i32>,
) -> Result<User, DbError> {
    write_transaction(conn, |conn| {
        let before = live_at(conn, id, expected_version)?;
        if before.fields.role == Role::Admin {
            ensure_other_admin(conn, id)?;
        }
        set_deleted!(conn, actor, crate::db::schema::users, id, true)
    })
}

pub fn restore(conn: &mut DbConn, actor: Option<UserId>, id: UserId) -> Result<User, DbError> {
    write_transaction(conn, |conn| {
        let before = get(conn, id)?;
        if before.deleted_at.is_none() {
            return Ok(before);
        }
        ensure_email_free(conn, &before.fields.email, Some(id))?;
        set_deleted!(conn, actor, crate::db::schema::users, id, false)
    })
}

pub fn list(
    conn: &mut DbConn,
    q: &ListQuery<UserSort>,
    filter: Option<Predicate<users::table>>,
) -> Result<Page<User>, DbError> {
    let mut query = users::table
        .select(User::as_select())
        .into_boxed::<MultiBackend>();
    query = liveness!(query, q.liveness, users::deleted_at);
    if let Some(f) = filter {
        query = query.filter(f);
    }
    query = match q.sort {
        UserSort::Name => keyset!(query, q, users::name, users::id, text),
        UserSort::Created => keyset!(query, q, users::created_at, users::id, time),
    };
    let rows = query.limit(q.limit + 1).load(conn)?;
    Ok(Page::from_rows(rows, q.limit, |u| q.sort.cursor(u)))
}

pub fn count(
    conn: &mut DbConn,
    liveness: Liveness,
    filter: Option<Predicate<users::table>>,
) -> Result<i64, DbError> {
    let mut query = users::table.count().into_boxed::<MultiBackend>();
    query = liveness!(query, liveness, users::deleted_at);
    if let Some(f) = filter {
        query = query.filter(f);
    }
    Ok(query.get_result(conn)?)
}

super::count_up_to!(crate::db::schema::users);

/// Live users' emails in order, at most `limit` (the values a filter on an owner can take).
pub fn live_emails(conn: &mut DbConn, limit: i64) -> Result<Vec<String>, DbError> {
    Ok(users::table
        .filter(users::deleted_at.is_null())
        .order(users::email.asc())
        .select(users::email)
        .limit(limit)
        .load::<String>(conn)?)
}

//! Users: matched by email (case-insensitive). New users keep the file's id and timestamps (so an
//! export imports back as it was); an update goes through the repository, which keeps emails
//! unique and refuses to demote the last admin.

use super::{keyed, stamps, Extras, ImportKind, NewCx};
use crate::db::models::{NewUser, User, UserFields};
use crate::db::repo::{self, matching};
use crate::db::{DbConn, DbError};
use crate::domain::validate as v;
use crate::domain::{Entity, FieldError, Id, Role, Tagged, UserDraft, UserId, ValidationErrors};
use crate::transfer::options::MatchKey;
use crate::transfer::resolve::Resolver;

pub struct Users;

impl ImportKind for Users {
    const ENTITY: Entity = Entity::Users;
    const KEYS: &'static [MatchKey] = &[MatchKey::Email];
    type Draft = UserDraft;
    type Row = User;
    type New = NewUser;

    /// What `rolo users create` starts from: a sales rep in UTC.
    fn blank(_: &Resolver) -> UserDraft {
        UserDraft::new("", "", Role::SalesRep)
    }
    fn draft_of(row: &User) -> UserDraft {
        row.fields.clone().into()
    }
    fn state(row: &User) -> (Id, i32, bool) {
        (row.id.id(), row.version, row.deleted_at.is_some())
    }
    fn set(d: &mut UserDraft, field: &str, value: &str) -> Result<(), FieldError> {
        d.set(field, value)
    }
    fn validated(d: UserDraft) -> Result<UserDraft, ValidationErrors> {
        d.validated()
    }

    fn key(m: MatchKey, cell: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        match m {
            MatchKey::Email => cell("email").and_then(|e| v::email("email", &e).ok()),
            MatchKey::Domain | MatchKey::Name => None,
        }
    }

    fn find(
        conn: &mut DbConn,
        m: MatchKey,
        keys: &[String],
    ) -> Result<Vec<(String, User)>, DbError> {
        match m {
            MatchKey::Email => Ok(keyed(matching::users_by_email(conn, keys)?, |u: &User| {
                Some(u.fields.email.to_lowercase())
            })),
            MatchKey::Domain | MatchKey::Name => Ok(Vec::new()),
        }
    }

    fn get_many(conn: &mut DbConn, ids: &[Id]) -> Result<Vec<User>, DbError> {
        matching::users_by_ids(conn, ids)
    }

    fn update(
        conn: &mut DbConn,
        actor: Option<UserId>,
        id: Id,
        version: i32,
        d: UserDraft,
    ) -> Result<User, DbError> {
        repo::user::update(conn, actor, UserId(id), version, d)
    }

    /// Emails are unique among live users: a row whose email a live user has is a duplicate (the
    /// match key), and so is a later row of the file with the same email.
    fn new_record(
        cx: &mut NewCx<'_>,
        d: UserDraft,
        x: &Extras,
    ) -> Result<NewUser, ValidationErrors> {
        let (id, created_at, updated_at) = stamps(x, cx.now);
        Ok(NewUser {
            id: UserId(id),
            fields: UserFields::from(d),
            created_at,
            updated_at,
        })
    }
    fn new_id(n: &NewUser) -> Id {
        n.id.id()
    }
    fn changes(n: &NewUser, tags: &[String]) -> String {
        super::created_changes(&n.fields, tags)
    }
    fn insert(conn: &mut DbConn, rows: &[NewUser]) -> Result<(), DbError> {
        matching::insert_users(conn, rows)
    }
    fn accepted(r: &mut Resolver, n: &NewUser) {
        r.add_user(n.id, &n.fields.email, &n.fields.name);
    }
    fn tagged(_: Id) -> Option<Tagged> {
        None
    }
}

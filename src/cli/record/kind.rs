//! What the generic record commands need to know about each entity: [`RecordKind`] and its
//! implementations, one per entity, over that entity's repository.

use std::str::FromStr;

use serde::Serialize;

use crate::db::models;
use crate::db::repo;
use crate::db::{DbConn, DbError};
use crate::domain::{self, Entity, Id, UserId};
use crate::error::AppError;
/// What the generic commands need to know about an entity.
pub trait RecordKind {
    const ENTITY: Entity;
    type Id: FromStr + Copy + Into<Id>;
    type Row: Serialize;
    type Draft;

    /// A draft to fill for `create`.
    fn blank(conn: &mut DbConn) -> Result<Self::Draft, AppError>;
    fn set(d: &mut Self::Draft, field: &str, value: &str) -> Result<(), domain::FieldError>;
    fn draft_of(row: &Self::Row) -> Self::Draft;
    fn version(row: &Self::Row) -> i32;
    fn get(conn: &mut DbConn, id: Self::Id) -> Result<Self::Row, DbError>;
    fn create(
        conn: &mut DbConn,
        actor: Option<UserId>,
        d: Self::Draft,
    ) -> Result<Self::Row, DbError>;
    fn update(
        conn: &mut DbConn,
        actor: Option<UserId>,
        id: Self::Id,
        v: i32,
        d: Self::Draft,
    ) -> Result<Self::Row, DbError>;
    fn delete(
        conn: &mut DbConn,
        actor: Option<UserId>,
        id: Self::Id,
        v: Option<i32>,
    ) -> Result<Self::Row, DbError>;
    fn restore(
        conn: &mut DbConn,
        actor: Option<UserId>,
        id: Self::Id,
    ) -> Result<Self::Row, DbError>;
    /// A rule for a new record whose `--set`s left a field to it (an activity's completion).
    fn new_record(_d: &mut Self::Draft, _now: chrono::NaiveDateTime) {}
}

macro_rules! record_kind {
    ($kind:ident, $entity:ident, $repo:ident, $id:ty, $row:ty, $draft:ty, |$conn:ident| $blank:expr
     $(, new = |$d:ident, $now:ident| $new:expr)?) => {
        pub struct $kind;
        impl RecordKind for $kind {
            const ENTITY: Entity = Entity::$entity;
            type Id = $id;
            type Row = $row;
            type Draft = $draft;
            fn blank($conn: &mut DbConn) -> Result<$draft, AppError> {
                $blank
            }
            fn set(d: &mut $draft, field: &str, value: &str) -> Result<(), domain::FieldError> {
                d.set(field, value)
            }
            fn draft_of(row: &$row) -> $draft {
                row.fields.clone().into()
            }
            fn version(row: &$row) -> i32 {
                row.version
            }
            fn get(conn: &mut DbConn, id: $id) -> Result<$row, DbError> {
                repo::$repo::get(conn, id)
            }
            fn create(
                conn: &mut DbConn,
                actor: Option<UserId>,
                d: $draft,
            ) -> Result<$row, DbError> {
                repo::$repo::create(conn, actor, d)
            }
            fn update(
                conn: &mut DbConn,
                actor: Option<UserId>,
                id: $id,
                v: i32,
                d: $draft,
            ) -> Result<$row, DbError> {
                repo::$repo::update(conn, actor, id, v, d)
            }
            fn delete(
                conn: &mut DbConn,
                actor: Option<UserId>,
                id: $id,
                v: Option<i32>,
            ) -> Result<$row, DbError> {
                repo::$repo::soft_delete(conn, actor, id, v)
            }
            fn restore(conn: &mut DbConn, actor: Option<UserId>, id: $id) -> Result<$row, DbError> {
                repo::$repo::restore(conn, actor, id)
            }
            $(
                fn new_record($d: &mut $draft, $now: chrono::NaiveDateTime) {
                    $new
                }
            )?
        }
    };
}

record_kind!(
    Companies,
    Companies,
    company,
    domain::CompanyId,
    models::Company,
    domain::CompanyDraft,
    |_conn| Ok(domain::CompanyDraft::new(""))
);
record_kind!(
    Contacts,
    Contacts,
    contact,
    domain::ContactId,
    models::Contact,
    domain::ContactDraft,
    |_conn| Ok(domain::ContactDraft::new(""))
);
record_kind!(
    Deals,
    Deals,
    deal,
    domain::DealId,
    models::Deal,
    domain::DealDraft,
    |conn| {
        let first = repo::stage::live_ordered(conn)?.into_iter().next().ok_or_else(|| {
        AppError::Usage("there are no pipeline stages yet: create one with `rolo stages create --set name=Lead`".into())
    })?;
        Ok(domain::DealDraft::new("", first.id))
    }
);
record_kind!(
    Activities,
    Activities,
    activity,
    domain::ActivityId,
    models::Activity,
    domain::ActivityDraft,
    |_conn| Ok(domain::ActivityDraft::new(domain::ActivityKind::Note, "")),
    // a logged past interaction is done unless `--set done=…`/`completed_at=…` says otherwise
    new = |d, now| d.done_if_logged(now)
);
record_kind!(
    Users,
    Users,
    user,
    UserId,
    models::User,
    domain::UserDraft,
    |_conn| Ok(domain::UserDraft::new("", "", domain::Role::SalesRep))
);
record_kind!(
    Stages,
    Stages,
    stage,
    domain::StageId,
    models::Stage,
    domain::StageDraft,
    |conn| {
        let next = repo::stage::live_ordered(conn)?
            .last()
            .map(|s| s.fields.position + 1)
            .unwrap_or(0);
        Ok(domain::StageDraft::new(
            "",
            next,
            0,
            domain::StageKind::Open,
        ))
    }
);

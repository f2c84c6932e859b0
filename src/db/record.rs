//! One trait for an entity's repository operations, implemented once per entity over `db::repo`:
//! what the generic record commands (get/create/update/delete/restore), listing (list/count) and
//! import need, without knowing which entity they handle. The entity's shape — field names, sorts,
//! columns — is its description (`domain::describe`); this is its data access.

use std::str::FromStr;

use serde::Serialize;

use super::models;
use super::repo::{self, Cursor, ListQuery, Liveness, Page, Predicate};
use super::{schema, DbConn, DbError};
use crate::domain::{self, Entity, Id, UserId};

/// A blank draft could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BlankError {
    /// A deal needs a stage, and there are none.
    #[error("there are no pipeline stages yet")]
    NoStages,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// An entity's repository operations.
pub trait Record {
    const ENTITY: Entity;
    type Id: FromStr + Copy + Into<Id> + From<Id>;
    type Row: Serialize;
    type Draft;
    type Table: diesel::Table;
    type Sort: Copy + 'static;

    /// A draft to fill for a new record (a deal's first stage, a stage's next position).
    fn blank(conn: &mut DbConn) -> Result<Self::Draft, BlankError>;
    /// Set one field from text, by a name or alias the description lists.
    fn set(d: &mut Self::Draft, field: &str, value: &str) -> Result<(), domain::FieldError>;
    fn draft_of(row: &Self::Row) -> Self::Draft;
    fn version(row: &Self::Row) -> i32;
    /// The row's id.
    fn row_id(row: &Self::Row) -> domain::Id;
    /// A rule for a new record whose `set`s left a field to it (an activity's completion).
    fn new_record(_d: &mut Self::Draft, _now: chrono::NaiveDateTime) {}

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

    // Listing: a keyset page in a sort order from a cursor, under a compiled filter (the CLI's
    // `list`, the TUI's scrolling table), and counts.

    /// The repository's order for a described sort, by the field it orders by
    /// (`domain::describe::SortDesc::field`).
    fn sort_by(field: &str) -> Option<Self::Sort>;
    /// A row's id.
    fn id_of(row: &Self::Row) -> Id;
    /// Where a page in `sort` order goes on from `row` (pass it as `ListQuery::after`).
    fn cursor(sort: Self::Sort, row: &Self::Row) -> Cursor;
    /// One keyset page: `q.limit` rows after `q.after` in `q.sort` order (descending if asked),
    /// matching the compiled filter.
    fn list(
        conn: &mut DbConn,
        q: &ListQuery<Self::Sort>,
        f: Option<Predicate<Self::Table>>,
    ) -> Result<Page<Self::Row>, DbError>;
    /// Live rows matching.
    fn count(conn: &mut DbConn, f: Option<Predicate<Self::Table>>) -> Result<i64, DbError>;
    /// Live rows matching, counted no further than `cap`.
    fn count_up_to(
        conn: &mut DbConn,
        f: Option<Predicate<Self::Table>>,
        cap: i64,
    ) -> Result<i64, DbError>;
}

macro_rules! record {
    ($kind:ident, $entity:ident, $repo:ident, $id:ty, $row:ty, $draft:ty, $table:path, $sort:ty,
     [$($sfield:literal => $svar:ident),+], |$conn:ident| $blank:expr
     $(, new = |$d:ident, $now:ident| $new:expr)?) => {
        pub struct $kind;
        impl Record for $kind {
            const ENTITY: Entity = Entity::$entity;
            type Id = $id;
            type Row = $row;
            type Draft = $draft;
            type Table = $table;
            type Sort = $sort;
            fn blank($conn: &mut DbConn) -> Result<$draft, BlankError> {
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
            fn row_id(row: &$row) -> domain::Id {
                row.id.into()
            }
            $(
                fn new_record($d: &mut $draft, $now: chrono::NaiveDateTime) {
                    $new
                }
            )?
            fn get(conn: &mut DbConn, id: $id) -> Result<$row, DbError> {
                repo::$repo::get(conn, id)
            }
            fn create(conn: &mut DbConn, actor: Option<UserId>, d: $draft) -> Result<$row, DbError> {
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
            fn sort_by(field: &str) -> Option<$sort> {
                match field {
                    $($sfield => Some(<$sort>::$svar),)+
                    _ => None,
                }
            }
            fn id_of(row: &$row) -> Id {
                row.id.id()
            }
            fn cursor(sort: $sort, row: &$row) -> Cursor {
                sort.cursor(row)
            }
            fn list(
                conn: &mut DbConn,
                q: &ListQuery<$sort>,
                f: Option<Predicate<$table>>,
            ) -> Result<Page<$row>, DbError> {
                repo::$repo::list(conn, q, f)
            }
            fn count(conn: &mut DbConn, f: Option<Predicate<$table>>) -> Result<i64, DbError> {
                repo::$repo::count(conn, Liveness::Live, f)
            }
            fn count_up_to(
                conn: &mut DbConn,
                f: Option<Predicate<$table>>,
                cap: i64,
            ) -> Result<i64, DbError> {
                repo::$repo::count_up_to(conn, Liveness::Live, f, cap)
            }
        }
    };
}

use repo::{
    activity::ActivitySort, company::CompanySort, contact::ContactSort, deal::DealSort,
    stage::StageSort, team::TeamSort, user::UserSort,
};

record!(
    Companies,
    Companies,
    company,
    domain::CompanyId,
    models::Company,
    domain::CompanyDraft,
    schema::companies::table,
    CompanySort,
    [
        "name" => Name, "industry" => Industry, "status" => Status, "size" => Size,
        "billing_city" => City, "billing_country" => Country,
        "created_at" => Created, "updated_at" => Updated
    ],
    |_conn| Ok(domain::CompanyDraft::new(""))
);
record!(
    Contacts,
    Contacts,
    contact,
    domain::ContactId,
    models::Contact,
    domain::ContactDraft,
    schema::contacts::table,
    ContactSort,
    [
        "first_name" => FirstName, "last_name" => LastName, "email" => Email, "phone" => Phone,
        "title" => Title, "created_at" => Created, "updated_at" => Updated
    ],
    |_conn| Ok(domain::ContactDraft::new(""))
);
record!(
    Deals,
    Deals,
    deal,
    domain::DealId,
    models::Deal,
    domain::DealDraft,
    schema::deals::table,
    DealSort,
    [
        "title" => Title, "value" => Value, "status" => Status, "expected_close" => Close,
        "stage_id" => Stage, "owner_id" => Owner, "created_at" => Created, "updated_at" => Updated
    ],
    |conn| {
        let first = repo::stage::live_ordered(conn)?
            .into_iter()
            .next()
            .ok_or(BlankError::NoStages)?;
        Ok(domain::DealDraft::new("", first.id))
    }
);
record!(
    Activities,
    Activities,
    activity,
    domain::ActivityId,
    models::Activity,
    domain::ActivityDraft,
    schema::activities::table,
    ActivitySort,
    [
        "created_at" => Created, "updated_at" => Updated, "kind" => Kind, "subject" => Subject,
        "due_at" => Due, "completed_at" => Done, "outcome" => Outcome
    ],
    |_conn| Ok(domain::ActivityDraft::new(domain::ActivityKind::Note, "")),
    // a logged past interaction is done unless `--set done=…`/`completed_at=…` says otherwise
    new = |d, now| d.done_if_logged(now)
);
record!(
    Users,
    Users,
    user,
    UserId,
    models::User,
    domain::UserDraft,
    schema::users::table,
    UserSort,
    ["name" => Name, "created_at" => Created],
    |_conn| Ok(domain::UserDraft::new("", "", domain::Role::SalesRep))
);
record!(
    Teams,
    Teams,
    team,
    domain::TeamId,
    models::Team,
    domain::TeamDraft,
    schema::teams::table,
    TeamSort,
    ["name" => Name, "created_at" => Created],
    |_conn| Ok(domain::TeamDraft::new(""))
);
record!(
    Stages,
    Stages,
    stage,
    domain::StageId,
    models::Stage,
    domain::StageDraft,
    schema::pipeline_stages::table,
    StageSort,
    ["position" => Position, "name" => Name],
    |conn| {
        let next = repo::stage::live_ordered(conn)?
            .last()
            .map(|s| s.fields.position + 1)
            .unwrap_or(0);
        Ok(domain::StageDraft::new("", next, 0, domain::StageKind::Open))
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::describe::describe;

    /// Every sort the description lists has a repository order, and no other field does.
    fn sorts_match<R: Record>(fields: &[&str]) {
        let d = describe(R::ENTITY);
        for s in d.sorts {
            assert!(
                R::sort_by(s.field).is_some(),
                "{:?} sort {}",
                R::ENTITY,
                s.name
            );
        }
        for f in fields {
            assert_eq!(
                R::sort_by(f).is_some(),
                d.sortable(f),
                "{:?}.{f}",
                R::ENTITY
            );
        }
    }

    #[test]
    fn every_described_sort_has_a_repository_order() {
        let fields: Vec<&str> = Entity::ALL
            .iter()
            .flat_map(|e| describe(*e).fields.iter().map(|f| f.name))
            .collect();
        sorts_match::<Companies>(&fields);
        sorts_match::<Contacts>(&fields);
        sorts_match::<Deals>(&fields);
        sorts_match::<Activities>(&fields);
        sorts_match::<Users>(&fields);
        sorts_match::<Stages>(&fields);
    }
}

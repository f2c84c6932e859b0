//! Activities: no natural key (every row is new unless `--match name` compares subjects, or the
//! file has ids); due and completion times are kept to the microsecond.

use super::{keyed, stamps, Extras, ImportKind, NewCx};
use crate::db::models::{Activity, ActivityFields, NewActivity};
use crate::db::repo::{self, matching};
use crate::db::{DbConn, DbError};
use crate::domain::{
    ActivityDraft, ActivityId, ActivityKind, Entity, FieldError, Id, Tagged, UserId,
    ValidationErrors,
};
use crate::transfer::options::MatchKey;
use crate::transfer::resolve::Resolver;
use crate::transfer::values::fold;
use chrono::NaiveDateTime;

pub struct Activities;

impl ImportKind for Activities {
    const ENTITY: Entity = Entity::Activities;
    const KEYS: &'static [MatchKey] = &[MatchKey::Name];
    type Draft = ActivityDraft;
    type Row = Activity;
    type New = NewActivity;

    fn blank(_: &Resolver) -> ActivityDraft {
        ActivityDraft::new(ActivityKind::Note, "")
    }
    fn draft_of(row: &Activity) -> ActivityDraft {
        row.fields.clone().into()
    }
    fn state(row: &Activity) -> (Id, i32, bool) {
        (row.id.id(), row.version, row.deleted_at.is_some())
    }
    fn set(d: &mut ActivityDraft, field: &str, value: &str) -> Result<(), FieldError> {
        d.set(field, value)
    }
    fn set_time(
        d: &mut ActivityDraft,
        field: &'static str,
        t: NaiveDateTime,
    ) -> Result<(), FieldError> {
        match field {
            "due_at" => d.due_at = Some(t),
            "completed_at" => d.completed_at = Some(t),
            _ => return Err(FieldError::new(field, "is not a date-time field")),
        }
        Ok(())
    }
    fn validated(d: ActivityDraft) -> Result<ActivityDraft, ValidationErrors> {
        d.validated()
    }

    fn key(m: MatchKey, cell: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        match m {
            MatchKey::Name => cell("subject").map(|s| fold(&s)),
            _ => None,
        }
    }

    fn find(
        conn: &mut DbConn,
        _m: MatchKey,
        keys: &[String],
    ) -> Result<Vec<(String, Activity)>, DbError> {
        Ok(keyed(
            matching::activities_by_subject(conn, keys)?,
            |a: &Activity| Some(fold(&a.fields.subject)),
        ))
    }

    fn get_many(conn: &mut DbConn, ids: &[Id]) -> Result<Vec<Activity>, DbError> {
        matching::activities_by_ids(conn, ids)
    }

    fn update(
        conn: &mut DbConn,
        actor: Option<UserId>,
        id: Id,
        version: i32,
        d: ActivityDraft,
    ) -> Result<Activity, DbError> {
        repo::activity::update(conn, actor, ActivityId(id), version, d)
    }

    fn new_record(
        cx: &mut NewCx<'_>,
        mut d: ActivityDraft,
        x: &Extras,
    ) -> Result<NewActivity, ValidationErrors> {
        // a logged past interaction is done (a completion time in the file is kept)
        d.done_if_logged(cx.now);
        let (id, created_at, updated_at) = stamps(x, cx.now);
        Ok(NewActivity {
            id: ActivityId(id),
            fields: ActivityFields::from(d),
            created_at,
            updated_at,
        })
    }
    fn new_id(n: &NewActivity) -> Id {
        n.id.id()
    }
    fn changes(n: &NewActivity, tags: &[String]) -> String {
        super::created_changes(&n.fields, tags)
    }
    fn insert(conn: &mut DbConn, rows: &[NewActivity]) -> Result<(), DbError> {
        crate::db::bulk::flat::insert_activities(conn, rows)
    }
    fn tagged(_id: Id) -> Option<Tagged> {
        None
    }
}

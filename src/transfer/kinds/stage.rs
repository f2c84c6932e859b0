//! Pipeline stages: matched by name (case-insensitive). A new stage keeps the file's position, or
//! goes after the last stage (the live ones and those created earlier in the file), as `rolo
//! stages create` puts it; `rolo stages move` renumbers them later if need be. It keeps the file's
//! id and timestamps. An update goes through the repository, which keeps names unique and refuses
//! to change the kind of a stage holding deals.

use super::{stamps, Extras, ImportKind, NewCx};
use crate::db::models::{NewStage, Stage, StageFields};
use crate::db::repo::{self, matching};
use crate::db::{DbConn, DbError};
use crate::domain::{
    Entity, FieldError, Id, StageDraft, StageId, StageKind, Tagged, UserId, ValidationErrors,
};
use crate::transfer::options::MatchKey;
use crate::transfer::resolve::Resolver;
use crate::transfer::values::fold;

pub struct Stages;

impl ImportKind for Stages {
    const ENTITY: Entity = Entity::Stages;
    const KEYS: &'static [MatchKey] = &[MatchKey::Name];
    type Draft = StageDraft;
    type Row = Stage;
    type New = NewStage;

    /// What `rolo stages create` starts from: an open stage at the end of the board.
    fn blank(r: &Resolver) -> StageDraft {
        StageDraft::new("", r.next_stage_position(), 0, StageKind::Open)
    }
    fn draft_of(row: &Stage) -> StageDraft {
        row.fields.clone().into()
    }
    fn state(row: &Stage) -> (Id, i32, bool) {
        (row.id.id(), row.version, row.deleted_at.is_some())
    }
    fn set(d: &mut StageDraft, field: &str, value: &str) -> Result<(), FieldError> {
        d.set(field, value)
    }
    fn validated(d: StageDraft) -> Result<StageDraft, ValidationErrors> {
        d.validated()
    }

    fn key(m: MatchKey, cell: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        match m {
            MatchKey::Name => cell("name").map(|n| fold(&n)),
            MatchKey::Email | MatchKey::Domain => None,
        }
    }

    /// Stages are few: every live one is read and compared by folded name.
    fn find(
        conn: &mut DbConn,
        m: MatchKey,
        keys: &[String],
    ) -> Result<Vec<(String, Stage)>, DbError> {
        if m != MatchKey::Name || keys.is_empty() {
            return Ok(Vec::new());
        }
        Ok(repo::stage::live_ordered(conn)?
            .into_iter()
            .map(|s| (fold(&s.fields.name), s))
            .filter(|(k, _)| keys.contains(k))
            .collect())
    }

    fn get_many(conn: &mut DbConn, ids: &[Id]) -> Result<Vec<Stage>, DbError> {
        matching::stages_by_ids(conn, ids)
    }

    fn update(
        conn: &mut DbConn,
        actor: Option<UserId>,
        id: Id,
        version: i32,
        d: StageDraft,
    ) -> Result<Stage, DbError> {
        repo::stage::update(conn, actor, StageId(id), version, d)
    }

    /// Names are unique among live stages: a row whose name a live stage has is a duplicate (the
    /// match key), and so is a later row of the file with the same name.
    fn new_record(
        cx: &mut NewCx<'_>,
        d: StageDraft,
        x: &Extras,
    ) -> Result<NewStage, ValidationErrors> {
        let (id, created_at, updated_at) = stamps(x, cx.now);
        Ok(NewStage {
            id: StageId(id),
            fields: StageFields::from(d),
            created_at,
            updated_at,
        })
    }
    fn new_id(n: &NewStage) -> Id {
        n.id.id()
    }
    fn changes(n: &NewStage, tags: &[String]) -> String {
        super::created_changes(&n.fields, tags)
    }
    fn insert(conn: &mut DbConn, rows: &[NewStage]) -> Result<(), DbError> {
        matching::insert_stages(conn, rows)
    }
    /// Later rows place themselves after it, and deals find it by name or id.
    fn accepted(r: &mut Resolver, n: &NewStage) {
        r.add_stage(Stage {
            id: n.id,
            fields: n.fields.clone(),
            created_at: n.created_at,
            updated_at: n.updated_at,
            deleted_at: None,
            version: 1,
        });
    }
    fn tagged(_: Id) -> Option<Tagged> {
        None
    }
}

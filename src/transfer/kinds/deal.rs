//! Deals: matched by title; the status follows the stage (named by `stage`, else the first stage of
//! the board), a won or lost deal keeps the file's `closed_at`, and a contact given with a company
//! must belong to it: the rules of `domain::rules` that `repo::deal::create` applies too.

use super::{invalid, keyed, stamps, Extras, ImportKind, NewCx};
use crate::db::models::{Deal, DealFields, NewDeal};
use crate::db::repo::{self, matching};
use crate::db::{DbConn, DbError};
use crate::domain::rules::{self, DealStage};
use crate::domain::{
    DealDraft, DealId, Entity, FieldError, Id, StageId, Tagged, UserId, ValidationErrors,
};
use crate::transfer::options::MatchKey;
use crate::transfer::resolve::Resolver;
use crate::transfer::values::fold;

pub struct Deals;

impl ImportKind for Deals {
    const ENTITY: Entity = Entity::Deals;
    const KEYS: &'static [MatchKey] = &[MatchKey::Name];
    type Draft = DealDraft;
    type Row = Deal;
    type New = NewDeal;

    fn blank(r: &Resolver) -> DealDraft {
        // a nil stage id names no stage: `new_record` reports it when there is no stage at all
        DealDraft::new(
            "",
            r.first_stage().unwrap_or(StageId(Id(uuid::Uuid::nil()))),
        )
    }
    fn draft_of(row: &Deal) -> DealDraft {
        row.fields.clone().into()
    }
    fn state(row: &Deal) -> (Id, i32, bool) {
        (row.id.id(), row.version, row.deleted_at.is_some())
    }
    fn set(d: &mut DealDraft, field: &str, value: &str) -> Result<(), FieldError> {
        d.set(field, value)
    }
    fn validated(d: DealDraft) -> Result<DealDraft, ValidationErrors> {
        d.validated()
    }

    fn key(m: MatchKey, cell: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        match m {
            MatchKey::Name => cell("title").map(|t| fold(&t)),
            _ => None,
        }
    }

    fn find(
        conn: &mut DbConn,
        _m: MatchKey,
        keys: &[String],
    ) -> Result<Vec<(String, Deal)>, DbError> {
        Ok(keyed(matching::deals_by_title(conn, keys)?, |d: &Deal| {
            Some(fold(&d.fields.title))
        }))
    }

    fn get_many(conn: &mut DbConn, ids: &[Id]) -> Result<Vec<Deal>, DbError> {
        matching::deals_by_ids(conn, ids)
    }

    fn update(
        conn: &mut DbConn,
        actor: Option<UserId>,
        id: Id,
        version: i32,
        d: DealDraft,
    ) -> Result<Deal, DbError> {
        repo::deal::update(conn, actor, DealId(id), version, d)
    }

    fn new_record(
        cx: &mut NewCx<'_>,
        mut d: DealDraft,
        x: &Extras,
    ) -> Result<NewDeal, ValidationErrors> {
        let Some(stage) = cx.resolver.stage(d.stage_id) else {
            return Err(invalid(
                "stage_id",
                "there are no pipeline stages yet: create them first (rolo stages create --set name=Lead)",
            ));
        };
        let stage = DealStage {
            name: &stage.fields.name,
            kind: stage.fields.kind,
        };
        let status = stage.status();
        d.lost_reason = rules::lost_reason(stage, d.lost_reason.take(), None)?;
        let closed_at = rules::closed_at(stage, None, x.closed_at, cx.now)?;
        if let (Some(company), Some(contact)) = (d.company_id, d.contact_id) {
            if let Some(other) = cx.resolver.contact_company(contact) {
                rules::contact_in_company(contact, other, company)?;
            }
        }
        let (id, created_at, updated_at) = stamps(x, cx.now);
        Ok(NewDeal {
            id: DealId(id),
            fields: DealFields::with_status(d, status, closed_at),
            created_at,
            updated_at,
        })
    }
    fn new_id(n: &NewDeal) -> Id {
        n.id.id()
    }
    fn changes(n: &NewDeal, tags: &[String]) -> String {
        super::created_changes(&n.fields, tags)
    }
    fn insert(conn: &mut DbConn, rows: &[NewDeal]) -> Result<(), DbError> {
        crate::db::bulk::flat::insert_deals(conn, rows)
    }
    fn tagged(id: Id) -> Option<Tagged> {
        Some(Tagged::Deal(DealId(id)))
    }
}

//! Deals. A deal's status is never set by the user: every write derives it from the kind of the
//! deal's stage, sets `closed_at` when the deal becomes won or lost (and clears it when it reopens),
//! and allows a lost reason only on a lost deal. [`move_to_stage`] is the kanban's move.
//!
//! References (stage, company, contact, owner) must be live when they are set or changed; one that
//! stays as it was is not re-checked. A contact given together with a company must belong to that
//! company or to none.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::contact::{changed, References};
use super::{insert_new, liveness, record_reads, set_deleted, versioned_update};
use super::{Cursor, ListQuery, Liveness, Page, Predicate, SortValue};
use crate::db::conn::{write_transaction, DbConn, MultiBackend};
use crate::db::models::{Deal, DealFields, NewDeal, Stage};
use crate::db::schema::deals;
use crate::db::{now, DbError};
use crate::domain::rules::{self, DealStage};
use crate::domain::{
    CompanyId, ContactId, DealDraft, DealId, DealStatus, Entity, FieldError, StageId, UserId,
};

mod list;
pub use list::list;

const ENTITY: Entity = Entity::Deals;

use crate::db::access::guard;

/// A compiled filter over deals.
pub type DealPredicate = Predicate<deals::table>;

/// The orders a deal list can take. All but `Stage` and `Owner` are backed by a `(key, id)`
/// index over live rows; those two order by a field of the stage (its position) or the owner (its
/// name), looked up per row. Blank values (no close date, no owner) come last in both directions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DealSort {
    #[default]
    Title,
    /// By currency, then value within it: amounts in different currencies never interleave.
    Value,
    /// In the order of the status words (open, won, lost).
    Status,
    Close,
    /// By the pipeline position of the deal's stage.
    Stage,
    /// By the owner's name.
    Owner,
    Created,
    Updated,
}

impl DealSort {
    pub fn cursor(self, d: &Deal) -> Cursor {
        let f = &d.fields;
        let id = d.id.id();
        let key = match self {
            DealSort::Title => SortValue::Text(f.title.clone()),
            DealSort::Value => SortValue::Money {
                currency: f.currency.clone(),
                minor: f.value,
            },
            DealSort::Status => {
                SortValue::Int(super::company::rank(DealStatus::NAMES, f.status.as_str()))
            }
            DealSort::Close => return Cursor::maybe(f.expected_close, SortValue::Date, id),
            DealSort::Stage => SortValue::Ref(f.stage_id.id()),
            DealSort::Owner => return Cursor::maybe(f.owner_id, |u| SortValue::Ref(u.id()), id),
            DealSort::Created => SortValue::Time(d.created_at),
            DealSort::Updated => SortValue::Time(d.updated_at),
        };
        Cursor { key, id }
    }
}

record_reads!(crate::db::schema::deals, Deal, DealId);

fn invalid(field: &'static str, reason: impl Into<String>) -> DbError {
    DbError::invalid(ENTITY, FieldError::new(field, reason))
}

fn validate(draft: DealDraft) -> Result<DealDraft, DbError> {
    draft.validated().map_err(|e| DbError::invalid(ENTITY, e))
}

/// Check a validated draft against the database and derive status, `closed_at` and the lost
/// reason. `carried_reason`: the draft's lost reason may be the stored one carried along
/// unchanged, which is dropped (not refused) when the deal leaves its lost stage.
fn prepare(
    conn: &mut DbConn,
    mut draft: DealDraft,
    before: Option<&DealFields>,
    carried_reason: bool,
) -> Result<DealFields, DbError> {
    let stage = check_references(conn, &draft, before)?;
    let stage = DealStage {
        name: &stage.fields.name,
        kind: stage.fields.kind,
    };
    let carried = before
        .and_then(|b| b.lost_reason.as_deref())
        .filter(|_| carried_reason);
    let field = |e| DbError::invalid(ENTITY, e);
    draft.lost_reason =
        rules::lost_reason(stage, draft.lost_reason.take(), carried).map_err(field)?;
    let before = before.map(|b| (b.status, b.closed_at));
    let closed_at = rules::closed_at(stage, before, None, now()).map_err(field)?;
    let status = stage.status();
    Ok(DealFields::with_status(draft, status, closed_at))
}

/// Every reference that is set or changed must be live, and a contact given with a company must
/// belong to it (or to none). Returns the deal's stage.
fn check_references(
    conn: &mut DbConn,
    d: &DealDraft,
    before: Option<&DealFields>,
) -> Result<Stage, DbError> {
    let mut refs = References::new(ENTITY);
    let stage = match changed(Some(d.stage_id), before.map(|b| Some(b.stage_id))) {
        Some(s) => refs.check("stage_id", super::stage::get_live(conn, s))?,
        None => Some(super::stage::get(conn, d.stage_id)?),
    };
    let new_company = changed(d.company_id, before.map(|b| b.company_id));
    if let Some(c) = new_company {
        refs.check("company_id", super::company::get_live(conn, c))?;
    }
    let new_contact = changed(d.contact_id, before.map(|b| b.contact_id));
    let mut contact = match new_contact {
        Some(c) => refs.check("contact_id", super::contact::get_live(conn, c))?,
        None => None,
    };
    if let Some(u) = changed(d.owner_id, before.map(|b| b.owner_id)) {
        refs.check("owner_id", super::user::get_live(conn, u))?;
    }
    if let (Some(company), Some(contact_id)) = (d.company_id, d.contact_id) {
        if new_company.is_some() && new_contact.is_none() {
            contact = Some(super::contact::get(conn, contact_id)?);
        }
        let other = contact.and_then(|c| c.fields.company_id);
        if let Err(e) = rules::contact_in_company(contact_id, other, company) {
            refs.push(e.field, e.reason);
        }
    }
    refs.finish()?;
    stage.ok_or(DbError::NotFound {
        entity: Entity::Stages,
        id: d.stage_id.id(),
    })
}

/// Create a deal in its stage; its status comes from the stage kind.
pub fn create(conn: &mut DbConn, actor: Option<UserId>, draft: DealDraft) -> Result<Deal, DbError> {
    let draft = validate(draft)?;
    write_transaction(conn, |conn| {
        let fields = prepare(conn, draft, None, false)?;
        insert_new!(
            conn,
            actor,
            crate::db::schema::deals,
            NewDeal,
            fields,
            as Deal
        )
    })
}

/// Replace the editable fields of the deal read at `expected_version`; status and `closed_at`
/// follow the (possibly new) stage. A lost reason carried over unchanged from a lost deal is
/// dropped when the deal moves to a stage that is not lost. A stale version is a
/// [`DbError::Conflict`] and nothing is written.
pub fn update(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: DealId,
    expected_version: i32,
    draft: DealDraft,
) -> Result<Deal, DbError> {
    let draft = validate(draft)?;
    write_transaction(conn, |conn| {
        let before = get_live(conn, id)?;
        check_version(&before, expected_version)?;
        let fields = prepare(conn, draft, Some(&before.fields), true)?;
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::deals,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

/// Move a deal to another stage (the kanban's drag), one transaction with one history entry.
/// Entering a lost stage records `lost_reason` (or keeps the current one when `None`); a reason
/// given for a stage that is not lost is refused, and leaving a lost stage clears the reason.
pub fn move_to_stage(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: DealId,
    expected_version: i32,
    stage_id: StageId,
    lost_reason: Option<String>,
) -> Result<Deal, DbError> {
    write_transaction(conn, |conn| {
        let before = get_live(conn, id)?;
        check_version(&before, expected_version)?;
        let carried = lost_reason.is_none();
        let mut draft = DealDraft::from(before.fields.clone());
        draft.stage_id = stage_id;
        draft.lost_reason = lost_reason.or(draft.lost_reason);
        let fields = prepare(conn, validate(draft)?, Some(&before.fields), carried)?;
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::deals,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

/// Where a deal stood in the pipeline: what undoing a move puts back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub stage_id: StageId,
    pub status: DealStatus,
    pub lost_reason: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
}

impl Placement {
    pub fn of(fields: &DealFields) -> Placement {
        Placement {
            stage_id: fields.stage_id,
            status: fields.status,
            lost_reason: fields.lost_reason.clone(),
            closed_at: fields.closed_at,
        }
    }
}

/// Undo a move: put the deal read at `expected_version` back in `place`'s stage with its lost
/// reason and close date as they were (the stage must still be live and of the same kind). One
/// transaction with one history entry; a stale version is a [`DbError::Conflict`].
pub fn put_back(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: DealId,
    expected_version: i32,
    place: &Placement,
) -> Result<Deal, DbError> {
    write_transaction(conn, |conn| {
        let before = get_live(conn, id)?;
        check_version(&before, expected_version)?;
        let mut draft = DealDraft::from(before.fields.clone());
        draft.stage_id = place.stage_id;
        draft.lost_reason = place.lost_reason.clone();
        let mut fields = prepare(conn, validate(draft)?, Some(&before.fields), false)?;
        if fields.status != place.status {
            return Err(invalid(
                "stage_id",
                format!(
                    "the deal's previous stage is now a {} stage, not {}",
                    fields.status, place.status
                ),
            ));
        }
        fields.closed_at = place.closed_at;
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::deals,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

/// Soft-delete a deal (checking `expected_version` when given).
pub fn soft_delete(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: DealId,
    expected_version: Option<i32>,
) -> Result<Deal, DbError> {
    write_transaction(conn, |conn| {
        live_at(conn, id, expected_version)?;
        set_deleted!(conn, actor, crate::db::schema::deals, id, true)
    })
}

/// Undo a soft delete. Refused while the deal's stage is deleted: restore the stage first.
pub fn restore(conn: &mut DbConn, actor: Option<UserId>, id: DealId) -> Result<Deal, DbError> {
    write_transaction(conn, |conn| {
        let before = get(conn, id)?;
        if before.deleted_at.is_none() {
            return Ok(before);
        }
        let stage = super::stage::get(conn, before.fields.stage_id)?;
        if stage.deleted_at.is_some() {
            return Err(invalid(
                "stage_id",
                format!(
                    "pipeline stage '{}' ({}) is deleted; restore it first",
                    stage.fields.name, stage.id
                ),
            ));
        }
        set_deleted!(conn, actor, crate::db::schema::deals, id, false)
    })
}

/// One page of a contact's deals (deleted ones included, as the page's liveness says), in the
/// page's order.
pub fn list_for_contact(
    conn: &mut DbConn,
    contact: ContactId,
    q: &ListQuery<DealSort>,
) -> Result<Page<Deal>, DbError> {
    list(conn, q, Some(Box::new(deals::contact_id.eq(contact))))
}

/// The live deals of a company, newest first.
pub fn list_for_company(conn: &mut DbConn, company: CompanyId) -> Result<Vec<Deal>, DbError> {
    Ok(deals::table
        .filter(deals::company_id.eq(company))
        .filter(deals::deleted_at.is_null())
        .order((deals::created_at.desc(), deals::id.desc()))
        .select(Deal::as_select())
        .load(conn)?)
}

pub fn count(
    conn: &mut DbConn,
    liveness: Liveness,
    filter: Option<Predicate<deals::table>>,
) -> Result<i64, DbError> {
    let mut query = deals::table.count().into_boxed::<MultiBackend>();
    query = liveness!(query, liveness, deals::deleted_at);
    if let Some(f) = filter {
        query = query.filter(f);
    }
    Ok(query.get_result(conn)?)
}

super::count_up_to!(crate::db::schema::deals);

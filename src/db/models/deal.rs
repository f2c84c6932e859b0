use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::deals;
use crate::domain::{
    CompanyId, ContactId, DealDraft, DealId, DealStatus, Priority, StageId, UserId,
};

/// The columns a write sets. `status` and `closed_at` are not the user's to edit: the repository
/// derives them from the stage kind, but they are here so history diffs show them change.
#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = deals, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct DealFields {
    pub title: String,
    pub company_id: Option<CompanyId>,
    pub contact_id: Option<ContactId>,
    pub stage_id: StageId,
    pub value: i64,
    pub currency: String,
    pub expected_close: Option<NaiveDate>,
    pub probability: Option<i32>,
    pub status: DealStatus,
    pub priority: Priority,
    pub owner_id: Option<UserId>,
    pub lost_reason: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = deals)]
pub struct Deal {
    pub id: DealId,
    #[diesel(embed)]
    #[serde(flatten)]
    pub fields: DealFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = deals, treat_none_as_default_value = false)]
pub struct NewDeal {
    pub id: DealId,
    #[diesel(embed)]
    pub fields: DealFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl DealFields {
    /// The fields of a draft with the status (and close time) its stage gives it.
    pub fn with_status(d: DealDraft, status: DealStatus, closed_at: Option<NaiveDateTime>) -> Self {
        DealFields {
            title: d.title,
            company_id: d.company_id,
            contact_id: d.contact_id,
            stage_id: d.stage_id,
            value: d.value,
            currency: d.currency,
            expected_close: d.expected_close,
            probability: d.probability,
            status,
            priority: d.priority,
            owner_id: d.owner_id,
            lost_reason: d.lost_reason,
            closed_at,
        }
    }
}

/// An open deal. The repository never stores this as is: it replaces `status` and `closed_at` by
/// what the stage kind says (see [`DealFields::with_status`]).
impl From<DealDraft> for DealFields {
    fn from(d: DealDraft) -> Self {
        DealFields::with_status(d, DealStatus::Open, None)
    }
}

impl From<DealFields> for DealDraft {
    fn from(f: DealFields) -> Self {
        DealDraft {
            title: f.title,
            company_id: f.company_id,
            contact_id: f.contact_id,
            stage_id: f.stage_id,
            value: f.value,
            currency: f.currency,
            expected_close: f.expected_close,
            probability: f.probability,
            priority: f.priority,
            owner_id: f.owner_id,
            lost_reason: f.lost_reason,
        }
    }
}

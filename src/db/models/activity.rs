use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::activities;
use crate::domain::{
    ActivityDraft, ActivityId, ActivityKind, CompanyId, ContactId, DealId, Outcome, UserId,
};

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = activities, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ActivityFields {
    pub kind: ActivityKind,
    pub subject: String,
    pub body: Option<String>,
    pub outcome: Option<Outcome>,
    pub company_id: Option<CompanyId>,
    pub contact_id: Option<ContactId>,
    pub deal_id: Option<DealId>,
    pub owner_id: Option<UserId>,
    pub assignee_id: Option<UserId>,
    pub due_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = activities)]
pub struct Activity {
    pub id: ActivityId,
    #[diesel(embed)]
    #[serde(flatten)]
    pub fields: ActivityFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = activities, treat_none_as_default_value = false)]
pub struct NewActivity {
    pub id: ActivityId,
    #[diesel(embed)]
    pub fields: ActivityFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<ActivityDraft> for ActivityFields {
    fn from(d: ActivityDraft) -> Self {
        ActivityFields {
            kind: d.kind,
            subject: d.subject,
            body: d.body,
            outcome: d.outcome,
            company_id: d.company_id,
            contact_id: d.contact_id,
            deal_id: d.deal_id,
            owner_id: d.owner_id,
            assignee_id: d.assignee_id,
            due_at: d.due_at,
            completed_at: d.completed_at,
        }
    }
}

impl From<ActivityFields> for ActivityDraft {
    fn from(f: ActivityFields) -> Self {
        ActivityDraft {
            kind: f.kind,
            subject: f.subject,
            body: f.body,
            outcome: f.outcome,
            company_id: f.company_id,
            contact_id: f.contact_id,
            deal_id: f.deal_id,
            owner_id: f.owner_id,
            assignee_id: f.assignee_id,
            due_at: f.due_at,
            completed_at: f.completed_at,
        }
    }
}

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::contacts;
use crate::domain::{Channel, CompanyId, ContactDraft, ContactId, UserId};

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = contacts, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ContactFields {
    pub company_id: Option<CompanyId>,
    pub first_name: String,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile_phone: Option<String>,
    pub title: Option<String>,
    pub is_primary: bool,
    pub preferred_channel: Channel,
    pub do_not_contact: bool,
    pub owner_id: Option<UserId>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = contacts)]
pub struct Contact {
    pub id: ContactId,
    #[diesel(embed)]
    #[serde(flatten)]
    pub fields: ContactFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = contacts, treat_none_as_default_value = false)]
pub struct NewContact {
    pub id: ContactId,
    #[diesel(embed)]
    pub fields: ContactFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<ContactDraft> for ContactFields {
    fn from(d: ContactDraft) -> Self {
        ContactFields {
            company_id: d.company_id,
            first_name: d.first_name,
            last_name: d.last_name,
            email: d.email,
            phone: d.phone,
            mobile_phone: d.mobile_phone,
            title: d.title,
            is_primary: d.is_primary,
            preferred_channel: d.preferred_channel,
            do_not_contact: d.do_not_contact,
            owner_id: d.owner_id,
            notes: d.notes,
        }
    }
}

impl From<ContactFields> for ContactDraft {
    fn from(f: ContactFields) -> Self {
        ContactDraft {
            company_id: f.company_id,
            first_name: f.first_name,
            last_name: f.last_name,
            email: f.email,
            phone: f.phone,
            mobile_phone: f.mobile_phone,
            title: f.title,
            is_primary: f.is_primary,
            preferred_channel: f.preferred_channel,
            do_not_contact: f.do_not_contact,
            owner_id: f.owner_id,
            notes: f.notes,
        }
    }
}

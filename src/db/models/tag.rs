use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::tags;
use crate::domain::{TagDraft, TagId};

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = tags, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct TagFields {
    pub name: String,
    pub color: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = tags)]
pub struct Tag {
    pub id: TagId,
    #[diesel(embed)]
    #[serde(flatten)]
    pub fields: TagFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = tags, treat_none_as_default_value = false)]
pub struct NewTag {
    pub id: TagId,
    #[diesel(embed)]
    pub fields: TagFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<TagDraft> for TagFields {
    fn from(d: TagDraft) -> Self {
        TagFields {
            name: d.name,
            color: d.color,
        }
    }
}

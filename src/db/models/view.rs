use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::saved_views;
use crate::domain::{Entity, UserId, ViewDraft, ViewId};

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = saved_views, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct ViewFields {
    pub owner_id: Option<UserId>,
    pub entity: Entity,
    pub name: String,
    pub filter: String,
    pub sort: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = saved_views)]
pub struct SavedView {
    pub id: ViewId,
    #[diesel(embed)]
    #[serde(flatten)]
    pub fields: ViewFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = saved_views, treat_none_as_default_value = false)]
pub struct NewView {
    pub id: ViewId,
    #[diesel(embed)]
    pub fields: ViewFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<ViewDraft> for ViewFields {
    fn from(d: ViewDraft) -> Self {
        ViewFields {
            owner_id: d.owner_id,
            entity: d.entity,
            name: d.name,
            filter: d.filter,
            sort: d.sort,
        }
    }
}

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::pipeline_stages;
use crate::domain::{StageDraft, StageId, StageKind};

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = pipeline_stages, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct StageFields {
    pub name: String,
    pub position: i32,
    pub probability: i32,
    pub color: String,
    pub kind: StageKind,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = pipeline_stages)]
pub struct Stage {
    pub id: StageId,
    #[diesel(embed)]
    #[serde(flatten)]
    pub fields: StageFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = pipeline_stages, treat_none_as_default_value = false)]
pub struct NewStage {
    pub id: StageId,
    #[diesel(embed)]
    pub fields: StageFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<StageDraft> for StageFields {
    fn from(d: StageDraft) -> Self {
        StageFields {
            name: d.name,
            position: d.position,
            probability: d.probability,
            color: d.color,
            kind: d.kind,
            active: d.active,
        }
    }
}

impl From<StageFields> for StageDraft {
    fn from(f: StageFields) -> Self {
        StageDraft {
            name: f.name,
            position: f.position,
            probability: f.probability,
            color: f.color,
            kind: f.kind,
            active: f.active,
        }
    }
}

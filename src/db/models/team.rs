use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{settings, teams};
use crate::domain::{TeamDraft, TeamId};

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = teams, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct TeamFields {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = teams)]
pub struct Team {
    pub id: TeamId,
    #[diesel(embed)]
    #[serde(flatten)]
    pub fields: TeamFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = teams, treat_none_as_default_value = false)]
pub struct NewTeam {
    pub id: TeamId,
    #[diesel(embed)]
    pub fields: TeamFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<TeamDraft> for TeamFields {
    fn from(d: TeamDraft) -> Self {
        TeamFields { name: d.name }
    }
}

impl From<TeamFields> for TeamDraft {
    fn from(f: TeamFields) -> Self {
        TeamDraft { name: f.name }
    }
}

/// One org-wide setting (`visibility`).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = settings)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

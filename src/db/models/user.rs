use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::users;
use crate::domain::{Role, TeamId, UserDraft, UserId};

#[derive(
    Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = users, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct UserFields {
    pub name: String,
    pub email: String,
    pub role: Role,
    pub timezone: String,
    pub login: Option<String>,
    pub team_id: Option<TeamId>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    #[diesel(embed)]
    #[serde(flatten)]
    pub fields: UserFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
pub struct NewUser {
    pub id: UserId,
    #[diesel(embed)]
    pub fields: UserFields,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<UserDraft> for UserFields {
    fn from(d: UserDraft) -> Self {
        UserFields {
            name: d.name,
            email: d.email,
            role: d.role,
            timezone: d.timezone,
            login: d.login,
            team_id: d.team_id,
            active: d.active,
        }
    }
}

impl From<UserFields> for UserDraft {
    fn from(f: UserFields) -> Self {
        UserDraft {
            name: f.name,
            email: f.email,
            role: f.role,
            timezone: f.timezone,
            login: f.login,
            team_id: f.team_id,
            active: f.active,
        }
    }
}

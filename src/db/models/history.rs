use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::history;
use crate::domain::{Entity, HistoryAction, HistoryId, Id, UserId};

/// One recorded change: who did what to which record, and each changed field as old -> new
/// (`changes` is a JSON object `{"field": {"old": …, "new": …}}`).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = history)]
pub struct HistoryEntry {
    pub id: HistoryId,
    pub at: NaiveDateTime,
    pub actor_id: Option<UserId>,
    pub entity: Entity,
    pub entity_id: Id,
    pub action: HistoryAction,
    pub changes: String,
}

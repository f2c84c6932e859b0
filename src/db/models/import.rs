//! Imports: what `rolo import` wrote, so it can be listed and undone. One [`Import`] per committed
//! import and one [`ImportItem`] per record it created or updated.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{import_items, imports};
use crate::domain::{Entity, HistoryAction, Id, UserId};

/// One committed import: who ran it, when, on which file, and what it did.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = imports, treat_none_as_default_value = false)]
pub struct Import {
    pub id: Id,
    pub at: NaiveDateTime,
    pub actor_id: Option<UserId>,
    pub entity: Entity,
    pub file: String,
    /// `csv` or `vcf`.
    pub format: String,
    /// JSON: delimiter, match key, on-duplicate rule and the column mapping used.
    pub options: String,
    #[diesel(embed)]
    #[serde(flatten)]
    pub counts: ImportCounts,
    pub undone_at: Option<NaiveDateTime>,
    pub undone_by: Option<UserId>,
}

/// What an import did, row by row.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Queryable,
    Selectable,
    Insertable,
    AsChangeset,
    serde::Serialize,
)]
#[diesel(table_name = imports)]
pub struct ImportCounts {
    /// Data rows (or vCards) read from the file.
    pub rows_read: i64,
    pub created: i64,
    pub updated: i64,
    /// Duplicates skipped and empty rows.
    pub skipped: i64,
    /// Rows rejected (only with `--skip-invalid`; otherwise an invalid row means no import).
    pub invalid: i64,
    /// Companies created because a row named one that did not exist.
    pub related_created: i64,
}

/// A record an import created or updated. `version` is the record's version right after the
/// import (undo refuses a record changed since); `before` holds, for an update, the editable
/// fields before it as JSON (`{"draft": …, "tags_added": […]}`).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = import_items, treat_none_as_default_value = false)]
pub struct ImportItem {
    pub import_id: Id,
    pub entity: Entity,
    pub record_id: Id,
    pub action: HistoryAction,
    pub version: i32,
    pub before: Option<String>,
}

//! Imports: the record of each committed `rolo import` and the records it created or updated (see
//! `transfer` for the import itself). Also the bulk writes an import needs: many rows per
//! statement on SQLite, a binary `COPY` on PostgreSQL.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::models::{HistoryEntry, Import, ImportCounts, ImportItem};
use crate::db::schema::{history, import_items, imports};
use crate::db::{DbConn, DbError};
use crate::domain::{Entity, Id, UserId};

/// SQLite refuses statements with more than 32766 bound values.
pub const SQLITE_MAX_VARIABLES: usize = 32_000;

/// PostgreSQL takes at most 65535 bound values per statement.
pub const PG_MAX_BINDS: usize = 65_000;

/// Insert a slice of `Insertable` rows in as few statements as the backend allows: multi-row
/// `INSERT`s of at most [`SQLITE_MAX_VARIABLES`] values on SQLite, one binary `COPY … FROM STDIN`
/// on PostgreSQL — unless row-level security applies to the session (every role but superusers
/// and `BYPASSRLS` ones: the tables force it), which PostgreSQL does not allow `COPY FROM` under:
/// then multi-row `INSERT`s of at most [`PG_MAX_BINDS`] values, which the policies check row by
/// row. `$columns` is the number of columns a row binds. Diesel's `MultiConnection` cannot
/// batch-insert, hence the dispatch.
macro_rules! bulk_insert {
    ($conn:expr, $table:expr, $rows:expr, $columns:expr) => {{
        use diesel::prelude::*;
        let rows = $rows;
        if !rows.is_empty() {
            match $conn {
                $crate::db::DbConn::Sqlite(c) => {
                    let per = ($crate::db::repo::import::SQLITE_MAX_VARIABLES / $columns).max(1);
                    for chunk in rows.chunks(per) {
                        diesel::insert_into($table).values(chunk).execute(c)?;
                    }
                }
                $crate::db::DbConn::Pg(c) => {
                    if $crate::db::repo::import::pg_copy_allowed(c)? {
                        diesel::copy_from($table).from_insertable(rows).execute(c)?;
                    } else {
                        let per = ($crate::db::repo::import::PG_MAX_BINDS / $columns).max(1);
                        for chunk in rows.chunks(per) {
                            diesel::insert_into($table).values(chunk).execute(c)?;
                        }
                    }
                }
            }
        }
    }};
}
pub(crate) use bulk_insert;

#[derive(QueryableByName)]
struct Bypass {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    bypass: bool,
}

/// Whether this PostgreSQL session may `COPY` into rolo's tables: only when row-level security
/// does not apply to it (a superuser or a `BYPASSRLS` role).
pub fn pg_copy_allowed(c: &mut diesel::PgConnection) -> Result<bool, DbError> {
    let row: Bypass = diesel::sql_query(
        "SELECT coalesce((SELECT rolsuper OR rolbypassrls FROM pg_roles \
         WHERE rolname = current_user), false) AS bypass",
    )
    .get_result(c)?;
    Ok(row.bypass)
}

/// Record an import (its counts are filled in by [`set_counts`] before the transaction commits).
pub fn insert(conn: &mut DbConn, import: &Import) -> Result<(), DbError> {
    diesel::insert_into(imports::table)
        .values(import)
        .execute(conn)?;
    Ok(())
}

pub fn set_counts(conn: &mut DbConn, id: Id, counts: &ImportCounts) -> Result<(), DbError> {
    diesel::update(imports::table.find(id))
        .set(counts)
        .execute(conn)?;
    Ok(())
}

/// Add the records an import created or updated.
pub fn add_items(conn: &mut DbConn, items: &[ImportItem]) -> Result<(), DbError> {
    bulk_insert!(conn, import_items::table, items, 6);
    Ok(())
}

/// Write many history entries at once (the import's own creates; updates go through the
/// repositories, which record their own).
pub fn add_history(conn: &mut DbConn, entries: &[HistoryEntry]) -> Result<(), DbError> {
    let rows: Vec<HistoryRow<'_>> = entries.iter().map(HistoryRow::from).collect();
    bulk_insert!(conn, history::table, &rows[..], 7);
    Ok(())
}

/// A history entry as `COPY` needs it: every column written, `NULL` included.
#[derive(Insertable)]
#[diesel(table_name = history, treat_none_as_default_value = false)]
struct HistoryRow<'a> {
    id: crate::domain::HistoryId,
    at: NaiveDateTime,
    actor_id: Option<UserId>,
    entity: Entity,
    entity_id: Id,
    action: crate::domain::HistoryAction,
    changes: &'a str,
}

impl<'a> From<&'a HistoryEntry> for HistoryRow<'a> {
    fn from(h: &'a HistoryEntry) -> Self {
        HistoryRow {
            id: h.id,
            at: h.at,
            actor_id: h.actor_id,
            entity: h.entity,
            entity_id: h.entity_id,
            action: h.action,
            changes: &h.changes,
        }
    }
}

pub fn get(conn: &mut DbConn, id: Id) -> Result<Option<Import>, DbError> {
    Ok(imports::table
        .find(id)
        .select(Import::as_select())
        .first(conn)
        .optional()?)
}

/// The most recent imports, newest first.
pub fn list(conn: &mut DbConn, limit: i64) -> Result<Vec<Import>, DbError> {
    Ok(imports::table
        .order((imports::at.desc(), imports::id.desc()))
        .limit(limit)
        .select(Import::as_select())
        .load(conn)?)
}

/// One page of an import's items of one entity and action, in record id order.
pub fn items(
    conn: &mut DbConn,
    import: Id,
    entity: Entity,
    action: crate::domain::HistoryAction,
    after: Option<Id>,
    limit: i64,
) -> Result<Vec<ImportItem>, DbError> {
    let mut q = import_items::table
        .filter(import_items::import_id.eq(import))
        .filter(import_items::entity.eq(entity))
        .filter(import_items::action.eq(action))
        .order(import_items::record_id.asc())
        .limit(limit)
        .select(ImportItem::as_select())
        .into_boxed::<crate::db::conn::MultiBackend>();
    if let Some(last) = after {
        q = q.filter(import_items::record_id.gt(last));
    }
    Ok(q.load(conn)?)
}

/// Mark an import as undone (by `actor`, at `at`).
pub fn mark_undone(
    conn: &mut DbConn,
    id: Id,
    actor: Option<UserId>,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(imports::table.find(id))
        .set((
            imports::undone_at.eq(Some(at)),
            imports::undone_by.eq(actor),
        ))
        .execute(conn)?;
    Ok(())
}

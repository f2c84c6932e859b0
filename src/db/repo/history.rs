//! The change log. Every write through the repository calls [`record`] inside its own transaction,
//! so a change and its history entry land together or not at all.

use diesel::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::db::models::HistoryEntry;
use crate::db::schema::history;
use crate::db::{now, DbConn, DbError};
use crate::domain::{Entity, HistoryAction, HistoryId, Id, UserId};

/// Field-by-field changes between two serializable snapshots: `{"field": {"old": …, "new": …}}`.
/// `None` for `before` means a creation: every non-null field is listed with `old: null`.
pub fn diff<T: Serialize>(before: Option<&T>, after: &T) -> Map<String, Value> {
    let to_map = |v: &T| match serde_json::to_value(v) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let old = before.map(to_map).unwrap_or_default();
    let new = to_map(after);
    let mut out = Map::new();
    for (field, new_value) in new {
        let old_value = old.get(&field).cloned().unwrap_or(Value::Null);
        if old_value != new_value {
            let mut pair = Map::new();
            pair.insert("old".into(), old_value);
            pair.insert("new".into(), new_value);
            out.insert(field, Value::Object(pair));
        }
    }
    out
}

/// One field's change, for deletes, restores and tag changes.
pub fn change(field: &str, old: Value, new: Value) -> Map<String, Value> {
    let mut pair = Map::new();
    pair.insert("old".into(), old);
    pair.insert("new".into(), new);
    let mut out = Map::new();
    out.insert(field.to_string(), Value::Object(pair));
    out
}

pub fn record(
    conn: &mut DbConn,
    actor: Option<UserId>,
    entity: Entity,
    entity_id: Id,
    action: HistoryAction,
    changes: Map<String, Value>,
) -> Result<(), DbError> {
    let entry = HistoryEntry {
        id: HistoryId::new(),
        at: now(),
        actor_id: actor,
        entity,
        entity_id,
        action,
        changes: Value::Object(changes).to_string(),
    };
    diesel::insert_into(history::table)
        .values(&entry)
        .execute(conn)?;
    Ok(())
}

/// A record's history, oldest first.
pub fn for_record(conn: &mut DbConn, entity_id: Id) -> Result<Vec<HistoryEntry>, DbError> {
    Ok(history::table
        .filter(history::entity_id.eq(entity_id))
        .order((history::at.asc(), history::id.asc()))
        .select(HistoryEntry::as_select())
        .load(conn)?)
}

/// The login (PostgreSQL role) each of a record's history rows was written under, by row; rows
/// without one (SQLite, or written before logins were recorded) are absent.
pub fn logins_for_record(
    conn: &mut DbConn,
    entity_id: Id,
) -> Result<std::collections::HashMap<HistoryId, String>, DbError> {
    let rows: Vec<(HistoryId, Option<String>)> = history::table
        .filter(history::entity_id.eq(entity_id))
        .filter(history::login.is_not_null())
        .select((history::id, history::login))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, login)| login.map(|l| (id, l)))
        .collect())
}

//! A record's history and fields as both front ends show them: the names of every referenced
//! record looked up in one query per table (`db::repo::names::references`), then read by the
//! pure rules of `domain::history`.

use serde_json::{Map, Value};

use crate::db::access::Access;
use crate::db::models::HistoryEntry;
use crate::db::repo::{history, login, names};
use crate::db::{DbConn, DbError};
use crate::domain::history::{self as rules, FieldChange, Reading};
use crate::domain::zone::Zone;
use crate::domain::{Entity, Id};

/// One history entry, readable and for machines.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub entry: HistoryEntry,
    /// When, in the user's zone.
    pub when: String,
    /// Who: a user's name, `X as Y`, or `—`.
    pub who: String,
    /// The login (PostgreSQL role) it was written under, if recorded.
    pub login: Option<String>,
    /// Every changed field, readable.
    pub changes: Vec<FieldChange>,
    /// The changes for machines (`{field: {"old", "new"}}`, money as decimal strings).
    pub machine: Value,
}

/// The history of record `id`, oldest first. `currency` is the record's own, for
/// money fields that changed without it.
pub fn entries(
    conn: &mut DbConn,
    access: &Access,
    zone: Zone,
    id: Id,
    currency: Option<&str>,
) -> Result<Vec<Entry>, DbError> {
    let rows = history::for_record(conn, id)?;
    let logins = history::logins_for_record(conn, id)?;
    let owners = login::owners_of(conn, logins.values().cloned())?;
    let parsed: Vec<Map<String, Value>> = rows
        .iter()
        .map(|h| rules::parse_changes(&h.changes))
        .collect();
    let wanted = rows
        .iter()
        .zip(&parsed)
        .flat_map(|(h, c)| {
            let mut refs = rules::references(h.entity, c);
            refs.extend(h.actor_id.map(|a| (Entity::Users, a.id())));
            refs
        })
        .collect::<Vec<_>>();
    let refs = names::references(conn, access, wanted)?;
    Ok(rows
        .into_iter()
        .zip(parsed)
        .map(|(h, c)| {
            let reading = Reading {
                entity: h.entity,
                names: &refs,
                currency,
                zone,
            };
            let login = logins.get(&h.id).cloned();
            let owner = login
                .as_deref()
                .and_then(|l| owners.get(l))
                .filter(|(uid, _)| h.actor_id.is_some() && *uid != h.actor_id)
                .map(|(_, name)| name.as_str());
            let actor = h.actor_id.and_then(|a| refs.get(&(Entity::Users, a.id())));
            Entry {
                when: rules::moment(h.at, zone),
                who: rules::who(actor, h.actor_id.is_some(), owner),
                login,
                changes: rules::readable(&reading, &c),
                machine: rules::machine(h.entity, &c, currency),
                entry: h,
            }
        })
        .collect())
}

/// A record's fields (as serialized), readable: `(label, text)` per field, in order.
pub fn fields(
    conn: &mut DbConn,
    access: &Access,
    zone: Zone,
    entity: Entity,
    fields: &Map<String, Value>,
) -> Result<Vec<(String, String)>, DbError> {
    let refs = names::references(conn, access, rules::references_of(entity, fields))?;
    let currency = fields.get("currency").and_then(Value::as_str);
    let reading = Reading {
        entity,
        names: &refs,
        currency,
        zone,
    };
    Ok(fields
        .iter()
        .map(|(k, v)| {
            let text = match v {
                Value::Null => String::new(),
                v => rules::value_text(&reading, k, v, currency),
            };
            (rules::label(entity, k), text)
        })
        .collect())
}

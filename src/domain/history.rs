//! How a recorded change reads: field labels from the entity's description, references as
//! names, money in major units with its currency, timestamps in the user's zone. One rule for the
//! CLI (`rolo deals history ID`, `rolo deals get ID`) and the TUI's History tab; the names come
//! from the database (`db::repo::names::references`), the rest is here.
//!
//! Machine output (`--output json`) keeps machine values: ids stay ids, money becomes
//! `{"value": "12500.00", "currency": "USD"}`.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDateTime;
use serde_json::{Map, Value};

use super::describe::{describe, FieldType};
use super::zone::Zone;
use super::{money, Entity, Id};

/// What a referenced record's id reads as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefName {
    Live(String),
    /// In the trash (or a deactivated stage): its name, marked.
    Deleted(String),
    /// The acting user may not see it: its name is not shown.
    Hidden,
}

impl fmt::Display for RefName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefName::Live(n) => f.write_str(n),
            RefName::Deleted(n) => write!(f, "{n} (deleted)"),
            RefName::Hidden => f.write_str("(hidden)"),
        }
    }
}

/// The names of the referenced records, by entity and id; an id that is absent reads
/// `(unknown)`.
pub type RefNames = HashMap<(Entity, Id), RefName>;

/// What a value is read against: the record's entity, the names of what it refers to, the
/// currency its money is in, and the zone its timestamps are shown in.
#[derive(Debug, Clone, Copy)]
pub struct Reading<'a> {
    pub entity: Entity,
    pub names: &'a RefNames,
    /// The record's currency (a change to `currency` itself takes precedence).
    pub currency: Option<&'a str>,
    pub zone: Zone,
}

/// One field of one change, readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The stored name (`stage_id`).
    pub field: String,
    /// The label (`Stage`).
    pub label: String,
    pub old: String,
    pub new: String,
}

/// What an empty value reads as.
pub const NONE: &str = "∅";

/// A moment (stored in UTC) as shown everywhere: wall-clock time in `zone`, to the minute.
pub fn moment(utc: NaiveDateTime, zone: Zone) -> String {
    zone.to_local(utc).format("%Y-%m-%d %H:%M").to_string()
}

/// The stored changes (`{"field": {"old": …, "new": …}}`); anything else reads as no fields.
pub fn parse_changes(raw: &str) -> Map<String, Value> {
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// The type of a field of `entity`, including the stamps the description leaves out.
pub fn field_type(entity: Entity, field: &str) -> FieldType {
    match describe(entity).field(field) {
        Some(f) => f.ty,
        None if field.ends_with("_at") => FieldType::Timestamp,
        None => FieldType::Text,
    }
}

/// A field's label: the description's, else the name made readable (`deleted_at` → `Deleted`).
pub fn label(entity: Entity, field: &str) -> String {
    if let Some(f) = describe(entity).field(field) {
        return f.label.to_string();
    }
    let base = field
        .strip_suffix("_at")
        .or_else(|| field.strip_suffix("_id"))
        .unwrap_or(field)
        .replace('_', " ");
    let mut chars = base.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The referenced records a set of changes names: `(entity, id)` for every reference value.
pub fn references(entity: Entity, changes: &Map<String, Value>) -> Vec<(Entity, Id)> {
    let mut out = Vec::new();
    for (field, change) in changes {
        let FieldType::Ref(target) = field_type(entity, field) else {
            continue;
        };
        for side in ["old", "new"] {
            if let Some(id) = change
                .get(side)
                .and_then(Value::as_str)
                .and_then(|s| s.parse::<Id>().ok())
            {
                out.push((target, id));
            }
        }
    }
    out
}

/// The referenced records a record's fields name (the same rule, for `get`).
pub fn references_of(entity: Entity, fields: &Map<String, Value>) -> Vec<(Entity, Id)> {
    fields
        .iter()
        .filter_map(|(field, v)| match field_type(entity, field) {
            FieldType::Ref(target) => v
                .as_str()
                .and_then(|s| s.parse::<Id>().ok())
                .map(|id| (target, id)),
            _ => None,
        })
        .collect()
}

/// One value of `field`, readable: a reference as its name, money with separators and currency,
/// a timestamp in the zone, a flag as yes/no, nothing as `∅`.
pub fn value_text(r: &Reading<'_>, field: &str, value: &Value, currency: Option<&str>) -> String {
    let ty = field_type(r.entity, field);
    match (ty, value) {
        (_, Value::Null) => NONE.to_string(),
        (FieldType::Ref(target), Value::String(s)) => match s.parse::<Id>() {
            Ok(id) => r
                .names
                .get(&(target, id))
                .map_or_else(|| "(unknown)".to_string(), RefName::to_string),
            Err(_) => s.clone(),
        },
        (FieldType::Money, Value::Number(n)) => match (n.as_i64(), currency.or(r.currency)) {
            (Some(minor), Some(cur)) => format!("{} {cur}", money::format_major(minor, cur)),
            _ => n.to_string(),
        },
        (FieldType::Timestamp, Value::String(s)) => match parse_stamp(s) {
            Some(t) => moment(t, r.zone),
            None => s.clone(),
        },
        (_, Value::Bool(b)) => if *b { "yes" } else { "no" }.to_string(),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// A stored timestamp as serialized (`2026-12-01T19:49:51.992166`, or with a space).
fn parse_stamp(s: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

/// The currency each side of a change is in: a change to `currency` itself, else the record's.
fn currencies<'a>(
    changes: &'a Map<String, Value>,
    record: Option<&'a str>,
) -> [Option<&'a str>; 2] {
    let side = |s: &str| {
        changes
            .get("currency")
            .and_then(|c| c.get(s))
            .and_then(Value::as_str)
            .or(record)
    };
    [side("old"), side("new")]
}

/// Every field of a change, readable, in the order stored.
pub fn readable(r: &Reading<'_>, changes: &Map<String, Value>) -> Vec<FieldChange> {
    let [old_cur, new_cur] = currencies(changes, r.currency);
    changes
        .iter()
        .map(|(field, change)| {
            let (old, new) = match change {
                Value::Object(c) if c.contains_key("old") || c.contains_key("new") => (
                    c.get("old").cloned().unwrap_or(Value::Null),
                    c.get("new").cloned().unwrap_or(Value::Null),
                ),
                other => (Value::Null, other.clone()),
            };
            FieldChange {
                field: field.clone(),
                label: label(r.entity, field),
                old: value_text(r, field, &old, old_cur),
                new: value_text(r, field, &new, new_cur),
            }
        })
        .collect()
}

/// A change on one line: `Stage: Lead → Won; Value: 12,500.00 USD → 1,234.00 USD`.
pub fn summary(changes: &[FieldChange]) -> String {
    changes
        .iter()
        .map(|c| format!("{}: {} → {}", c.label, c.old, c.new))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Money for machines: `{"value": "12500.00", "currency": "USD"}` (a decimal string, so no
/// precision is lost); a value with no known currency stays the integer it was.
pub fn machine_money(minor: &Value, currency: Option<&str>) -> Value {
    match (minor.as_i64(), currency) {
        (Some(m), Some(cur)) => {
            let text = money::format_major(m, cur).replace(',', "");
            serde_json::json!({ "value": text, "currency": cur })
        }
        _ => minor.clone(),
    }
}

/// A change for machines: the same `{field: {"old", "new"}}`, money as [`machine_money`], ids
/// and everything else as stored.
pub fn machine(entity: Entity, changes: &Map<String, Value>, currency: Option<&str>) -> Value {
    let [old_cur, new_cur] = currencies(changes, currency);
    let mut out = Map::new();
    for (field, change) in changes {
        let v = match (field_type(entity, field), change) {
            (FieldType::Money, Value::Object(c)) => {
                let mut pair = Map::new();
                for (side, cur) in [("old", old_cur), ("new", new_cur)] {
                    let v = c.get(side).cloned().unwrap_or(Value::Null);
                    pair.insert(side.into(), machine_money(&v, cur));
                }
                Value::Object(pair)
            }
            _ => change.clone(),
        };
        out.insert(field.clone(), v);
    }
    Value::Object(out)
}

/// A record's fields for machines: money as [`machine_money`] in the record's `currency`.
pub fn machine_record(entity: Entity, mut fields: Map<String, Value>) -> Map<String, Value> {
    let currency = fields
        .get("currency")
        .and_then(Value::as_str)
        .map(str::to_string);
    for (field, v) in fields.iter_mut() {
        if field_type(entity, field) == FieldType::Money {
            *v = machine_money(v, currency.as_deref());
        }
    }
    fields
}

/// Who made a change: the actor's name, `X as Y` when it was written under another user's login
/// (an admin acting as Y), `—` when nobody was acting.
pub fn who(actor: Option<&RefName>, actor_known: bool, login_owner: Option<&str>) -> String {
    let name = match (actor, actor_known) {
        (Some(n), _) => n.to_string(),
        (None, true) => "(unknown)".to_string(),
        (None, false) => "—".to_string(),
    };
    match login_owner {
        Some(owner) if actor_known => format!("{owner} as {name}"),
        _ => name,
    }
}

#[cfg(test)]
mod tests;

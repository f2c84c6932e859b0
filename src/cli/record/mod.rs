//! `rolo <entity> get|create|update|delete|restore|history`: single-record commands, the same for
//! every entity. Fields are set as `--set field=value`; references may be given by name
//! (`owner=ada@example.com`, `company=Acme`, `stage=Proposal`) as well as by id.

use super::out::{dataln, outln};
use crate::domain::text::sanitize;

use serde::Serialize;
use serde_json::Value;

use crate::app::history::{self as app_history, Entry};
use crate::app::Ctx;
use crate::cli::args::{Output, RecordCommand};
use crate::db::repo::{self, named};
use crate::db::{DbConn, DbError};
use crate::domain::describe::{describe, FieldType};
use crate::domain::{Entity, Id, UserId};
use crate::error::{exit, AppError};

pub use crate::db::record::{Activities, Companies, Contacts, Deals, Stages, Teams, Users};
use crate::db::record::{BlankError, Record};

fn parse_id<K: Record>(raw: &str) -> Result<K::Id, AppError> {
    raw.trim().parse::<K::Id>().map_err(|_| {
        AppError::Usage(format!(
            "'{}' is not a {} id (a UUID)",
            raw.trim(),
            K::ENTITY.singular()
        ))
    })
}

/// The record, if the acting user may see it; a hidden one reads as missing (exit 3).
fn get_visible<K: Record>(ctx: &Ctx, conn: &mut DbConn, id: K::Id) -> Result<K::Row, AppError> {
    let row = K::get(conn, id)?;
    crate::db::access::ensure_visible(conn, &ctx.access, K::ENTITY, id.into())?;
    Ok(row)
}

/// A draft to fill for `create`.
fn blank<K: Record>(conn: &mut DbConn) -> Result<K::Draft, AppError> {
    K::blank(conn).map_err(|e| {
        match e {
        BlankError::NoStages => AppError::Usage(
            "there are no pipeline stages yet: create one with `rolo stages create --set name=Lead`"
                .into(),
        ),
        BlankError::Db(e) => e.into(),
    }
    })
}

/// Split `field=value`.
fn split_pair(pair: &str) -> Result<(String, &str), AppError> {
    let (field, value) = pair
        .split_once('=')
        .ok_or_else(|| AppError::Usage(format!("--set '{pair}': expected FIELD=VALUE")))?;
    Ok((field.trim().to_ascii_lowercase().replace('-', "_"), value))
}

/// Reference fields, by their column name, with what a name given instead of an id refers to:
/// a field some entity's description types as a reference (`owner`, `company_id`, `stage` …).
fn reference_column(field: &str) -> Option<&'static str> {
    Entity::ALL
        .iter()
        .filter_map(|e| describe(*e).lookup(field))
        .find(|f| matches!(f.ty, FieldType::Ref(_)))
        .map(|f| f.name)
}

fn one<T: std::fmt::Display>(found: Vec<T>, what: &str, value: &str) -> Result<String, AppError> {
    match found.as_slice() {
        [one] => Ok(one.to_string()),
        // a reference that names nothing is bad input, not a missing addressed record
        [] => Err(AppError::Usage(format!("no live {what} matches '{value}'"))),
        many => Err(AppError::Usage(format!(
            "'{value}' matches {} {what} records; give the id instead (one of: {})",
            many.len(),
            many.iter()
                .map(|m| m.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Turn a name, email or title into the id it names; ids and blanks pass through.
fn resolve(conn: &mut DbConn, column: &str, value: &str) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() || v.parse::<Id>().is_ok() {
        return Ok(v.to_string());
    }
    let lower = v.to_lowercase();
    let found: Vec<Id> = match column {
        "owner_id" | "assignee_id" => named::users_by_email(conn, &lower)?,
        "company_id" | "parent_id" => named::companies_by_name_or_domain(conn, v, &lower)?,
        "contact_id" => named::contacts_by_email(conn, &lower)?,
        "team_id" => repo::team::find_by_name(conn, v)?
            .map(|t| t.id.id())
            .into_iter()
            .collect(),
        "stage_id" => repo::stage::find_by_name(conn, v)?
            .map(|s| s.id.id())
            .into_iter()
            .collect(),
        "deal_id" => named::deals_by_title(conn, v)?,
        _ => vec![],
    };
    let what = column.trim_end_matches("_id");
    one(found, what, v)
}

/// `update` without `--if-version`: the user means "whatever it is now", so the read and the write
/// share one transaction (on SQLite the write lock is taken first, so nobody can come between),
/// and a conflict with a writer that did come between (PostgreSQL) is retried on the new version.
fn blind_update<K: Record>(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: K::Id,
    sets: &[String],
) -> Result<K::Row, AppError> {
    const ATTEMPTS: usize = 20;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = crate::db::write_transaction(conn, |conn| {
            let current = K::get(conn, id)?;
            let mut draft = K::draft_of(&current);
            apply_sets::<K>(conn, &mut draft, sets)?;
            Ok::<_, AppError>(K::update(conn, actor, id, K::version(&current), draft)?)
        });
        match result {
            Err(AppError::Db(DbError::Conflict { .. })) if attempt < ATTEMPTS => continue,
            other => return other,
        }
    }
}

/// Whether `--set FIELD=…` names the record's tag list (`tags`, or `tag`) on an entity with tags.
fn is_tags<K: Record>(field: &str) -> bool {
    matches!(field, "tags" | "tag") && describe(K::ENTITY).form.contains(&"tags")
}

/// The tag list `--set tags=a,b` gives (the last one wins), checked; `None` without one.
fn tag_set<K: Record>(sets: &[String]) -> Result<Option<Vec<String>>, AppError> {
    let mut out = None;
    for pair in sets {
        let (field, value) = split_pair(pair)?;
        if is_tags::<K>(&field) {
            let names = crate::domain::tag::parse_names(value)
                .map_err(|why| AppError::Usage(format!("--set {field}: {why}")))?;
            out = Some(names);
        }
    }
    Ok(out)
}

/// Give the record exactly the tags `--set tags=…` named, if it named any.
fn apply_tags<K: Record>(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: Id,
    tags: Option<Vec<String>>,
) -> Result<(), AppError> {
    if let (Some(tags), Some(target)) = (tags, crate::domain::Tagged::of(K::ENTITY, id)) {
        crate::app::tags::set_exactly(conn, actor, target, &tags)?;
    }
    Ok(())
}

fn apply_sets<K: Record>(
    conn: &mut DbConn,
    draft: &mut K::Draft,
    sets: &[String],
) -> Result<(), AppError> {
    for pair in sets {
        let (field, value) = split_pair(pair)?;
        if is_tags::<K>(&field) {
            continue;
        }
        match reference_column(&field) {
            Some(column) => {
                let resolved = resolve(conn, column, value)?;
                K::set(draft, column, &resolved)?;
            }
            None => K::set(draft, &field, value)?,
        }
    }
    Ok(())
}

/// The record with its external reference (another tool's id), where the entity keeps one.
fn with_external<K: Record>(conn: &mut DbConn, id: Id, row: &K::Row) -> Result<Value, AppError> {
    let mut value = serde_json::to_value(row).map_err(|e| AppError::Internal(e.to_string()))?;
    if repo::external::supported(K::ENTITY) {
        let x = repo::external::of(conn, K::ENTITY, &[id])?.remove(&id);
        if let Value::Object(map) = &mut value {
            map.insert(
                "external_source".into(),
                x.as_ref().map(|x| x.source.clone()).into(),
            );
            map.insert("external_id".into(), x.map(|x| x.id).into());
        }
    }
    Ok(value)
}

/// A record as `get` prints it: for people, each field by its label with references as names
/// and money with its currency; for machines, ids as ids and money as a decimal string with its
/// currency.
fn print_record<K: Record>(
    ctx: &Ctx,
    conn: &mut DbConn,
    value: Value,
    output: Output,
) -> Result<(), AppError> {
    let Value::Object(map) = value else {
        return print_row(&value, output);
    };
    match output {
        Output::Json => {
            let map = crate::domain::history::machine_record(K::ENTITY, map);
            dataln!("{}", Value::Object(map))?;
        }
        Output::Text => {
            let rows = app_history::fields(conn, &ctx.access, ctx.zone, K::ENTITY, &map)?;
            let width = rows
                .iter()
                .map(|(l, _)| l.chars().count())
                .max()
                .unwrap_or(0);
            for (label, text) in rows {
                outln!("{label:<width$}  {}", sanitize(&text))?;
            }
        }
    }
    Ok(())
}

fn print_row<T: Serialize>(row: &T, output: Output) -> Result<(), AppError> {
    let value = serde_json::to_value(row).map_err(|e| AppError::Internal(e.to_string()))?;
    match output {
        Output::Json => dataln!("{value}")?,
        Output::Text => {
            if let Value::Object(map) = value {
                for (k, v) in map {
                    let shown = match v {
                        Value::Null => String::new(),
                        Value::String(s) => sanitize(&s),
                        other => sanitize(&other.to_string()),
                    };
                    outln!("{k:<20} {shown}")?;
                }
            }
        }
    }
    Ok(())
}

pub fn run<K: Record>(ctx: &Ctx, cmd: RecordCommand) -> Result<i32, AppError> {
    let mut conn = ctx.conn()?;
    let conn = &mut *conn;
    match cmd {
        RecordCommand::List(_) | RecordCommand::Count(_) => {
            return Err(AppError::Internal(
                "list and count are routed to cli::list".into(),
            ))
        }
        RecordCommand::Get { id, output } => {
            let id = parse_id::<K>(&id)?;
            let row = get_visible::<K>(ctx, conn, id)?;
            let value = with_external::<K>(conn, id.into(), &row)?;
            print_record::<K>(ctx, conn, value, output)?;
        }
        RecordCommand::Create { set, output } => {
            let mut draft = blank::<K>(conn)?;
            // the same rule as the TUI's forms (app::owner): the acting user's unless
            // `--set owner=…` says whose (an empty `owner=` keeps it unowned)
            if let Some(owner) = crate::app::owner::default_owner(K::ENTITY, ctx.actor) {
                K::set(&mut draft, "owner_id", &owner.to_string())?;
            }
            apply_sets::<K>(conn, &mut draft, &set)?;
            let completion = set.iter().any(|pair| {
                split_pair(pair).is_ok_and(|(f, _)| matches!(f.as_str(), "done" | "completed_at"))
            });
            if !completion {
                K::new_record(&mut draft, crate::db::now());
            }
            let tags = tag_set::<K>(&set)?;
            // the record and its tags, all or nothing
            let row = crate::db::write_transaction(conn, |conn| {
                let row = K::create(conn, ctx.actor, draft)?;
                apply_tags::<K>(conn, ctx.actor, K::row_id(&row), tags)?;
                Ok::<_, AppError>(row)
            })?;
            ctx.note_anonymous_write();
            print_row(&row, output)?;
        }
        RecordCommand::Update {
            id,
            set,
            if_version,
            output,
        } => {
            let id = parse_id::<K>(&id)?;
            let tags = tag_set::<K>(&set)?;
            let row = crate::db::write_transaction(conn, |conn| {
                let row = match if_version {
                    Some(version) => {
                        let current = get_visible::<K>(ctx, conn, id)?;
                        let mut draft = K::draft_of(&current);
                        apply_sets::<K>(conn, &mut draft, &set)?;
                        K::update(conn, ctx.actor, id, version, draft)?
                    }
                    None => blind_update::<K>(conn, ctx.actor, id, &set)?,
                };
                apply_tags::<K>(conn, ctx.actor, id.into(), tags)?;
                Ok::<_, AppError>(row)
            })?;
            ctx.note_anonymous_write();
            print_row(&row, output)?;
        }
        RecordCommand::Delete { id, if_version } => {
            let id = parse_id::<K>(&id)?;
            let row = K::delete(conn, ctx.actor, id, if_version)?;
            ctx.note_anonymous_write();
            outln!(
                "deleted {} {} (version {}); undo with: restore {}",
                K::ENTITY.singular(),
                id.into(),
                K::version(&row),
                id.into()
            )?;
        }
        RecordCommand::Restore { id } => {
            let id = parse_id::<K>(&id)?;
            let row = K::restore(conn, ctx.actor, id)?;
            ctx.note_anonymous_write();
            outln!(
                "restored {} {} (version {})",
                K::ENTITY.singular(),
                id.into(),
                K::version(&row)
            )?;
        }
        RecordCommand::History { id, output } => {
            let id = parse_id::<K>(&id)?;
            let row = get_visible::<K>(ctx, conn, id)?;
            let currency = serde_json::to_value(&row).ok().and_then(|v| {
                v.get("currency")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
            let entries =
                app_history::entries(conn, &ctx.access, ctx.zone, id.into(), currency.as_deref())?;
            print_history(&entries, output)?;
        }
    }
    Ok(exit::OK)
}

/// `history` for machines: each entry with its changes as an object (`{field: {"old", "new"}}`,
/// ids as ids, money as a decimal string with its currency) and the login it was written under;
/// for people: when (the user's zone), action, who, and each change by label with names.
fn print_history(entries: &[Entry], output: Output) -> Result<(), AppError> {
    match output {
        Output::Json => {
            let rows: Vec<Value> = entries
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "id": e.entry.id,
                        "at": e.entry.at,
                        "actor_id": e.entry.actor_id,
                        "entity": e.entry.entity,
                        "entity_id": e.entry.entity_id,
                        "action": e.entry.action,
                        "changes": e.machine,
                        "login": e.login,
                    })
                })
                .collect();
            dataln!("{}", Value::Array(rows))?;
        }
        Output::Text => {
            for e in entries {
                outln!(
                    "{}  {:<8} {}  {}",
                    e.when,
                    e.entry.action,
                    sanitize(&e.who),
                    sanitize(&crate::domain::history::summary(&e.changes))
                )?;
            }
        }
    }
    Ok(())
}

//! `rolo import undo ID`: put back what an import updated (the fields it changed, and the tags it
//! added) and soft-delete what it created — soft, like every delete in rolo, so each record can
//! still be restored, and recorded in history. One transaction. A record changed since the import
//! (its version moved on, or it was deleted) makes undo refuse unless forced; forced, such
//! records are left as they are and listed. Users and stages go through their repositories: undo
//! refuses (and changes nothing) when it would delete the last admin or a stage that holds deals.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::Value;

use super::TransferError;
use crate::db::models::{HistoryEntry, Import, ImportItem};
use crate::db::repo::{self, history};
use crate::db::schema::{activities, companies, contacts, deals, pipeline_stages, users};
use crate::db::{now, write_transaction, DbConn, DbError};
use crate::domain::{
    ActivityDraft, ActivityId, CompanyDraft, CompanyId, ContactDraft, ContactId, DealDraft, DealId,
    Entity, HistoryAction, HistoryId, Id, StageDraft, StageId, TagId, Tagged, UserDraft, UserId,
};

const PAGE: i64 = 1_000;

/// What undo did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct UndoReport {
    pub import_id: Option<Id>,
    pub deleted: u64,
    pub restored: u64,
    /// Records left alone because they changed since the import (only with `force`).
    pub left: Vec<String>,
}

/// Creation order's reverse: what refers to others goes first.
const ORDER: [Entity; 6] = [
    Entity::Activities,
    Entity::Deals,
    Entity::Contacts,
    Entity::Companies,
    Entity::Stages,
    Entity::Users,
];

/// (version, deleted) of records, by id.
fn states(conn: &mut DbConn, entity: Entity, ids: &[Id]) -> Result<Vec<(Id, i32, bool)>, DbError> {
    macro_rules! load {
        ($t:ident, $idty:ident) => {{
            let ids: Vec<$idty> = ids.iter().map(|i| $idty(*i)).collect();
            $t::table
                .filter($t::id.eq_any(ids))
                .select(($t::id, $t::version, $t::deleted_at))
                .load::<($idty, i32, Option<NaiveDateTime>)>(conn)?
                .into_iter()
                .map(|(id, v, d)| (id.id(), v, d.is_some()))
                .collect()
        }};
    }
    Ok(match entity {
        Entity::Companies => load!(companies, CompanyId),
        Entity::Contacts => load!(contacts, ContactId),
        Entity::Deals => load!(deals, DealId),
        Entity::Users => load!(users, UserId),
        Entity::Stages => load!(pipeline_stages, StageId),
        _ => load!(activities, ActivityId),
    })
}

/// Every item of the import, a page at a time, per entity and action.
fn each_page(
    conn: &mut DbConn,
    import: Id,
    entity: Entity,
    action: HistoryAction,
    mut f: impl FnMut(&mut DbConn, Vec<ImportItem>) -> Result<(), TransferError>,
) -> Result<(), TransferError> {
    let mut after = None;
    loop {
        let page = repo::import::items(conn, import, entity, action, after, PAGE)?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = Some(last.record_id);
        f(conn, page)?;
    }
}

/// Records an import touched that changed since (version moved on, or deleted).
fn changed_since(
    conn: &mut DbConn,
    import: Id,
) -> Result<Vec<(Entity, Id, String)>, TransferError> {
    let mut changed = Vec::new();
    for entity in ORDER {
        for action in [HistoryAction::Update, HistoryAction::Create] {
            each_page(conn, import, entity, action, |conn, page| {
                let ids: Vec<Id> = page.iter().map(|i| i.record_id).collect();
                let now: std::collections::HashMap<Id, (i32, bool)> = states(conn, entity, &ids)?
                    .into_iter()
                    .map(|(id, v, d)| (id, (v, d)))
                    .collect();
                for item in page {
                    let why = match now.get(&item.record_id) {
                        None => Some("it no longer exists".to_string()),
                        Some((_, true)) => Some("it was deleted since".to_string()),
                        Some((v, false)) if *v != item.version => Some(format!(
                            "it was changed since (version {} after the import, now {v})",
                            item.version
                        )),
                        _ => None,
                    };
                    if let Some(why) = why {
                        changed.push((entity, item.record_id, why));
                    }
                }
                Ok(())
            })?;
        }
    }
    Ok(changed)
}

pub fn undo(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: Id,
    force: bool,
) -> Result<UndoReport, TransferError> {
    write_transaction(conn, |conn| {
        crate::db::access::check_manage(conn, actor, crate::domain::access::Managed::Imports)?;
        let import: Import = repo::import::get(conn, id)?.ok_or_else(|| {
            TransferError::NotFound(format!("no import {id} (see: rolo import list)"))
        })?;
        if let Some(at) = import.undone_at {
            return Err(TransferError::Usage(format!(
                "import {id} was already undone at {at}"
            )));
        }
        let changed = changed_since(conn, id)?;
        if !changed.is_empty() && !force {
            let shown: Vec<String> = changed
                .iter()
                .take(20)
                .map(|(e, rid, why)| format!("  {} {rid}: {why}", e.singular()))
                .collect();
            return Err(TransferError::Conflict(format!(
                "import {id} cannot be undone: {} of its records changed since it ran; nothing was changed \
                 (use --force to undo the rest and leave those as they are)\n{}{}",
                changed.len(),
                shown.join("\n"),
                if changed.len() > 20 { "\n  …" } else { "" }
            )));
        }
        let skip: std::collections::HashSet<Id> = changed.iter().map(|(_, rid, _)| *rid).collect();
        let mut report = UndoReport {
            import_id: Some(id),
            left: changed
                .iter()
                .map(|(e, rid, why)| format!("{} {rid}: {why}", e.singular()))
                .collect(),
            ..UndoReport::default()
        };
        let at = now();
        for entity in ORDER {
            each_page(conn, id, entity, HistoryAction::Update, |conn, page| {
                for item in page.iter().filter(|i| !skip.contains(&i.record_id)) {
                    restore_update(conn, actor, item)?;
                    report.restored += 1;
                }
                Ok(())
            })?;
        }
        for entity in ORDER {
            each_page(conn, id, entity, HistoryAction::Create, |conn, page| {
                let ids: Vec<Id> = page
                    .iter()
                    .map(|i| i.record_id)
                    .filter(|r| !skip.contains(r))
                    .collect();
                report.deleted += soft_delete(conn, actor, entity, &ids, at)?;
                Ok(())
            })?;
        }
        repo::import::mark_undone(conn, id, actor, at)?;
        Ok(report)
    })
}

/// Put back the fields an update changed, through the repository (versioned, with history), and
/// detach the tags it added.
fn restore_update(
    conn: &mut DbConn,
    actor: Option<UserId>,
    item: &ImportItem,
) -> Result<(), TransferError> {
    let before: Value = item
        .before
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok())
        .ok_or_else(|| {
            TransferError::Usage(format!(
                "import item {} has no saved fields",
                item.record_id
            ))
        })?;
    let draft = before["draft"].clone();
    let bad = |e: serde_json::Error| {
        TransferError::Usage(format!("saved fields of {}: {e}", item.record_id))
    };
    let rid = item.record_id;
    let v = item.version;
    let target = match item.entity {
        Entity::Companies => {
            let d: CompanyDraft = serde_json::from_value(draft).map_err(bad)?;
            repo::company::update(conn, actor, CompanyId(rid), v, d)?;
            Some(Tagged::Company(CompanyId(rid)))
        }
        Entity::Contacts => {
            let d: ContactDraft = serde_json::from_value(draft).map_err(bad)?;
            repo::contact::update(conn, actor, ContactId(rid), v, d)?;
            Some(Tagged::Contact(ContactId(rid)))
        }
        Entity::Deals => {
            let d: DealDraft = serde_json::from_value(draft).map_err(bad)?;
            repo::deal::update(conn, actor, DealId(rid), v, d)?;
            Some(Tagged::Deal(DealId(rid)))
        }
        Entity::Users => {
            let d: UserDraft = serde_json::from_value(draft).map_err(bad)?;
            repo::user::update(conn, actor, UserId(rid), v, d)?;
            None
        }
        Entity::Stages => {
            let d: StageDraft = serde_json::from_value(draft).map_err(bad)?;
            repo::stage::update(conn, actor, StageId(rid), v, d)?;
            None
        }
        _ => {
            let d: ActivityDraft = serde_json::from_value(draft).map_err(bad)?;
            repo::activity::update(conn, actor, ActivityId(rid), v, d)?;
            None
        }
    };
    if let Some(target) = target {
        for tag in before["tags_added"].as_array().into_iter().flatten() {
            if let Some(tag) = tag.as_str().and_then(|t| t.parse::<TagId>().ok()) {
                repo::tag::detach(conn, actor, tag, target)?;
            }
        }
    }
    Ok(())
}

/// Soft-delete live records: companies, users and stages one by one through the repository (a
/// company delete detaches its contacts; the last admin and a stage holding deals are refused,
/// with the reason), the rest a page at a time with one history entry each.
fn soft_delete(
    conn: &mut DbConn,
    actor: Option<UserId>,
    entity: Entity,
    ids: &[Id],
    at: NaiveDateTime,
) -> Result<u64, TransferError> {
    if matches!(entity, Entity::Companies | Entity::Users | Entity::Stages) {
        for id in ids {
            match entity {
                Entity::Companies => {
                    repo::company::soft_delete(conn, actor, CompanyId(*id), None).map(drop)?
                }
                Entity::Users => {
                    repo::user::soft_delete(conn, actor, UserId(*id), None).map(drop)?
                }
                _ => repo::stage::soft_delete(conn, actor, StageId(*id), None).map(drop)?,
            }
        }
        return Ok(ids.len() as u64);
    }
    macro_rules! delete {
        ($t:ident, $idty:ident) => {{
            let ids: Vec<$idty> = ids.iter().map(|i| $idty(*i)).collect();
            diesel::update(
                $t::table
                    .filter($t::id.eq_any(ids))
                    .filter($t::deleted_at.is_null()),
            )
            .set((
                $t::deleted_at.eq(Some(at)),
                $t::updated_at.eq(at),
                $t::version.eq($t::version + 1),
            ))
            .execute(conn)?
        }};
    }
    let n = match entity {
        Entity::Contacts => delete!(contacts, ContactId),
        Entity::Deals => delete!(deals, DealId),
        _ => delete!(activities, ActivityId),
    };
    let entries: Vec<HistoryEntry> = ids
        .iter()
        .map(|id| HistoryEntry {
            id: HistoryId::new(),
            at,
            actor_id: actor,
            entity,
            entity_id: *id,
            action: HistoryAction::Delete,
            changes: Value::Object(history::change(
                "deleted_at",
                Value::Null,
                Value::String(at.to_string()),
            ))
            .to_string(),
        })
        .collect();
    repo::import::add_history(conn, &entries)?;
    Ok(n as u64)
}

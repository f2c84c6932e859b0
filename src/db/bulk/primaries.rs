//! An import's primary-contact takeovers, a batch at a time: the live primary contacts of many
//! companies in one query, and their demotion in one `UPDATE` (plus one bulk insert of their
//! history entries) instead of a lookup and a versioned update per imported row. The rule itself
//! is `domain::rules::takes_over_primary`, which `repo::contact` applies to single writes.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::models::{Contact, HistoryEntry};
use crate::db::repo::{history, import};
use crate::db::schema::contacts;
use crate::db::{DbConn, DbError};
use crate::domain::{CompanyId, ContactId, Entity, HistoryAction, HistoryId, UserId};

/// Bound values per statement: well under SQLite's limit.
const CHUNK: usize = 5_000;

/// The live primary contact of each of these companies that has one. The predicate repeats the
/// partial index `contacts_primary_uq` (kept in bulk mode), so each chunk is an index probe per
/// company, not a scan of the rows inserted so far.
pub fn live_primaries(
    conn: &mut DbConn,
    companies: &[CompanyId],
) -> Result<HashMap<CompanyId, Contact>, DbError> {
    let mut out = HashMap::new();
    for chunk in companies.chunks(CHUNK) {
        let rows: Vec<Contact> = contacts::table
            .filter(contacts::company_id.eq_any(chunk))
            .filter(contacts::is_primary)
            .filter(contacts::is_primary.eq(true))
            .filter(contacts::deleted_at.is_null())
            .select(Contact::as_select())
            .load(conn)?;
        out.extend(
            rows.into_iter()
                .filter_map(|c| c.fields.company_id.map(|company| (company, c))),
        );
    }
    Ok(out)
}

/// Whether `actor` may demote this contact (the check `repo::contact`'s versioned update makes).
pub fn may_demote(conn: &mut DbConn, actor: Option<UserId>, c: &Contact) -> Result<(), DbError> {
    let mut demoted = c.fields.clone();
    demoted.is_primary = false;
    crate::db::access::guard(conn, actor, Some((c.id, &c.fields)), Some(&demoted))
}

/// These primary contacts (read live, checked with [`may_demote`]) stop being primary: one
/// `UPDATE` per chunk bumps their version and `updated_at` as a versioned update does, and each
/// gets the history entry that update would write.
pub fn demote(
    conn: &mut DbConn,
    actor: Option<UserId>,
    rows: &[Contact],
    now: NaiveDateTime,
) -> Result<(), DbError> {
    if rows.is_empty() {
        return Ok(());
    }
    for chunk in rows.chunks(CHUNK) {
        let ids: Vec<ContactId> = chunk.iter().map(|c| c.id).collect();
        diesel::update(
            contacts::table
                .filter(contacts::id.eq_any(ids))
                .filter(contacts::deleted_at.is_null()),
        )
        .set((
            contacts::is_primary.eq(false),
            contacts::updated_at.eq(now),
            contacts::version.eq(contacts::version + 1),
        ))
        .execute(conn)?;
    }
    let entries: Vec<HistoryEntry> = rows
        .iter()
        .map(|c| {
            let mut after = c.fields.clone();
            after.is_primary = false;
            HistoryEntry {
                id: HistoryId::new(),
                at: now,
                actor_id: actor,
                entity: Entity::Contacts,
                entity_id: c.id.id(),
                action: HistoryAction::Update,
                changes: serde_json::Value::Object(history::diff(Some(&c.fields), &after))
                    .to_string(),
            }
        })
        .collect();
    import::add_history(conn, &entries)
}

//! Contacts: matched by email (or "first last" name); a primary contact takes over from the
//! company's current one, as `repo::contact::create` does.

use super::{invalid, keyed, stamps, Extras, ImportKind, NewCx};
use crate::db::models::{Contact, ContactFields, NewContact};
use crate::db::repo::{self, matching};
use crate::db::{write_transaction, DbConn, DbError};
use crate::domain::rules;
use crate::domain::validate as v;
use crate::domain::{ContactDraft, ContactId, Entity, Id, Tagged, ValidationErrors};
use crate::transfer::options::MatchKey;
use crate::transfer::resolve::Resolver;
use crate::transfer::values::{fold, split_full_name};

pub struct Contacts;

fn name_key(first: &str, last: Option<&str>) -> String {
    fold(&format!("{first} {}", last.unwrap_or_default()))
}

impl ImportKind for Contacts {
    const ENTITY: Entity = Entity::Contacts;
    const KEYS: &'static [MatchKey] = &[MatchKey::Email, MatchKey::Name];
    type Draft = ContactDraft;
    type Row = Contact;
    type New = NewContact;
    type Record = crate::db::record::Contacts;

    fn blank(_: &Resolver) -> ContactDraft {
        ContactDraft::new("")
    }
    fn state(row: &Contact) -> (Id, i32, bool) {
        (row.id.id(), row.version, row.deleted_at.is_some())
    }
    fn full_name(d: &mut ContactDraft, first: String, last: Option<String>) {
        if d.first_name.trim().is_empty() {
            d.first_name = first;
            if d.last_name.as_deref().is_none_or(|l| l.trim().is_empty()) {
                d.last_name = last;
            }
        }
    }
    fn validated(d: ContactDraft) -> Result<ContactDraft, ValidationErrors> {
        d.validated()
    }

    fn key(m: MatchKey, cell: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        match m {
            MatchKey::Email => cell("email").and_then(|e| v::email("email", &e).ok()),
            MatchKey::Name => {
                let full = cell("full_name").map(|n| split_full_name(&n));
                let first = cell("first_name").or_else(|| full.as_ref().map(|f| f.0.clone()))?;
                let last = cell("last_name").or_else(|| full.and_then(|f| f.1));
                Some(name_key(&first, last.as_deref()))
            }
            MatchKey::Domain => None,
        }
    }

    fn find(
        conn: &mut DbConn,
        m: MatchKey,
        keys: &[String],
    ) -> Result<Vec<(String, Contact)>, DbError> {
        match m {
            MatchKey::Email => Ok(keyed(
                matching::contacts_by_email(conn, keys)?,
                |c: &Contact| c.fields.email.as_ref().map(|e| e.to_lowercase()),
            )),
            _ => {
                let wanted: std::collections::HashSet<&String> = keys.iter().collect();
                let firsts: Vec<String> =
                    keys.iter().map(|k| fold(&split_full_name(k).0)).collect();
                Ok(keyed(
                    matching::contacts_by_first_name(conn, &firsts)?,
                    |c: &Contact| {
                        let k = name_key(&c.fields.first_name, c.fields.last_name.as_deref());
                        wanted.contains(&k).then_some(k)
                    },
                ))
            }
        }
    }

    fn get_many(conn: &mut DbConn, ids: &[Id]) -> Result<Vec<Contact>, DbError> {
        matching::contacts_by_ids(conn, ids)
    }

    fn new_record(
        cx: &mut NewCx<'_>,
        d: ContactDraft,
        x: &Extras,
    ) -> Result<NewContact, ValidationErrors> {
        let fields = ContactFields::from(d);
        if let Some(company) = rules::takes_over_primary(fields.is_primary, fields.company_id) {
            if let Some(line) = cx.primaries.get(&company) {
                return Err(invalid(
                    "is_primary",
                    format!(
                        "line {line} already makes a contact the primary contact of this company"
                    ),
                ));
            }
            demote_current_primary(cx, company)
                .map_err(|e| invalid("is_primary", e.to_string()))?;
            cx.primaries.insert(company, cx.line);
        }
        let (id, created_at, updated_at) = stamps(x, cx.now);
        Ok(NewContact {
            id: ContactId(id),
            fields,
            created_at,
            updated_at,
        })
    }
    fn new_id(n: &NewContact) -> Id {
        n.id.id()
    }
    fn changes(n: &NewContact, tags: &[String]) -> String {
        super::created_changes(&n.fields, tags)
    }
    fn insert(conn: &mut DbConn, rows: &[NewContact]) -> Result<(), DbError> {
        crate::db::bulk::flat::insert_contacts(conn, rows)
    }
    fn tagged(id: Id) -> Option<Tagged> {
        Some(Tagged::Contact(ContactId(id)))
    }
}

/// The company's current primary contact stops being primary (with a version bump and a history
/// entry, as `repo::contact::create` does): found by the batch's one lookup and demoted when the
/// batch is written, or, for a company that lookup did not cover, looked up and demoted now.
/// Nothing in a dry run.
fn demote_current_primary(
    cx: &mut NewCx<'_>,
    company: crate::domain::CompanyId,
) -> Result<(), DbError> {
    if !cx.writing {
        return Ok(());
    }
    let actor = cx.actor;
    match cx.takeovers.take(company) {
        Some(None) => Ok(()),
        Some(Some(current)) => {
            crate::db::bulk::primaries::may_demote(cx.conn, actor, &current)?;
            cx.takeovers.demote.push(current);
            Ok(())
        }
        None => write_transaction(cx.conn, |conn| {
            repo::contact::demote_primary(conn, actor, company, None)
        }),
    }
}

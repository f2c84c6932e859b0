//! Companies. Deleting a company is a soft delete that keeps its people: its contacts stay, with no
//! company (the detached ids are kept in the delete's history entry so `restore` can re-attach them).

use diesel::prelude::*;
use serde_json::Value;

use super::versioned_update;
use super::{history, insert_new, keyset, liveness, ordered_page, ranked, record_reads};
use super::{Cursor, ListQuery, Page, Predicate, SortValue};
use crate::db::conn::{write_transaction, DbConn, MultiBackend};
use crate::db::fold::Folded;
use crate::db::models::{Company, CompanyFields, NewCompany};
use crate::db::schema::{companies, contacts};
use crate::db::{now, DbError};
use crate::domain::{CompanyDraft, CompanyId, ContactId, Entity, HistoryAction, UserId};
use crate::domain::{CompanySize, CompanyStatus};
use diesel::sql_types::{Nullable, Text};

const ENTITY: Entity = Entity::Companies;

use crate::db::access::guard;

/// The orders a company list can take; each is backed by a `(key, id)` index over live rows.
/// Blank values (no industry, no city…) come last in both directions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CompanySort {
    #[default]
    Name,
    Industry,
    /// In the order of the status words (lead … inactive).
    Status,
    /// In the order of the size words (solo … enterprise).
    Size,
    City,
    Country,
    Created,
    Updated,
}

impl CompanySort {
    pub fn cursor(self, c: &Company) -> Cursor {
        let f = &c.fields;
        let id = c.id.id();
        let text = |v: &Option<String>| Cursor::maybe(v.clone(), SortValue::Text, id);
        let key = match self {
            CompanySort::Name => SortValue::Text(f.name.clone()),
            CompanySort::Industry => return text(&f.industry),
            CompanySort::Status => SortValue::Int(rank(CompanyStatus::NAMES, f.status.as_str())),
            CompanySort::Size => {
                let r = f.size.map(|s| rank(CompanySize::NAMES, s.as_str()));
                return Cursor::maybe(r, SortValue::Int, id);
            }
            CompanySort::City => return text(&f.billing_city),
            CompanySort::Country => return text(&f.billing_country),
            CompanySort::Created => SortValue::Time(c.created_at),
            CompanySort::Updated => SortValue::Time(c.updated_at),
        };
        Cursor { key, id }
    }
}

/// A word's place among an enum's words (what [`super::ranked`] computes in SQL).
pub(super) fn rank(words: &[&str], word: &str) -> i64 {
    words
        .iter()
        .position(|w| *w == word)
        .map_or(-1, |i| i as i64)
}

fn validate(draft: CompanyDraft) -> Result<CompanyFields, DbError> {
    draft
        .validated()
        .map(CompanyFields::from)
        .map_err(|e| DbError::invalid(ENTITY, e))
}

pub fn create(
    conn: &mut DbConn,
    actor: Option<UserId>,
    draft: CompanyDraft,
) -> Result<Company, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        insert_new!(
            conn,
            actor,
            crate::db::schema::companies,
            NewCompany,
            fields,
            as Company
        )
    })
}

record_reads!(crate::db::schema::companies, Company, CompanyId);

/// Replace the editable fields of the company read at `expected_version`. A stale version is a
/// [`DbError::Conflict`] and nothing is written.
pub fn update(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: CompanyId,
    expected_version: i32,
    draft: CompanyDraft,
) -> Result<Company, DbError> {
    let fields = validate(draft)?;
    if fields.parent_id == Some(id) {
        return Err(DbError::invalid(
            ENTITY,
            crate::domain::FieldError::new("parent_id", "a company cannot be its own parent"),
        ));
    }
    write_transaction(conn, |conn| {
        // an unchanged parent makes no new cycle; and its chain may hold companies this user
        // may not see (another team's), which PostgreSQL's row security hides from the walk
        let before = get(conn, id)?;
        if let Some(parent) = fields
            .parent_id
            .filter(|p| before.fields.parent_id != Some(*p))
        {
            check_no_cycle(conn, id, parent)?;
        }
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::companies,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

/// Refuse a parent that is the company itself or one of its descendants.
fn check_no_cycle(conn: &mut DbConn, id: CompanyId, parent: CompanyId) -> Result<(), DbError> {
    let mut current = Some(parent);
    let mut steps = 0;
    while let Some(c) = current {
        if c == id || steps > 1000 {
            return Err(DbError::invalid(
                ENTITY,
                crate::domain::FieldError::new(
                    "parent_id",
                    format!("{parent} is this company or one of its subsidiaries"),
                ),
            ));
        }
        current = get(conn, c)?.fields.parent_id;
        steps += 1;
    }
    Ok(())
}

/// Soft-delete a company (checking `expected_version` when given). Its contacts stay, detached.
pub fn soft_delete(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: CompanyId,
    expected_version: Option<i32>,
) -> Result<Company, DbError> {
    write_transaction(conn, |conn| {
        let before = live_at(conn, id, expected_version)?;
        guard(conn, actor, Some((id, &before.fields)), None)?;
        let at = now();
        diesel::update(
            companies::table
                .find(id)
                .filter(companies::version.eq(before.version)),
        )
        .set((
            companies::deleted_at.eq(Some(at)),
            companies::updated_at.eq(at),
            companies::version.eq(companies::version + 1),
        ))
        .execute(conn)?;
        let detached: Vec<(ContactId, bool)> = contacts::table
            .filter(contacts::company_id.eq(id))
            .filter(contacts::deleted_at.is_null())
            .select((contacts::id, contacts::is_primary))
            .load(conn)?;
        for (contact, was_primary) in &detached {
            diesel::update(contacts::table.find(contact))
                .set((
                    contacts::company_id.eq(None::<CompanyId>),
                    contacts::is_primary.eq(false),
                    contacts::updated_at.eq(at),
                    contacts::version.eq(contacts::version + 1),
                ))
                .execute(conn)?;
            let mut changes =
                history::change("company_id", Value::String(id.to_string()), Value::Null);
            if *was_primary {
                changes.extend(history::change("is_primary", true.into(), false.into()));
            }
            history::record(
                conn,
                actor,
                Entity::Contacts,
                contact.id(),
                HistoryAction::Update,
                changes,
            )?;
        }
        let mut changes = history::change("deleted_at", Value::Null, Value::String(at.to_string()));
        let ids = |primary: bool| -> Value {
            detached
                .iter()
                .filter(|(_, p)| *p == primary || !primary)
                .map(|(c, _)| Value::String(c.to_string()))
                .collect()
        };
        changes.extend(history::change(
            "detached_contacts",
            ids(false),
            Value::Array(vec![]),
        ));
        changes.extend(history::change(
            "primary_contact",
            ids(true),
            Value::Array(vec![]),
        ));
        history::record(conn, actor, ENTITY, id.id(), HistoryAction::Delete, changes)?;
        get(conn, id)
    })
}

/// Undo a soft delete, re-attaching the contacts the delete detached (unless they have since been
/// attached elsewhere or deleted).
pub fn restore(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: CompanyId,
) -> Result<Company, DbError> {
    write_transaction(conn, |conn| {
        let before = get(conn, id)?;
        let Some(deleted_at) = before.deleted_at else {
            return Ok(before);
        };
        guard(conn, actor, Some((id, &before.fields)), None)?;
        let at = now();
        diesel::update(companies::table.find(id))
            .set((
                companies::deleted_at.eq(None::<chrono::NaiveDateTime>),
                companies::updated_at.eq(at),
                companies::version.eq(companies::version + 1),
            ))
            .execute(conn)?;
        let (detached, primary) = detached_by_last_delete(conn, id)?;
        let mut reattached = Vec::new();
        for contact in detached {
            let n = diesel::update(
                contacts::table
                    .find(contact)
                    .filter(contacts::company_id.is_null())
                    .filter(contacts::deleted_at.is_null()),
            )
            .set((
                contacts::company_id.eq(Some(id)),
                contacts::updated_at.eq(at),
                contacts::version.eq(contacts::version + 1),
            ))
            .execute(conn)?;
            if n == 1 {
                let mut changes =
                    history::change("company_id", Value::Null, Value::String(id.to_string()));
                if primary.contains(&contact) {
                    diesel::update(contacts::table.find(contact))
                        .set(contacts::is_primary.eq(true))
                        .execute(conn)?;
                    changes.extend(history::change("is_primary", false.into(), true.into()));
                }
                history::record(
                    conn,
                    actor,
                    Entity::Contacts,
                    contact.id(),
                    HistoryAction::Update,
                    changes,
                )?;
                reattached.push(Value::String(contact.to_string()));
            }
        }
        let mut changes = history::change(
            "deleted_at",
            Value::String(deleted_at.to_string()),
            Value::Null,
        );
        changes.extend(history::change(
            "reattached_contacts",
            Value::Array(vec![]),
            Value::Array(reattached),
        ));
        history::record(
            conn,
            actor,
            ENTITY,
            id.id(),
            HistoryAction::Restore,
            changes,
        )?;
        get(conn, id)
    })
}

type Detached = (Vec<ContactId>, Vec<ContactId>);

fn detached_by_last_delete(conn: &mut DbConn, id: CompanyId) -> Result<Detached, DbError> {
    use crate::db::schema::history as h;
    let last: Option<String> = h::table
        .filter(h::entity_id.eq(id.id()))
        .filter(h::action.eq(HistoryAction::Delete))
        .order((h::at.desc(), h::id.desc()))
        .select(h::changes)
        .first(conn)
        .optional()?;
    let Some(text) = last else {
        return Ok((vec![], vec![]));
    };
    let changes: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let ids = |field: &str| -> Vec<ContactId> {
        changes[field]["old"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()?.parse().ok()).collect())
            .unwrap_or_default()
    };
    Ok((ids("detached_contacts"), ids("primary_contact")))
}

/// One page of companies in the given order, optionally filtered.
pub fn list(
    conn: &mut DbConn,
    q: &ListQuery<CompanySort>,
    filter: Option<Predicate<companies::table>>,
) -> Result<Page<Company>, DbError> {
    use companies as t;
    let base = |f: Option<Predicate<t::table>>| {
        let mut query = t::table
            .select(Company::as_select())
            .into_boxed::<MultiBackend>();
        query = liveness!(query, q.liveness, t::deleted_at);
        if let Some(f) = f {
            query = query.filter(f);
        }
        query
    };
    let cursor = |c: &Company| q.sort.cursor(c);
    let text =
        |c: &Cursor| -> Result<_, DbError> { Ok(Folded(c.text()?.into_sql::<Nullable<Text>>())) };
    let int = |c: &Cursor| c.int32();
    let query = match q.sort {
        CompanySort::Name => keyset!(base(filter), q, t::name, t::id, text),
        CompanySort::Industry => {
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                Folded(t::industry),
                t::id,
                text,
                cursor,
                nullable = true
            )
        }
        CompanySort::Status => {
            let key = || ranked(t::status, CompanyStatus::NAMES);
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                key(),
                t::id,
                int,
                cursor,
                nullable = false
            );
        }
        CompanySort::Size => {
            let key = || ranked(t::size, CompanySize::NAMES);
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                key(),
                t::id,
                int,
                cursor,
                nullable = true
            );
        }
        CompanySort::City => {
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                Folded(t::billing_city),
                t::id,
                text,
                cursor,
                nullable = true
            )
        }
        CompanySort::Country => {
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                Folded(t::billing_country),
                t::id,
                text,
                cursor,
                nullable = true
            )
        }
        CompanySort::Created => keyset!(base(filter), q, t::created_at, t::id, time),
        CompanySort::Updated => keyset!(base(filter), q, t::updated_at, t::id, time),
    };
    let rows = query.limit(q.limit + 1).load(conn)?;
    Ok(Page::from_rows(rows, q.limit, cursor))
}

pub fn count(
    conn: &mut DbConn,
    liveness: super::Liveness,
    filter: Option<Predicate<companies::table>>,
) -> Result<i64, DbError> {
    let mut query = companies::table.count().into_boxed::<MultiBackend>();
    query = liveness!(query, liveness, companies::deleted_at);
    if let Some(f) = filter {
        query = query.filter(f);
    }
    Ok(query.get_result(conn)?)
}

super::count_up_to!(crate::db::schema::companies);

//! Contacts. A company has at most one live primary contact (a partial unique index says so too):
//! making a contact primary demotes the company's current primary in the same transaction, with
//! its own history entry. References (company, owner) must be live when they are set or changed;
//! a reference that merely stays as it was is not re-checked, so a record whose owner was deleted
//! can still be edited.
//!
//! Lists sort by first name, last name, email, phone, title, creation or last update, blanks last
//! (see `order::ordered_page`); [`list_for_company`] is a name-ordered list of one company's people.

use diesel::prelude::*;

use super::ordered_page;
use super::{history, insert_new, keyset, liveness, record_reads, set_deleted, versioned_update};
use super::{Cursor, ListQuery, Liveness, Page, Predicate, SortValue};
use crate::db::conn::{write_transaction, DbConn, MultiBackend};
use crate::db::fold::Folded;
use crate::db::models::{Contact, ContactFields, NewContact};
use crate::db::schema::contacts;
use crate::db::{now, DbError};
use crate::domain::rules;
use crate::domain::{
    CompanyId, ContactDraft, ContactId, Entity, FieldError, HistoryAction, UserId, ValidationErrors,
};
use diesel::sql_types::{Nullable, Text};

const ENTITY: Entity = Entity::Contacts;

use crate::db::access::guard;

/// The orders a contact list can take; each is backed by a `(key, id)` index over live rows.
/// Blank values come last in both directions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ContactSort {
    #[default]
    FirstName,
    LastName,
    Email,
    Phone,
    Title,
    Created,
    Updated,
}

impl ContactSort {
    pub fn cursor(self, c: &Contact) -> Cursor {
        let f = &c.fields;
        let id = c.id.id();
        let text = |v: &Option<String>| Cursor::maybe(v.clone(), SortValue::Text, id);
        let key = match self {
            ContactSort::FirstName => SortValue::Text(f.first_name.clone()),
            ContactSort::LastName => return text(&f.last_name),
            ContactSort::Email => return text(&f.email),
            ContactSort::Phone => return text(&f.phone),
            ContactSort::Title => return text(&f.title),
            ContactSort::Created => SortValue::Time(c.created_at),
            ContactSort::Updated => SortValue::Time(c.updated_at),
        };
        Cursor { key, id }
    }
}

record_reads!(crate::db::schema::contacts, Contact, ContactId);

fn validate(draft: ContactDraft) -> Result<ContactFields, DbError> {
    draft
        .validated()
        .map(ContactFields::from)
        .map_err(|e| DbError::invalid(ENTITY, e))
}

/// Collects a field error of `entity` for each referenced record that is missing or deleted, so
/// one write reports every bad reference at once.
pub(super) struct References {
    entity: Entity,
    errors: ValidationErrors,
}

impl References {
    pub(super) fn new(entity: Entity) -> Self {
        References {
            entity,
            errors: ValidationErrors::new(),
        }
    }

    /// The record `field` refers to, or `None` (and a field error) when it is not found.
    pub(super) fn check<T>(
        &mut self,
        field: &'static str,
        found: Result<T, DbError>,
    ) -> Result<Option<T>, DbError> {
        match found {
            Ok(row) => Ok(Some(row)),
            Err(DbError::NotFound { entity, id }) => {
                let why = format!("{} {id} does not exist or is deleted", entity.singular());
                self.errors.push(FieldError::new(field, why));
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    pub(super) fn push(&mut self, field: &'static str, reason: String) {
        self.errors.push(FieldError::new(field, reason));
    }

    pub(super) fn finish(self) -> Result<(), DbError> {
        match self.errors.is_empty() {
            true => Ok(()),
            false => Err(DbError::invalid(self.entity, self.errors)),
        }
    }
}

/// The value of a reference when it is set and differs from what is stored (`None` on create).
pub(super) fn changed<T: PartialEq + Copy>(new: Option<T>, old: Option<Option<T>>) -> Option<T> {
    new.filter(|n| old.is_none_or(|o| o != Some(*n)))
}

fn check_references(
    conn: &mut DbConn,
    fields: &ContactFields,
    before: Option<&ContactFields>,
) -> Result<(), DbError> {
    let mut refs = References::new(ENTITY);
    if let Some(c) = changed(fields.company_id, before.map(|b| b.company_id)) {
        refs.check("company_id", super::company::get_live(conn, c))?;
    }
    if let Some(u) = changed(fields.owner_id, before.map(|b| b.owner_id)) {
        refs.check("owner_id", super::user::get_live(conn, u))?;
    }
    refs.finish()
}

/// The company's live primary contact, other than `except`. Shared with the import.
///
/// The lookup must use the partial index `contacts_primary_uq` (the only index on `company_id`
/// an import keeps in bulk mode), so the predicate repeats the index's own: PostgreSQL proves a
/// partial index only from the bare column (`is_primary = $1` does not match `WHERE is_primary`
/// in a cached generic plan), SQLite only from `is_primary = ?` with the bound value 1.
pub(crate) fn current_primary(
    conn: &mut DbConn,
    company: CompanyId,
    except: Option<ContactId>,
) -> Result<Option<Contact>, DbError> {
    let mut q = contacts::table
        .filter(contacts::company_id.eq(company))
        .filter(contacts::is_primary)
        .filter(contacts::is_primary.eq(true))
        .filter(contacts::deleted_at.is_null())
        .select(Contact::as_select())
        .into_boxed::<MultiBackend>();
    if let Some(id) = except {
        q = q.filter(contacts::id.ne(id));
    }
    Ok(q.first(conn).optional()?)
}

/// Before `id` (or a new contact) becomes the primary contact of `fields.company_id`, demote the
/// current one ([`rules::takes_over_primary`]).
fn demote_other_primary(
    conn: &mut DbConn,
    actor: Option<UserId>,
    fields: &ContactFields,
    id: Option<ContactId>,
) -> Result<(), DbError> {
    match rules::takes_over_primary(fields.is_primary, fields.company_id) {
        Some(company) => demote_primary(conn, actor, company, id),
        None => Ok(()),
    }
}

/// The company's live primary contact (other than `except`), if any, stops being primary: a
/// versioned update with its own history entry. Shared with the import.
pub(crate) fn demote_primary(
    conn: &mut DbConn,
    actor: Option<UserId>,
    company: CompanyId,
    except: Option<ContactId>,
) -> Result<(), DbError> {
    if let Some(other) = current_primary(conn, company, except)? {
        let mut demoted = other.fields.clone();
        demoted.is_primary = false;
        versioned_update!(
            conn,
            actor,
            crate::db::schema::contacts,
            other.id,
            other.version,
            &demoted
        )?;
    }
    Ok(())
}

/// Create a contact; a primary contact takes over from the company's current one.
pub fn create(
    conn: &mut DbConn,
    actor: Option<UserId>,
    draft: ContactDraft,
) -> Result<Contact, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        check_references(conn, &fields, None)?;
        demote_other_primary(conn, actor, &fields, None)?;
        insert_new!(
            conn,
            actor,
            crate::db::schema::contacts,
            NewContact,
            fields,
            as Contact
        )
    })
}

/// Replace the editable fields of the contact read at `expected_version`. A stale version is a
/// [`DbError::Conflict`] and nothing is written (not even a demotion).
pub fn update(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: ContactId,
    expected_version: i32,
    draft: ContactDraft,
) -> Result<Contact, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        let before = get_live(conn, id)?;
        check_version(&before, expected_version)?;
        check_references(conn, &fields, Some(&before.fields))?;
        demote_other_primary(conn, actor, &fields, Some(id))?;
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::contacts,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

/// Make the contact its company's primary contact, demoting the current one.
pub fn make_primary(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: ContactId,
    expected_version: i32,
) -> Result<Contact, DbError> {
    let current = get_live(conn, id)?;
    let mut draft = ContactDraft::from(current.fields);
    draft.is_primary = true;
    update(conn, actor, id, expected_version, draft)
}

/// Soft-delete a contact (checking `expected_version` when given). A deleted primary contact frees
/// the company's primary slot.
pub fn soft_delete(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: ContactId,
    expected_version: Option<i32>,
) -> Result<Contact, DbError> {
    write_transaction(conn, |conn| {
        live_at(conn, id, expected_version)?;
        set_deleted!(conn, actor, crate::db::schema::contacts, id, true)
    })
}

/// Undo a soft delete. A contact whose company has been deleted meanwhile comes back without a
/// company; one that was primary comes back as an ordinary contact when the company has another
/// primary by now. Those adjustments are recorded as an update before the restore.
pub fn restore(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: ContactId,
) -> Result<Contact, DbError> {
    write_transaction(conn, |conn| {
        let before = get(conn, id)?;
        if before.deleted_at.is_none() {
            return Ok(before);
        }
        let mut fields = before.fields.clone();
        if let Some(company) = fields.company_id {
            match super::company::get_live(conn, company) {
                Ok(_) => {}
                Err(DbError::NotFound { .. }) => fields.company_id = None,
                Err(e) => return Err(e),
            }
        }
        if fields.is_primary {
            let taken = match fields.company_id {
                Some(company) => current_primary(conn, company, Some(id))?.is_some(),
                None => true,
            };
            fields.is_primary = !taken;
        }
        if fields != before.fields {
            diesel::update(contacts::table.find(id))
                .set((
                    &fields,
                    contacts::updated_at.eq(now()),
                    contacts::version.eq(contacts::version + 1),
                ))
                .execute(conn)?;
            history::record(
                conn,
                actor,
                ENTITY,
                id.id(),
                HistoryAction::Update,
                history::diff(Some(&before.fields), &fields),
            )?;
        }
        set_deleted!(conn, actor, crate::db::schema::contacts, id, false)
    })
}

/// One page of contacts in the given order, optionally filtered.
pub fn list(
    conn: &mut DbConn,
    q: &ListQuery<ContactSort>,
    filter: Option<Predicate<contacts::table>>,
) -> Result<Page<Contact>, DbError> {
    use contacts as t;
    let base = |f: Option<Predicate<t::table>>| {
        let mut query = t::table
            .select(Contact::as_select())
            .into_boxed::<MultiBackend>();
        query = liveness!(query, q.liveness, t::deleted_at);
        if let Some(f) = f {
            query = query.filter(f);
        }
        query
    };
    let cursor = |c: &Contact| q.sort.cursor(c);
    let folded =
        |c: &Cursor| -> Result<_, DbError> { Ok(Folded(c.text()?.into_sql::<Nullable<Text>>())) };
    let raw = |c: &Cursor| c.text();
    let query = match q.sort {
        ContactSort::FirstName => keyset!(base(filter), q, t::first_name, t::id, text),
        ContactSort::LastName => {
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                Folded(t::last_name),
                t::id,
                folded,
                cursor,
                nullable = true
            )
        }
        ContactSort::Email => {
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                Folded(t::email),
                t::id,
                folded,
                cursor,
                nullable = true
            )
        }
        // phone numbers are not folded: their index is on the plain column
        ContactSort::Phone => {
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                t::phone,
                t::id,
                raw,
                cursor,
                nullable = true
            )
        }
        ContactSort::Title => {
            return ordered_page!(
                conn,
                q,
                base,
                filter,
                Folded(t::title),
                t::id,
                folded,
                cursor,
                nullable = true
            )
        }
        ContactSort::Created => keyset!(base(filter), q, t::created_at, t::id, time),
        ContactSort::Updated => keyset!(base(filter), q, t::updated_at, t::id, time),
    };
    let rows = query.limit(q.limit + 1).load(conn)?;
    Ok(Page::from_rows(rows, q.limit, cursor))
}

/// The live contacts of a company: the primary contact first, then by last name (contacts without
/// one first), first name and id, case-insensitively. Sorted here, so both backends agree on
/// where NULL last names go.
pub fn list_for_company(conn: &mut DbConn, company: CompanyId) -> Result<Vec<Contact>, DbError> {
    let mut rows: Vec<Contact> = contacts::table
        .filter(contacts::company_id.eq(company))
        .filter(contacts::deleted_at.is_null())
        .select(Contact::as_select())
        .load(conn)?;
    rows.sort_by_cached_key(|c| {
        let f = &c.fields;
        let last = f.last_name.as_deref().map(str::to_lowercase);
        (!f.is_primary, last, f.first_name.to_lowercase(), c.id)
    });
    Ok(rows)
}

pub fn count(
    conn: &mut DbConn,
    liveness: Liveness,
    filter: Option<Predicate<contacts::table>>,
) -> Result<i64, DbError> {
    let mut query = contacts::table.count().into_boxed::<MultiBackend>();
    query = liveness!(query, liveness, contacts::deleted_at);
    if let Some(f) = filter {
        query = query.filter(f);
    }
    Ok(query.get_result(conn)?)
}

super::count_up_to!(crate::db::schema::contacts);

//! Tags and tagging. Names are unique among live tags, case-insensitively; attaching and detaching
//! are recorded in the tagged record's history.

use diesel::prelude::*;
use serde_json::Value;

use super::{history, insert_new, record_reads, set_deleted, versioned_update};
use crate::db::conn::{write_transaction, DbConn};
use crate::db::models::{NewTag, Tag, TagFields};
use crate::db::schema::{companies, company_tags, contact_tags, contacts, deal_tags, deals, tags};
use crate::db::{now, DbError};
use crate::domain::{Entity, HistoryAction, TagDraft, TagId, Tagged, UserId};

const ENTITY: Entity = Entity::Tags;

/// The access rules for a write: creating a tag is for every role that writes, changing or
/// deleting one for admins and managers (`db::access`).
fn guard(
    conn: &mut DbConn,
    actor: Option<UserId>,
    before: Option<(TagId, &TagFields)>,
    _after: Option<&TagFields>,
) -> Result<(), DbError> {
    use crate::domain::access::Managed;
    let what = if before.is_some() {
        Managed::ChangeTag
    } else {
        Managed::CreateTag
    };
    crate::db::access::check_manage(conn, actor, what)
}

/// Tagging or untagging is a change of the record: the acting user must be allowed to change it.
fn guard_target(conn: &mut DbConn, actor: Option<UserId>, target: Tagged) -> Result<(), DbError> {
    use crate::db::access;
    let subject = match target {
        Tagged::Company(id) => access::company(Some(id), &super::company::get(conn, id)?.fields),
        Tagged::Contact(id) => access::contact(Some(id), &super::contact::get(conn, id)?.fields),
        Tagged::Deal(id) => access::deal(Some(id), &super::deal::get(conn, id)?.fields),
    };
    access::check_write(conn, actor, Some(&subject), None)
}

record_reads!(crate::db::schema::tags, Tag, TagId);

fn validate(draft: TagDraft) -> Result<TagFields, DbError> {
    draft
        .validated()
        .map(TagFields::from)
        .map_err(|e| DbError::invalid(ENTITY, e))
}

/// Live tags by name.
pub fn all(conn: &mut DbConn) -> Result<Vec<Tag>, DbError> {
    Ok(tags::table
        .filter(tags::deleted_at.is_null())
        .order((tags::name.asc(), tags::id.asc()))
        .select(Tag::as_select())
        .load(conn)?)
}

/// A live tag by name, case-insensitively.
pub fn find_by_name(conn: &mut DbConn, name: &str) -> Result<Option<Tag>, DbError> {
    let wanted = name.trim().to_lowercase();
    Ok(all(conn)?
        .into_iter()
        .find(|t| t.fields.name.to_lowercase() == wanted))
}

pub fn create(conn: &mut DbConn, actor: Option<UserId>, draft: TagDraft) -> Result<Tag, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        if let Some(existing) = find_by_name(conn, &fields.name)? {
            return Err(DbError::Duplicate(format!(
                "a tag named '{}' exists ({})",
                existing.fields.name, existing.id
            )));
        }
        insert_new!(conn, actor, crate::db::schema::tags, NewTag, fields)
    })
}

/// The live tag with this name, created if missing.
pub fn ensure(conn: &mut DbConn, actor: Option<UserId>, name: &str) -> Result<Tag, DbError> {
    write_transaction(conn, |conn| match find_by_name(conn, name)? {
        Some(t) => Ok(t),
        None => create(conn, actor, TagDraft::new(name)),
    })
}

pub fn update(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: TagId,
    expected_version: i32,
    draft: TagDraft,
) -> Result<Tag, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        if let Some(other) = find_by_name(conn, &fields.name)?.filter(|t| t.id != id) {
            return Err(DbError::Duplicate(format!(
                "a tag named '{}' exists ({})",
                other.fields.name, other.id
            )));
        }
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::tags,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

/// Soft-delete a tag; it disappears from every record's tags until restored.
pub fn soft_delete(conn: &mut DbConn, actor: Option<UserId>, id: TagId) -> Result<Tag, DbError> {
    write_transaction(conn, |conn| {
        get_live(conn, id)?;
        set_deleted!(conn, actor, crate::db::schema::tags, id, true)
    })
}

pub fn restore(conn: &mut DbConn, actor: Option<UserId>, id: TagId) -> Result<Tag, DbError> {
    write_transaction(conn, |conn| {
        let before = get(conn, id)?;
        if before.deleted_at.is_none() {
            return Ok(before);
        }
        if find_by_name(conn, &before.fields.name)?.is_some() {
            return Err(DbError::Duplicate(format!(
                "another tag named '{}' exists",
                before.fields.name
            )));
        }
        set_deleted!(conn, actor, crate::db::schema::tags, id, false)
    })
}

fn ensure_target_live(conn: &mut DbConn, target: Tagged) -> Result<(), DbError> {
    let live: i64 = match target {
        Tagged::Company(id) => companies::table
            .find(id)
            .filter(companies::deleted_at.is_null())
            .count()
            .get_result(conn)?,
        Tagged::Contact(id) => contacts::table
            .find(id)
            .filter(contacts::deleted_at.is_null())
            .count()
            .get_result(conn)?,
        Tagged::Deal(id) => deals::table
            .find(id)
            .filter(deals::deleted_at.is_null())
            .count()
            .get_result(conn)?,
    };
    if live == 0 {
        return Err(DbError::NotFound {
            entity: target.entity(),
            id: target.id(),
        });
    }
    Ok(())
}

fn is_attached(conn: &mut DbConn, tag: TagId, target: Tagged) -> Result<bool, DbError> {
    let n: i64 = match target {
        Tagged::Company(id) => company_tags::table
            .find((id, tag))
            .count()
            .get_result(conn)?,
        Tagged::Contact(id) => contact_tags::table
            .find((id, tag))
            .count()
            .get_result(conn)?,
        Tagged::Deal(id) => deal_tags::table.find((id, tag)).count().get_result(conn)?,
    };
    Ok(n > 0)
}

/// Attach a tag to a record; attaching twice is a no-op. Returns whether anything changed.
pub fn attach(
    conn: &mut DbConn,
    actor: Option<UserId>,
    tag: TagId,
    target: Tagged,
) -> Result<bool, DbError> {
    write_transaction(conn, |conn| {
        let t = get_live(conn, tag)?;
        ensure_target_live(conn, target)?;
        guard_target(conn, actor, target)?;
        if is_attached(conn, tag, target)? {
            return Ok(false);
        }
        let at = now();
        match target {
            Tagged::Company(id) => diesel::insert_into(company_tags::table)
                .values((
                    company_tags::company_id.eq(id),
                    company_tags::tag_id.eq(tag),
                    company_tags::created_at.eq(at),
                ))
                .execute(conn)?,
            Tagged::Contact(id) => diesel::insert_into(contact_tags::table)
                .values((
                    contact_tags::contact_id.eq(id),
                    contact_tags::tag_id.eq(tag),
                    contact_tags::created_at.eq(at),
                ))
                .execute(conn)?,
            Tagged::Deal(id) => diesel::insert_into(deal_tags::table)
                .values((
                    deal_tags::deal_id.eq(id),
                    deal_tags::tag_id.eq(tag),
                    deal_tags::created_at.eq(at),
                ))
                .execute(conn)?,
        };
        let changes = history::change("tags", Value::Null, Value::String(t.fields.name));
        history::record(
            conn,
            actor,
            target.entity(),
            target.id(),
            HistoryAction::Tag,
            changes,
        )?;
        Ok(true)
    })
}

/// Detach a tag; detaching one that isn't attached is a no-op. Returns whether anything changed.
pub fn detach(
    conn: &mut DbConn,
    actor: Option<UserId>,
    tag: TagId,
    target: Tagged,
) -> Result<bool, DbError> {
    write_transaction(conn, |conn| {
        let t = get(conn, tag)?;
        guard_target(conn, actor, target)?;
        let n = match target {
            Tagged::Company(id) => {
                diesel::delete(company_tags::table.find((id, tag))).execute(conn)?
            }
            Tagged::Contact(id) => {
                diesel::delete(contact_tags::table.find((id, tag))).execute(conn)?
            }
            Tagged::Deal(id) => diesel::delete(deal_tags::table.find((id, tag))).execute(conn)?,
        };
        if n == 0 {
            return Ok(false);
        }
        let changes = history::change("tags", Value::String(t.fields.name), Value::Null);
        history::record(
            conn,
            actor,
            target.entity(),
            target.id(),
            HistoryAction::Untag,
            changes,
        )?;
        Ok(true)
    })
}

/// The live tags on a record, by name.
pub fn tags_of(conn: &mut DbConn, target: Tagged) -> Result<Vec<Tag>, DbError> {
    let ids: Vec<TagId> = match target {
        Tagged::Company(id) => company_tags::table
            .filter(company_tags::company_id.eq(id))
            .select(company_tags::tag_id)
            .load(conn)?,
        Tagged::Contact(id) => contact_tags::table
            .filter(contact_tags::contact_id.eq(id))
            .select(contact_tags::tag_id)
            .load(conn)?,
        Tagged::Deal(id) => deal_tags::table
            .filter(deal_tags::deal_id.eq(id))
            .select(deal_tags::tag_id)
            .load(conn)?,
    };
    Ok(tags::table
        .filter(tags::id.eq_any(ids))
        .filter(tags::deleted_at.is_null())
        .order(tags::name.asc())
        .select(Tag::as_select())
        .load(conn)?)
}

/// Live tags' names in order, at most `limit` (the values a filter on tags can take).
pub fn live_names(conn: &mut DbConn, limit: i64) -> Result<Vec<String>, DbError> {
    Ok(tags::table
        .filter(tags::deleted_at.is_null())
        .order(tags::name.asc())
        .select(tags::name)
        .limit(limit)
        .load::<String>(conn)?)
}

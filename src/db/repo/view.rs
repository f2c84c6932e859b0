//! Saved views: named filters, unique per owner (shared views have no owner).

use diesel::prelude::*;

use super::{insert_new, record_reads, set_deleted, versioned_update};
use crate::db::conn::{write_transaction, DbConn};
use crate::db::models::{NewView, SavedView, ViewFields};
use crate::db::schema::saved_views;
use crate::db::DbError;
use crate::domain::{Entity, UserId, ViewDraft, ViewId};

const ENTITY: Entity = Entity::Views;

/// The access rules for a write: one's own saved views (every role that writes), shared ones
/// (no owner) admins only; nobody changes another user's view (`db::access`).
fn guard(
    conn: &mut DbConn,
    actor: Option<UserId>,
    before: Option<(ViewId, &ViewFields)>,
    after: Option<&ViewFields>,
) -> Result<(), DbError> {
    use crate::domain::access::{self, Managed, Refusal};
    let Some(p) = crate::db::access::principal(conn, actor)? else {
        return Ok(());
    };
    for f in before.map(|b| b.1).into_iter().chain(after) {
        match f.owner_id {
            None => access::may_manage(&p, Managed::SharedView)?,
            Some(owner) => {
                access::may_manage(&p, Managed::OwnView)?;
                if owner != p.id && p.role != crate::domain::Role::Admin {
                    return Err(Refusal {
                        what: format!("saved view \"{}\" belongs to another user", f.name),
                        rule: "a saved view is changed only by its owner".into(),
                    }
                    .into());
                }
            }
        }
    }
    Ok(())
}

record_reads!(crate::db::schema::saved_views, SavedView, ViewId);

fn validate(draft: ViewDraft) -> Result<ViewFields, DbError> {
    draft
        .validated()
        .map(ViewFields::from)
        .map_err(|e| DbError::invalid(ENTITY, e))
}

/// Live views visible to `owner`: their own and the shared ones, by name.
pub fn visible_to(conn: &mut DbConn, owner: Option<UserId>) -> Result<Vec<SavedView>, DbError> {
    let rows: Vec<SavedView> = saved_views::table
        .filter(saved_views::deleted_at.is_null())
        .order((saved_views::name.asc(), saved_views::id.asc()))
        .select(SavedView::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|v| v.fields.owner_id.is_none() || v.fields.owner_id == owner)
        .collect())
}

/// A view by name: the owner's own first, then a shared one.
pub fn find(
    conn: &mut DbConn,
    owner: Option<UserId>,
    name: &str,
) -> Result<Option<SavedView>, DbError> {
    let wanted = name.trim().to_lowercase();
    let mut matches: Vec<SavedView> = visible_to(conn, owner)?
        .into_iter()
        .filter(|v| v.fields.name.to_lowercase() == wanted)
        .collect();
    matches.sort_by_key(|v| v.fields.owner_id.is_none());
    Ok(matches.into_iter().next())
}

fn ensure_name_free(
    conn: &mut DbConn,
    f: &ViewFields,
    except: Option<ViewId>,
) -> Result<(), DbError> {
    let clash = visible_to(conn, f.owner_id)?.into_iter().any(|v| {
        Some(v.id) != except
            && v.fields.owner_id == f.owner_id
            && v.fields.name.to_lowercase() == f.name.to_lowercase()
    });
    if clash {
        return Err(DbError::Duplicate(format!(
            "a saved view named '{}' exists",
            f.name
        )));
    }
    Ok(())
}

pub fn create(
    conn: &mut DbConn,
    actor: Option<UserId>,
    draft: ViewDraft,
) -> Result<SavedView, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        ensure_name_free(conn, &fields, None)?;
        insert_new!(conn, actor, crate::db::schema::saved_views, NewView, fields)
    })
}

pub fn update(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: ViewId,
    expected_version: i32,
    draft: ViewDraft,
) -> Result<SavedView, DbError> {
    let fields = validate(draft)?;
    write_transaction(conn, |conn| {
        ensure_name_free(conn, &fields, Some(id))?;
        let (_, after) = versioned_update!(
            conn,
            actor,
            crate::db::schema::saved_views,
            id,
            expected_version,
            &fields
        )?;
        Ok(after)
    })
}

pub fn soft_delete(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: ViewId,
) -> Result<SavedView, DbError> {
    write_transaction(conn, |conn| {
        get_live(conn, id)?;
        set_deleted!(conn, actor, crate::db::schema::saved_views, id, true)
    })
}

pub fn restore(conn: &mut DbConn, actor: Option<UserId>, id: ViewId) -> Result<SavedView, DbError> {
    write_transaction(conn, |conn| {
        let before = get(conn, id)?;
        if before.deleted_at.is_none() {
            return Ok(before);
        }
        ensure_name_free(conn, &before.fields, Some(id))?;
        set_deleted!(conn, actor, crate::db::schema::saved_views, id, false)
    })
}

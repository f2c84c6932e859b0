//! Saved views (`:view NAME`, `:save NAME`) and the values the filter builder offers.

use crate::app::Ctx;
use crate::db::repo::{self, Liveness};
use crate::db::{DbConn, DbError};
use crate::domain::{Entity, ViewDraft};
use crate::error::AppError;
use crate::tui::pane::PaneId;
use crate::tui::state::builder::Known;
use crate::tui::state::views_list::ViewItem;
use crate::tui::state::Summary;

pub fn summary(conn: &mut DbConn) -> Result<Summary, DbError> {
    Ok(Summary {
        companies: repo::company::count_up_to(conn, Liveness::Live, None, 1)?,
        contacts: repo::contact::count_up_to(conn, Liveness::Live, None, 1)?,
        deals: repo::deal::count_up_to(conn, Liveness::Live, None, 1)?,
        activities: repo::activity::count_up_to(conn, Liveness::Live, None, 1)?,
    })
}

/// Values the filter builder offers: live users' emails, stage names, tag names.
pub fn known(conn: &mut DbConn) -> Result<Known, DbError> {
    let users = repo::user::live_emails(conn, 500)?;
    let stages = repo::stage::live_ordered(conn)?
        .into_iter()
        .map(|s| s.fields.name)
        .collect();
    let tags = repo::tag::live_names(conn, 1000)?;
    Ok(Known {
        users,
        stages,
        tags,
    })
}

/// What Tab completion offers from the database: [`known`] and the saved views you can use.
pub fn names(ctx: &Ctx, conn: &mut DbConn) -> Result<crate::tui::complete::Names, AppError> {
    let known = known(conn)?;
    let views = listed(ctx, conn)?
        .into_iter()
        .map(|v| (v.name, v.entity))
        .collect();
    let values = repo::suggest::company_values(conn, &ctx.access, 200)?
        .into_iter()
        .map(|(field, v)| (Entity::Companies, field, v))
        .collect();
    Ok(crate::tui::complete::Names {
        known,
        views,
        values,
    })
}

pub fn find_view(
    ctx: &Ctx,
    conn: &mut DbConn,
    name: &str,
) -> Result<(PaneId, String, Option<String>), String> {
    let view = repo::view::find(conn, ctx.actor, name)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no saved view named '{name}'"))?;
    let pane = PaneId::from_entity(view.fields.entity).ok_or_else(|| {
        format!(
            "view '{name}' lists {}, which has no pane",
            view.fields.entity
        )
    })?;
    Ok((pane, view.fields.filter, view.fields.sort))
}

pub fn save_view(
    ctx: &Ctx,
    conn: &mut DbConn,
    name: &str,
    entity: Entity,
    filter: String,
    sort: Option<String>,
    replace: bool,
) -> Result<bool, AppError> {
    let draft = ViewDraft {
        owner_id: ctx.actor,
        entity,
        name: name.to_string(),
        filter,
        sort,
    };
    match repo::view::find(conn, ctx.actor, name)?.filter(|v| v.fields.owner_id == ctx.actor) {
        Some(_) if !replace => return Ok(false),
        Some(v) => repo::view::update(conn, ctx.actor, v.id, v.version, draft)?,
        None => repo::view::create(conn, ctx.actor, draft)?,
    };
    Ok(true)
}

/// The saved views you can use, for the `:views` list: yours and the shared ones, by name.
pub fn listed(ctx: &Ctx, conn: &mut DbConn) -> Result<Vec<ViewItem>, AppError> {
    Ok(repo::view::visible_to(conn, ctx.actor)?
        .into_iter()
        .map(|v| ViewItem {
            id: v.id.id(),
            version: v.version,
            shared: v.fields.owner_id.is_none(),
            name: v.fields.name,
            entity: v.fields.entity,
            filter: v.fields.filter,
            sort: v.fields.sort,
        })
        .collect())
}

pub fn delete(ctx: &Ctx, conn: &mut DbConn, id: crate::domain::Id) -> Result<(), AppError> {
    repo::view::soft_delete(conn, ctx.actor, id.into())?;
    Ok(())
}

/// Rename a view, keeping its owner, filter and sort (checked against the version listed).
pub fn rename(ctx: &Ctx, conn: &mut DbConn, view: ViewItem, to: &str) -> Result<(), AppError> {
    let current = repo::view::get(conn, view.id.into())?;
    let f = current.fields;
    let draft = ViewDraft {
        owner_id: f.owner_id,
        entity: f.entity,
        name: to.to_string(),
        filter: f.filter,
        sort: f.sort,
    };
    repo::view::update(conn, ctx.actor, view.id.into(), view.version, draft)?;
    Ok(())
}

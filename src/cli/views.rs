//! `rolo views save|list|delete`. A view is checked when saved, so a saved view always compiles.
//! `list` without a user (`--as`) shows the shared views and says on stderr how to see one's own.

use super::args::ViewsCommand;
use super::out::outln;
use crate::app::Ctx;
use crate::db::repo::view;
use crate::domain::text::{fill, sanitize};
use crate::domain::ViewDraft;
use crate::error::{exit, AppError};

pub fn run(ctx: &Ctx, cmd: ViewsCommand) -> Result<i32, AppError> {
    let mut conn = ctx.conn()?;
    match cmd {
        ViewsCommand::Save {
            name,
            entity,
            filter,
            sort,
            shared,
        } => {
            let entity = entity.entity();
            crate::app::query::compile(ctx, &conn, entity, &filter)?;
            let owner = if shared { None } else { ctx.actor };
            let draft = ViewDraft {
                owner_id: owner,
                entity,
                name: name.clone(),
                filter,
                sort,
            };
            let v =
                match view::find(&mut conn, owner, &name)?.filter(|v| v.fields.owner_id == owner) {
                    Some(existing) => {
                        view::update(&mut conn, ctx.actor, existing.id, existing.version, draft)?
                    }
                    None => view::create(&mut conn, ctx.actor, draft)?,
                };
            outln!(
                "saved view '{}' ({} where {})",
                v.fields.name,
                v.fields.entity,
                v.fields.filter
            )?;
        }
        ViewsCommand::List => {
            let views = view::visible_to(&mut conn, ctx.actor)?;
            if ctx.actor.is_none() {
                // without a user there is no "mine": say how to see them rather than look empty
                eprintln!(
                    "{} shared view{}; your own views are listed with --as EMAIL (or ROLO_USER, \
                     or `user` in the config file)",
                    views.len(),
                    if views.len() == 1 { "" } else { "s" }
                );
            }
            for v in views {
                let who = if v.fields.owner_id.is_none() {
                    "shared"
                } else {
                    "mine"
                };
                let sort = v
                    .fields
                    .sort
                    .as_deref()
                    .map(|s| format!("  sort {s}"))
                    .unwrap_or_default();
                outln!(
                    "{} {:<11} {:<7} {}{}",
                    fill(&sanitize(&v.fields.name), 24),
                    v.fields.entity.as_str(),
                    who,
                    sanitize(&v.fields.filter),
                    sanitize(&sort)
                )?;
            }
        }
        ViewsCommand::Delete { name } => {
            let v = view::find(&mut conn, ctx.actor, &name)?
                .ok_or_else(|| AppError::NotFound(format!("no saved view named '{name}'")))?;
            view::soft_delete(&mut conn, ctx.actor, v.id)?;
            outln!("deleted view '{}'", v.fields.name)?;
        }
    }
    Ok(exit::OK)
}

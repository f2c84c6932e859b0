//! `rolo stages move|activate|deactivate`: stage management by name. Everything else about stages
//! (`create`, `update --set name=… color=… probability=… kind=… active=…`, `delete`, …) is the
//! generic record command.

use super::args::StagesCommand;
use super::board::find_stage;
use super::out::outln;
use crate::app::Ctx;
use crate::db::repo::stage;
use crate::domain::StageDraft;
use crate::error::{exit, AppError};

pub fn run(ctx: &Ctx, cmd: StagesCommand) -> Result<i32, AppError> {
    let mut conn = ctx.conn()?;
    let conn = &mut *conn;
    match cmd {
        StagesCommand::Record(_) => {
            return Err(AppError::Internal(
                "record commands are routed to cli::record".into(),
            ))
        }
        StagesCommand::Move { stage: name, to } => {
            let moving = find_stage(conn, &name)?;
            let mut order: Vec<_> = stage::live_ordered(conn)?
                .into_iter()
                .map(|s| s.id)
                .filter(|id| *id != moving.id)
                .collect();
            order.insert(to.min(order.len()), moving.id);
            for (i, s) in stage::reorder(conn, ctx.actor, &order)?.iter().enumerate() {
                let hidden = if s.fields.active { "" } else { "  (inactive)" };
                outln!(
                    "{i}  {}{hidden}",
                    crate::domain::text::sanitize(&s.fields.name)
                )?;
            }
        }
        StagesCommand::Activate { stage: name } => set_active(ctx, conn, &name, true)?,
        StagesCommand::Deactivate { stage: name } => set_active(ctx, conn, &name, false)?,
    }
    Ok(exit::OK)
}

fn set_active(
    ctx: &Ctx,
    conn: &mut crate::db::DbConn,
    name: &str,
    active: bool,
) -> Result<(), AppError> {
    let s = find_stage(conn, name)?;
    let shown = crate::domain::text::sanitize(&s.fields.name);
    if s.fields.active == active {
        outln!(
            "stage '{shown}' is already {}",
            if active { "active" } else { "inactive" }
        )?;
        return Ok(());
    }
    let mut draft = StageDraft::from(s.fields.clone());
    draft.active = active;
    let s = stage::update(conn, ctx.actor, s.id, s.version, draft)?;
    if active {
        outln!(
            "stage '{shown}' is active: it shows on the board (version {})",
            s.version
        )?;
    } else {
        let n = stage::deal_count(conn, s.id)?;
        outln!(
            "stage '{shown}' is inactive: hidden from the board; its {n} deal(s) stay in it (version {})",
            s.version
        )?;
    }
    Ok(())
}

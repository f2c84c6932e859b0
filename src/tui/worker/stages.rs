//! The stages screen's database work: every live stage with its deal count, and one change per
//! request — move up/down (`repo::stage::reorder`, positions stay 0, 1, 2, …), activate or
//! deactivate (`repo::stage::update`), delete (`repo::stage::soft_delete`, refused while the stage
//! holds deals). Each is checked against the version the screen read; a stale one is a conflict.

use crate::app::Ctx;
use crate::db::repo;
use crate::db::{write_transaction, DbConn, DbError};
use crate::domain::{Entity, Id, StageDraft, StageId};
use crate::tui::action::StageFailure;
use crate::tui::effect::StageChange;
use crate::tui::state::stages::StageRow;

/// Every live stage in board order, with its live deals: two statements.
pub fn load(conn: &mut DbConn) -> Result<Vec<StageRow>, DbError> {
    let stages = repo::stage::live_ordered(conn)?;
    let counts = repo::stage::deal_counts(conn)?;
    Ok(stages
        .into_iter()
        .map(|s| StageRow {
            id: s.id.id(),
            version: s.version,
            deals: counts.get(&s.id).copied().unwrap_or(0),
            name: s.fields.name,
            kind: s.fields.kind.as_str().to_string(),
            probability: s.fields.probability,
            color: s.fields.color,
            active: s.fields.active,
        })
        .collect())
}

/// Run one change; `Ok` is the message to show.
pub fn change(
    ctx: &Ctx,
    conn: &mut DbConn,
    id: Id,
    version: i32,
    name: &str,
    change: StageChange,
) -> Result<String, StageFailure> {
    let id = StageId(id);
    let result = match change {
        StageChange::Shift { up } => shift(ctx, conn, id, version, up).map(|to| match to {
            Some((at, of)) => format!("Moved {name} to position {at} of {of}"),
            None => format!(
                "{name} is already the {} stage",
                if up { "first" } else { "last" }
            ),
        }),
        StageChange::SetActive(active) => set_active(ctx, conn, id, version, active),
        StageChange::Delete => repo::stage::soft_delete(conn, ctx.actor, id, Some(version))
            .map(|_| format!("Deleted stage {name}")),
    };
    result.map_err(|e| failure(name, e))
}

/// Swap with the neighbour, in one transaction; `None` at the edge. Returns (1-based place, count).
fn shift(
    ctx: &Ctx,
    conn: &mut DbConn,
    id: StageId,
    version: i32,
    up: bool,
) -> Result<Option<(usize, usize)>, DbError> {
    write_transaction(conn, |conn| {
        let stages = repo::stage::live_ordered(conn)?;
        let at = stages
            .iter()
            .position(|s| s.id == id)
            .ok_or(DbError::NotFound {
                entity: Entity::Stages,
                id: id.id(),
            })?;
        let actual = stages[at].version;
        if actual != version {
            return Err(DbError::Conflict {
                entity: Entity::Stages,
                id: id.id(),
                expected: version,
                actual,
            });
        }
        let to = if up {
            at.checked_sub(1)
        } else {
            Some(at + 1).filter(|t| *t < stages.len())
        };
        let Some(to) = to else {
            return Ok(None);
        };
        let mut order: Vec<StageId> = stages.iter().map(|s| s.id).collect();
        order.swap(at, to);
        repo::stage::reorder(conn, ctx.actor, &order)?;
        Ok(Some((to + 1, order.len())))
    })
}

fn set_active(
    ctx: &Ctx,
    conn: &mut DbConn,
    id: StageId,
    version: i32,
    active: bool,
) -> Result<String, DbError> {
    let current = repo::stage::get_live(conn, id)?;
    let mut draft = StageDraft::from(current.fields);
    draft.active = active;
    let s = repo::stage::update(conn, ctx.actor, id, version, draft)?;
    let name = &s.fields.name;
    Ok(if active {
        format!("{name} is active: it shows on the board")
    } else {
        let n = repo::stage::deal_count(conn, id)?;
        format!("{name} is inactive: hidden from the board; its {n} deal(s) stay in it")
    })
}

fn failure(name: &str, e: DbError) -> StageFailure {
    match e {
        DbError::Conflict { .. } | DbError::NotFound { .. } => {
            StageFailure::Conflict(e.to_string())
        }
        DbError::InUse { reason, .. } => StageFailure::Refused(format!(
            "{name} cannot be deleted: {reason}; or deactivate it to hide it from the board"
        )),
        DbError::Duplicate(reason) => StageFailure::Refused(reason),
        other => StageFailure::Other(other.to_string()),
    }
}

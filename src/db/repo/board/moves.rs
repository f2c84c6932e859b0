//! Moving a card: to the next or previous active stage, to the won or lost stage, or to a given
//! stage. Built on [`deal::move_to_stage`](crate::db::repo::deal::move_to_stage): one transaction,
//! one history entry, status and `closed_at` following the stage kind.

use crate::db::conn::write_transaction;
use crate::db::models::{Deal, Stage};
use crate::db::repo::{deal, stage};
use crate::db::{DbConn, DbError};
use crate::domain::{DealId, Entity, StageId, StageKind, UserId};

/// Where a card goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveTarget {
    /// The next active stage in board order (`L` / `>`).
    Next,
    /// The previous active stage in board order (`H` / `<`).
    Previous,
    /// The first active stage of kind won.
    Won,
    /// The first active stage of kind lost.
    Lost,
    /// This stage.
    Stage(StageId),
}

impl MoveTarget {
    fn describe(self) -> &'static str {
        match self {
            MoveTarget::Next => "next",
            MoveTarget::Previous => "previous",
            MoveTarget::Won => "won",
            MoveTarget::Lost => "lost",
            MoveTarget::Stage(_) => "given",
        }
    }
}

/// Why a move did not happen. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    /// The deal is at the edge of the board, or there is no active won/lost stage.
    #[error("deal {deal} is in stage '{stage}': there is no {target} active stage to move it to")]
    NoStage {
        deal: DealId,
        stage: String,
        target: &'static str,
    },
    /// Entering a lost stage needs a lost reason (ask for one and try again).
    #[error("moving deal {deal} to the lost stage '{stage_name}' needs a lost reason")]
    LostReasonRequired {
        deal: DealId,
        stage: StageId,
        stage_name: String,
    },
    /// Not found, a conflict (the deal changed since `expected_version`), invalid, unavailable.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for MoveError {
    fn from(e: diesel::result::Error) -> Self {
        MoveError::Db(e.into())
    }
}

/// The stage a deal in `current` goes to.
fn resolve(
    conn: &mut DbConn,
    deal: &Deal,
    current: &Stage,
    target: MoveTarget,
) -> Result<Stage, MoveError> {
    if let MoveTarget::Stage(id) = target {
        return Ok(stage::get_live(conn, id)?);
    }
    let active: Vec<Stage> = stage::live_ordered(conn)?
        .into_iter()
        .filter(|s| s.fields.active)
        .collect();
    let key = |s: &Stage| (s.fields.position, s.id);
    let here = key(current);
    let found = match target {
        MoveTarget::Next => active.into_iter().find(|s| key(s) > here),
        MoveTarget::Previous => active.into_iter().rev().find(|s| key(s) < here),
        MoveTarget::Won => active.into_iter().find(|s| s.fields.kind == StageKind::Won),
        MoveTarget::Lost => active
            .into_iter()
            .find(|s| s.fields.kind == StageKind::Lost),
        MoveTarget::Stage(_) => None,
    };
    found.ok_or_else(|| MoveError::NoStage {
        deal: deal.id,
        stage: current.fields.name.clone(),
        target: target.describe(),
    })
}

/// Move the deal read at `expected_version` to `target`, in one transaction with one history
/// entry. A stale version is [`DbError::Conflict`] (inside [`MoveError::Db`]) and nothing is
/// written. `lost_reason` is used only when the deal enters a lost stage, and is then required
/// unless the deal already has one (moving between lost stages); a blank reason counts as none.
/// Moving a deal to the stage it is in changes nothing.
pub fn move_deal(
    conn: &mut DbConn,
    actor: Option<UserId>,
    id: DealId,
    expected_version: i32,
    target: MoveTarget,
    lost_reason: Option<String>,
) -> Result<Deal, MoveError> {
    let lost_reason = lost_reason.filter(|r| !r.trim().is_empty());
    write_transaction(conn, |conn| {
        let before = deal::get_live(conn, id)?;
        if before.version != expected_version {
            return Err(DbError::Conflict {
                entity: Entity::Deals,
                id: id.id(),
                expected: expected_version,
                actual: before.version,
            }
            .into());
        }
        let current = stage::get(conn, before.fields.stage_id)?;
        let to = resolve(conn, &before, &current, target)?;
        if to.id == before.fields.stage_id {
            return Ok(before);
        }
        let entering_lost = to.fields.kind == StageKind::Lost;
        if entering_lost && lost_reason.is_none() && before.fields.lost_reason.is_none() {
            return Err(MoveError::LostReasonRequired {
                deal: id,
                stage: to.id,
                stage_name: to.fields.name,
            });
        }
        Ok(deal::move_to_stage(
            conn,
            actor,
            id,
            expected_version,
            to.id,
            lost_reason.clone().filter(|_| entering_lost),
        )?)
    })
}

//! Reading the session's access again when a user, a team or the visibility rule changed: the
//! reply says what changed, and the worker's session is replaced when anything did.

use crate::app::Ctx;
use crate::tui::action::{AccessReloaded, Action};

/// The reply, and the session to use from now on (`None`: keep the current one).
pub fn run(ctx: &Ctx) -> (Action, Option<Ctx>) {
    let reread = ctx.conn().and_then(|mut conn| ctx.reread_access(&mut conn));
    match reread {
        Ok(r) => {
            let reply = AccessReloaded {
                changed: r.changed,
                name: r.ctx.actor_name.clone(),
            };
            (Action::AccessReloaded(Ok(reply)), Some(r.ctx))
        }
        Err(e) => (Action::AccessReloaded(Err(e.to_string())), None),
    }
}

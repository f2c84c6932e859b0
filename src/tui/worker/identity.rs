//! The "who are you?" picker's database work (`app::me`): the users to pick from, adding
//! yourself, and acting as the choice; the config file then remembers it. A choice comes back
//! with the session acting as that user, which the worker uses for every effect after it.

use crate::app::{me, Ctx};
use crate::db::models::User;
use crate::error::AppError;
use crate::tui::action::Action;
use crate::tui::forms::Candidate;
use crate::tui::state::identity::{Choices, Chosen, IdentityAction, IdentityEffect};

fn choices(ctx: &Ctx, all: bool) -> Result<Choices, AppError> {
    let mut conn = ctx.conn()?;
    let (users, total) = if all {
        crate::db::access::check_manage(
            &mut conn,
            ctx.actor,
            crate::domain::access::Managed::Users,
        )?;
        me::everyone(&mut conn)?
    } else {
        me::choices(&mut conn)?
    };
    Ok(Choices {
        users: users
            .into_iter()
            .map(|u| Candidate {
                id: u.id.id(),
                label: u.fields.name,
                detail: if u.fields.active {
                    format!("{} · {}", u.fields.email, u.fields.role)
                } else {
                    format!("{} · {} · inactive", u.fields.email, u.fields.role)
                },
            })
            .collect(),
        total,
    })
}

/// Act as the user chosen (or added): the new session, and what the picker is told.
fn act_as(ctx: &Ctx, effect: IdentityEffect) -> Result<(Ctx, Chosen), AppError> {
    let mut conn = ctx.conn()?;
    let (user, added): (User, bool) = match effect {
        IdentityEffect::Choose(id) => (me::chosen(&mut conn, id)?, false),
        IdentityEffect::AddSelf { name, email } => (me::add_self(&mut conn, &name, &email)?, true),
        IdentityEffect::Load | IdentityEffect::LoadAll => {
            return Err(AppError::Internal("loading is not a choice".into()));
        }
    };
    let next = ctx.acting_as(&mut conn, &user)?;
    drop(conn);
    let saved = ctx
        .remember_user(&user.fields.email)
        .map(|path| path.display().to_string())
        .map_err(|e| e.to_string());
    let chosen = Chosen {
        id: user.id,
        name: user.fields.name,
        email: user.fields.email,
        role: user.fields.role,
        zone: next.zone,
        added,
        saved,
    };
    Ok((next, chosen))
}

/// Run a picker effect: its reply, and the session to use from now on when a user was chosen.
pub fn run(ctx: &Ctx, effect: IdentityEffect) -> (Action, Option<Ctx>) {
    match effect {
        IdentityEffect::Load | IdentityEffect::LoadAll => {
            let all = effect == IdentityEffect::LoadAll;
            (
                Action::Identity(IdentityAction::Loaded(
                    choices(ctx, all).map_err(|e| e.to_string()),
                )),
                None,
            )
        }
        choice => match act_as(ctx, choice) {
            Ok((next, chosen)) => (
                Action::Identity(IdentityAction::Chosen(Ok(chosen))),
                Some(next),
            ),
            Err(e) => (
                Action::Identity(IdentityAction::Chosen(Err(e.to_string()))),
                None,
            ),
        },
    }
}

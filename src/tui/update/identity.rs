//! "Who are you?" (first run on a SQLite file with no acting user, and `:user`): pick one of the
//! active users or add yourself; the worker acts as the choice from then on and remembers it in
//! the config file. Esc skips, and edits are anonymous: the status line says so, and the first
//! write of the session says so once.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Outcome;
use crate::domain::UserDraft;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::forms::FormEffect;
use crate::tui::state::identity::{
    AnonymousNote, Chosen, IdentityAction, IdentityEffect, IdentityPicker, NewSelf,
};
use crate::tui::state::{App, Level, Mode};

/// What the status line shows with no acting user.
pub const NO_USER: &str = "no user — edits anonymous";

/// Added once to the message of the session's first write without an acting user.
pub const ANONYMOUS_WRITE: &str =
    "no acting user: recorded without an author (:user says who you are)";

/// Said when the picker is skipped.
pub const SKIPPED: &str =
    "No acting user: edits are anonymous (recorded without an author). :user to say who you are";

/// Open the picker (`:user`). On PostgreSQL the login is who you are: say so instead.
pub fn open(app: &mut App) -> Vec<Effect> {
    if app.backend != "sqlite" {
        app.info(match &app.me_name {
            Some(name) => format!(
                "You are {name}: on PostgreSQL the database login is who you are; connect as another login to act as someone else"
            ),
            None => "On PostgreSQL the database login is who you are; connect as a login that is a rolo user".into(),
        });
        return vec![];
    }
    app.mode = Mode::Identity(Box::default());
    vec![Effect::Identity(IdentityEffect::Load)]
}

/// `:users`: every live user, to edit one in the user form or make a new one (admins; anyone
/// else is told the rule when the list is refused).
pub fn open_users(app: &mut App) -> Vec<Effect> {
    app.mode = Mode::Identity(Box::new(IdentityPicker {
        manage: true,
        ..IdentityPicker::default()
    }));
    vec![Effect::Identity(IdentityEffect::LoadAll)]
}

/// `:users`' Enter: the selected user in the form, or a new one (named as typed).
fn manage_enter(app: &mut App) -> Vec<Effect> {
    let Mode::Identity(p) = &app.mode else {
        return vec![];
    };
    if p.choices.is_none() {
        return vec![];
    }
    let kind = crate::tui::forms::FormKind::User;
    match p.chosen().map(|c| c.id) {
        Some(id) => {
            let req = app.req();
            app.mode = Mode::Form(Box::new(crate::tui::state::form::FormState::loading(
                kind, id, req, app.zone,
            )));
            vec![Effect::Form(FormEffect::Load { kind, req, id })]
        }
        None => {
            let typed = p.input.text.trim().to_string();
            let mut values = kind.blank(None);
            if let Some(i) = kind.position(if typed.contains('@') { "email" } else { "name" }) {
                values[i] = crate::tui::forms::Value::text(typed);
            }
            app.mode = Mode::Form(super::form::new_form(kind, values, app.zone));
            vec![]
        }
    }
}

/// Ask who the user is, once, when the session was started without one (after the start-up
/// summary, or when the welcome screen closes).
pub fn ask_if_needed(app: &mut App) -> Vec<Effect> {
    if !app.ask_identity || app.me.is_some() || app.mode != Mode::Normal {
        return vec![];
    }
    app.ask_identity = false;
    open(app)
}

pub fn key(app: &mut App, key: KeyEvent) -> Outcome {
    let read_only = app.read_only;
    let Mode::Identity(p) = &mut app.mode else {
        return Outcome::nothing();
    };
    if p.saving {
        return Outcome::nothing();
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let role = p.new_role();
    if let Some(new) = p.adding.as_mut() {
        match key.code {
            KeyCode::Esc => p.adding = None,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Down | KeyCode::Up => {
                new.focus = 1 - new.focus
            }
            KeyCode::Enter if new.focus == 0 => new.focus = 1,
            KeyCode::Enter if read_only => {
                new.error = Some(super::read_only::refusal("adding a user"));
            }
            KeyCode::Enter => {
                let draft = UserDraft::new(new.name.text.trim(), new.email.text.trim(), role);
                match draft.validated() {
                    Ok(d) => {
                        p.saving = true;
                        return Outcome::redraw(vec![Effect::Identity(IdentityEffect::AddSelf {
                            name: d.name,
                            email: d.email,
                        })]);
                    }
                    Err(e) => new.error = Some(e.to_string()),
                }
            }
            _ => {
                if !new.focused().edit(key) {
                    return Outcome::nothing();
                }
                new.error = None;
            }
        }
        return Outcome::redraw(vec![]);
    }
    if p.manage && matches!(key.code, KeyCode::Esc | KeyCode::Enter) {
        if key.code == KeyCode::Esc {
            app.mode = Mode::Normal;
            return Outcome::redraw(vec![]);
        }
        return Outcome::redraw(manage_enter(app));
    }
    match key.code {
        KeyCode::Esc => {
            app.mode = Mode::Normal;
            app.info(SKIPPED);
        }
        KeyCode::Enter => match p.chosen().map(|c| c.id) {
            Some(id) => {
                p.saving = true;
                p.error = None;
                return Outcome::redraw(vec![Effect::Identity(IdentityEffect::Choose(
                    crate::domain::UserId(id),
                ))]);
            }
            None if p.choices.is_none() => {}
            None => {
                // the query typed so far is most likely the name (or the email) to add
                let typed = p.input.text.trim().to_string();
                let mut new = NewSelf::default();
                if typed.contains('@') {
                    new.email = crate::tui::input::TextInput::new(typed);
                } else {
                    new.name = crate::tui::input::TextInput::new(typed);
                }
                p.adding = Some(new);
            }
        },
        KeyCode::Down | KeyCode::Tab => p.step(1),
        KeyCode::Char('n') | KeyCode::Char('j') if ctrl => p.step(1),
        KeyCode::Up | KeyCode::BackTab => p.step(-1),
        KeyCode::Char('p') | KeyCode::Char('k') if ctrl => p.step(-1),
        KeyCode::PageDown => p.step(10),
        KeyCode::PageUp => p.step(-10),
        _ => {
            if !p.input.edit(key) {
                return Outcome::nothing();
            }
            p.selected = 0;
            p.rerank();
        }
    }
    Outcome::redraw(vec![])
}

pub fn reply(app: &mut App, action: IdentityAction) -> Outcome {
    match action {
        IdentityAction::Loaded(result) => {
            let Mode::Identity(p) = &mut app.mode else {
                return Outcome::nothing();
            };
            match result {
                Ok(choices) => {
                    p.choices = Some(choices);
                    p.rerank();
                }
                // `:users` refused (not an admin): the rule, and back to where one was
                Err(e) if p.manage => {
                    app.mode = Mode::Normal;
                    app.error(e);
                }
                Err(e) => p.error = Some(format!("cannot read the users: {e}")),
            }
            Outcome::redraw(vec![])
        }
        IdentityAction::Chosen(Err(e)) => {
            if let Mode::Identity(p) = &mut app.mode {
                p.saving = false;
                match p.adding.as_mut() {
                    Some(new) => new.error = Some(e),
                    None => p.error = Some(e),
                }
            } else {
                app.error(e);
            }
            Outcome::redraw(vec![])
        }
        IdentityAction::Chosen(Ok(chosen)) => Outcome::redraw(become_user(app, chosen)),
    }
}

/// The session acts as `chosen` now: the status line names them, `owner:me` and the agenda are
/// theirs, and what is on screen is read again under their access.
fn become_user(app: &mut App, chosen: Chosen) -> Vec<Effect> {
    if matches!(app.mode, Mode::Identity(_)) {
        app.mode = Mode::Normal;
    }
    app.me = Some(chosen.id);
    app.user = Some(chosen.email.clone());
    app.me_name = Some(chosen.name.clone());
    app.zone = chosen.zone;
    app.timeline.mine = true;
    app.ask_identity = false;
    let who = format!("You are {} ({})", chosen.name, chosen.email);
    let added = if chosen.added {
        match chosen.role {
            crate::domain::Role::Admin => ", added as admin (the first user)".to_string(),
            role => format!(
                ", added as {}; an admin can change that",
                role.as_str().replace('_', " ")
            ),
        }
    } else {
        String::new()
    };
    match &chosen.saved {
        Ok(path) => app.info(format!("{who}{added}; remembered in {path}")),
        Err(e) => app.error(format!(
            "{who}{added}, for this session only: could not remember it: {e}"
        )),
    }
    // visibility follows the acting user: every pane is read again, this one now
    for l in app.listings.values_mut() {
        l.loaded = false;
    }
    app.timeline.loaded = false;
    let pane = app.pane;
    super::reload(app, pane)
}

/// Whether an effect changes the database.
fn writes(effect: &Effect) -> bool {
    matches!(
        effect,
        Effect::Delete { .. }
            | Effect::Restore { .. }
            | Effect::CompleteActivity { .. }
            | Effect::MarkDone { .. }
            | Effect::ChangeStage { .. }
            | Effect::MoveDeal { .. }
            | Effect::PutBack { .. }
            | Effect::SaveView { .. }
            | Effect::DeleteView { .. }
            | Effect::RenameView { .. }
            | Effect::Form(FormEffect::Save(_))
    )
}

/// Whether an action is the reply to a write.
pub fn write_reply(action: &Action) -> bool {
    matches!(
        action,
        Action::Deleted { .. }
            | Action::Restored { .. }
            | Action::Completed { .. }
            | Action::MarkedDone { .. }
            | Action::StageChanged { .. }
            | Action::DealMoved { .. }
            | Action::ViewSaved { .. }
            | Action::ViewChanged(_)
            | Action::Form(crate::tui::forms::FormAction::Saved { .. })
    )
}

/// Without an acting user, the first write of the session says, once, in the message its reply
/// leaves, that it has no author. `reply` is whether the action handled was a write's reply.
pub fn note_anonymous(app: &mut App, reply: bool, effects: &[Effect]) {
    if app.me.is_some() {
        return;
    }
    match app.anonymous {
        AnonymousNote::NotYet if effects.iter().any(writes) => app.anonymous = AnonymousNote::Due,
        AnonymousNote::Due if reply => {
            // a write that failed says why; the note waits for one that went through
            if let Some((Level::Info, text)) = &app.message {
                app.message = Some((Level::Info, format!("{text} · {ANONYMOUS_WRITE}")));
                app.anonymous = AnonymousNote::Said;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
#[path = "identity_tests.rs"]
mod tests;

/// A picker as a test builds it: the users' names and emails, and how many users there are.
#[cfg(test)]
pub fn picker_with(
    users: &[(&str, &str)],
    total: i64,
) -> crate::tui::state::identity::IdentityPicker {
    use crate::tui::state::identity::{Choices, IdentityPicker};
    let mut p = IdentityPicker {
        choices: Some(Choices {
            users: users
                .iter()
                .enumerate()
                .map(|(i, (name, email))| crate::tui::forms::Candidate {
                    id: crate::domain::Id(uuid::Uuid::from_u128(
                        u128::try_from(i + 1).unwrap_or(1),
                    )),
                    label: (*name).to_string(),
                    detail: (*email).to_string(),
                })
                .collect(),
            total,
        }),
        ..IdentityPicker::default()
    };
    p.rerank();
    p
}

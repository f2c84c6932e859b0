//! The stages screen (`P` on the deals pane, or `:stages`): every live stage, active or not, in
//! board order. `n` / `e` open the stage form; `J` / `K` move the selected stage down / up; `x`
//! activates or deactivates it; `d` deletes an empty one (asks first; a stage holding deals is
//! refused, here and by the repository); Esc goes back to the board, which reloads. Every change
//! is one effect; its reply (done, conflict, refusal) says so and reloads the list.

use super::{reload, switch_pane, Outcome};
use crate::tui::action::{Action, StageFailure};
use crate::tui::effect::{Effect, StageChange};
use crate::tui::forms::{FormEffect, FormKind};
use crate::tui::keymap::KeyCommand;
use crate::tui::pane::PaneId;
use crate::tui::state::form::FormState;
use crate::tui::state::prompt::Prompt;
use crate::tui::state::stages::StagesState;
use crate::tui::state::{App, Mode};

/// Open the screen (over the deals pane) and read the stages.
pub fn open(app: &mut App) -> Vec<Effect> {
    let mut effects = if app.pane == PaneId::Deals {
        app.detail = None;
        vec![]
    } else {
        switch_pane(app, PaneId::Deals)
    };
    app.stages = Some(StagesState::default());
    effects.extend(load(app));
    effects
}

/// Read the list again (after a change, a refusal, or `r`).
pub fn load(app: &mut App) -> Vec<Effect> {
    let req = app.req();
    match app.stages.as_mut() {
        Some(s) => {
            s.pending = Some(req);
            vec![Effect::LoadStages { req }]
        }
        None => vec![],
    }
}

/// Close the screen: the board (and the deals table) reload so columns reflect the changes.
fn close(app: &mut App) -> Vec<Effect> {
    app.stages = None;
    reload(app, PaneId::Deals)
}

/// A normal-mode command on the stages screen; `None` lets the app handle it (help, quit, `:`).
pub fn command(app: &mut App, command: KeyCommand) -> Option<Outcome> {
    let s = app.stages.as_mut()?;
    let effects = match command {
        KeyCommand::Down => {
            s.move_by(1);
            vec![]
        }
        KeyCommand::Up => {
            s.move_by(-1);
            vec![]
        }
        KeyCommand::PageDown => {
            s.move_by(10);
            vec![]
        }
        KeyCommand::PageUp => {
            s.move_by(-10);
            vec![]
        }
        KeyCommand::Top => {
            s.selected = 0;
            vec![]
        }
        KeyCommand::Bottom => {
            s.move_by(isize::MAX / 2);
            vec![]
        }
        KeyCommand::Back => close(app),
        KeyCommand::Refresh => load(app),
        KeyCommand::New => {
            let kind = FormKind::Stage;
            app.mode = Mode::Form(Box::new(FormState::new(
                kind,
                None,
                None,
                kind.blank(None),
                app.zone,
            )));
            vec![]
        }
        KeyCommand::Edit | KeyCommand::Open => match s.row() {
            Some(row) => {
                let (kind, id) = (FormKind::Stage, row.id);
                let req = app.req();
                app.mode = Mode::Form(Box::new(FormState::loading(kind, id, req, app.zone)));
                vec![Effect::Form(FormEffect::Load { kind, req, id })]
            }
            None => vec![],
        },
        KeyCommand::ShiftDown | KeyCommand::ShiftUp | KeyCommand::Complete | KeyCommand::Delete => {
            change(app, command)
        }
        KeyCommand::Companies
        | KeyCommand::Contacts
        | KeyCommand::Deals
        | KeyCommand::Activities => {
            // leaving for another pane: the board still reloads with the changes
            let mut effects = close(app);
            let pane = match command {
                KeyCommand::Companies => PaneId::Companies,
                KeyCommand::Contacts => PaneId::Contacts,
                KeyCommand::Activities => PaneId::Activities,
                _ => PaneId::Deals,
            };
            effects.extend(switch_pane(app, pane));
            effects
        }
        KeyCommand::Sort | KeyCommand::Reverse => {
            app.info("stages are in board order: J / K move the selected one");
            vec![]
        }
        KeyCommand::Help | KeyCommand::Quit | KeyCommand::CommandLine => return None,
        // nothing else means anything here
        _ => vec![],
    };
    Some(Outcome::redraw(effects))
}

/// J / K / x / d on the selected stage: one effect, or a message why not.
fn change(app: &mut App, command: KeyCommand) -> Vec<Effect> {
    let Some(s) = app.stages.as_mut() else {
        return vec![];
    };
    if s.pending.is_some() || s.writing.is_some() {
        // the versions on screen are about to change: acting now would be a conflict
        app.info("the stages are reloading; try again in a moment");
        return vec![];
    }
    let Some(row) = s.row().cloned() else {
        app.info("no stage is selected");
        return vec![];
    };
    let last = s.rows.len().saturating_sub(1);
    let change = match command {
        KeyCommand::ShiftUp if s.selected == 0 => {
            app.info(format!("{} is already the first stage", row.name));
            return vec![];
        }
        KeyCommand::ShiftDown if s.selected >= last => {
            app.info(format!("{} is already the last stage", row.name));
            return vec![];
        }
        KeyCommand::ShiftUp => StageChange::Shift { up: true },
        KeyCommand::ShiftDown => StageChange::Shift { up: false },
        KeyCommand::Complete => StageChange::SetActive(!row.active),
        KeyCommand::Delete if row.deals > 0 => {
            app.error(format!(
                "{} holds {} deal(s) and cannot be deleted: move them first, or deactivate it (x)",
                row.name, row.deals
            ));
            return vec![];
        }
        KeyCommand::Delete => {
            s.confirm = Some(Prompt::delete_stage(row.id, row.version, row.name));
            return vec![];
        }
        _ => return vec![],
    };
    s.writing = Some(row.name.clone());
    s.follow = Some(row.id);
    vec![Effect::ChangeStage {
        id: row.id,
        version: row.version,
        name: row.name,
        change,
    }]
}

pub fn reply(app: &mut App, action: Action) -> Outcome {
    match action {
        Action::StagesLoaded { req, result } => {
            let Some(s) = app.stages.as_mut().filter(|s| s.pending == Some(req)) else {
                return Outcome::nothing();
            };
            s.pending = None;
            match result {
                Ok(rows) => s.apply(rows),
                Err(e) => s.error = Some(e),
            }
            Outcome::redraw(vec![])
        }
        Action::StageChanged { id, name, result } => {
            if let Some(s) = app.stages.as_mut() {
                s.writing = None;
            }
            match result {
                Ok(message) => app.info(message),
                Err(StageFailure::Conflict(e)) => {
                    app.error(format!(
                        "{name} not changed: {e} — the list is reloaded; try again"
                    ));
                }
                Err(failure) => app.error(format!("not done: {}", failure.describe())),
            }
            if app.stages.is_none() {
                // the screen was closed meanwhile: the board shows the outcome
                return Outcome::redraw(reload(app, PaneId::Deals));
            }
            if let Some(s) = app.stages.as_mut() {
                s.follow = Some(id);
            }
            Outcome::redraw(load(app))
        }
        _ => Outcome::nothing(),
    }
}

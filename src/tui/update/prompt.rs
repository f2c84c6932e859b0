//! Answering a prompt ([`Prompt`]): the one key handler for every modal question. A yes/no
//! question takes `y` as yes and any other key as no; a text prompt takes Enter (with something
//! typed) as the answer, Esc as no, and other keys as editing. The answer then does what the
//! prompt's [`OnAnswer`] says, wherever the prompt lives.

use crossterm::event::{KeyCode, KeyEvent};

use super::Outcome;
use crate::db::repo::board::MoveTarget;
use crate::domain::StageId;
use crate::tui::effect::{Effect, StageChange};
use crate::tui::state::prompt::{OnAnswer, Prompt, PromptKind};
use crate::tui::state::{App, Mode};

/// What a key does to a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Yes, with the typed text (empty for a yes/no question).
    Yes(String),
    No,
    /// Enter with nothing typed: the prompt stays, with this error.
    Refused(&'static str),
    /// The typed text changed (or not); the prompt stays.
    Typing,
}

/// The answer a key gives to a prompt; editing keys change its text.
pub fn answer(prompt: &mut Prompt, key: KeyEvent) -> Answer {
    match &mut prompt.kind {
        PromptKind::YesNo => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => Answer::Yes(String::new()),
            _ => Answer::No,
        },
        PromptKind::Text { input, needed, .. } => match key.code {
            KeyCode::Esc => Answer::No,
            KeyCode::Enter => match input.text.trim() {
                "" => Answer::Refused(needed),
                text => Answer::Yes(text.to_string()),
            },
            _ => {
                input.edit(key);
                Answer::Typing
            }
        },
    }
}

/// Where the prompt being answered lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Mode,
    Stages,
    Board,
}

/// The prompt that takes keys now, if any.
fn slot(app: &App) -> Option<Slot> {
    if matches!(app.mode, Mode::Confirm(_)) {
        Some(Slot::Mode)
    } else if app.stage_confirming() {
        Some(Slot::Stages)
    } else if app.board_active() && app.board.prompt.is_some() {
        Some(Slot::Board)
    } else {
        None
    }
}

/// Whether a prompt takes the keys in normal mode.
pub fn asking(app: &App) -> bool {
    slot(app).is_some()
}

fn prompt_mut(app: &mut App, slot: Slot) -> Option<&mut Prompt> {
    match slot {
        Slot::Mode => match &mut app.mode {
            Mode::Confirm(p) => Some(p),
            _ => None,
        },
        Slot::Stages => app.stages.as_mut().and_then(|s| s.confirm.as_mut()),
        Slot::Board => app.board.prompt.as_mut(),
    }
}

fn take(app: &mut App, slot: Slot) -> Option<Prompt> {
    match slot {
        Slot::Mode => match std::mem::replace(&mut app.mode, Mode::Normal) {
            Mode::Confirm(p) => Some(p),
            other => {
                app.mode = other;
                None
            }
        },
        Slot::Stages => app.stages.as_mut().and_then(|s| s.confirm.take()),
        Slot::Board => app.board.prompt.take(),
    }
}

/// A key while a prompt is asked.
pub fn key(app: &mut App, key: KeyEvent) -> Outcome {
    let Some(slot) = slot(app) else {
        return Outcome::nothing();
    };
    let Some(prompt) = prompt_mut(app, slot) else {
        return Outcome::nothing();
    };
    match answer(prompt, key) {
        Answer::Typing => Outcome::redraw(vec![]),
        Answer::Refused(why) => {
            app.error(why);
            Outcome::redraw(vec![])
        }
        Answer::Yes(text) => match take(app, slot) {
            Some(p) => Outcome::redraw(yes(app, p.on_answer, text)),
            None => Outcome::nothing(),
        },
        Answer::No => match take(app, slot) {
            Some(p) => {
                let effects = no(app, &p.on_answer);
                Outcome::redraw(effects)
            }
            None => Outcome::nothing(),
        },
    }
}

fn yes(app: &mut App, on: OnAnswer, text: String) -> Vec<Effect> {
    match on {
        OnAnswer::DeleteRecord {
            pane,
            id,
            version,
            label,
        } => vec![Effect::Delete {
            pane,
            id,
            version,
            label,
        }],
        OnAnswer::DeleteStage { id, version, name } => {
            if let Some(s) = app.stages.as_mut() {
                s.writing = Some(name.clone());
            }
            vec![Effect::ChangeStage {
                id,
                version,
                name,
                change: StageChange::Delete,
            }]
        }
        OnAnswer::DeleteView { id, name } => vec![Effect::DeleteView { id, name }],
        OnAnswer::RenameView { view } if text.trim() == view.name => super::views::reopen(app),
        OnAnswer::RenameView { view } => vec![Effect::RenameView {
            view,
            to: text.trim().to_string(),
        }],
        OnAnswer::ReplaceView {
            name,
            pane,
            filter,
            sort,
        } => vec![Effect::SaveView {
            name,
            pane,
            filter,
            sort,
            replace: true,
        }],
        OnAnswer::LoseDeal {
            deal,
            version,
            title,
            target,
        } => vec![Effect::MoveDeal {
            deal,
            version,
            title,
            to: MoveTarget::Stage(StageId(target)),
            reason: Some(text),
        }],
    }
}

fn no(app: &mut App, on: &OnAnswer) -> Vec<Effect> {
    match on {
        OnAnswer::DeleteRecord { .. } => app.info("Kept"),
        OnAnswer::DeleteStage { name, .. } => app.info(format!("Kept {name}")),
        OnAnswer::LoseDeal { .. } => app.info("Not moved"),
        OnAnswer::ReplaceView { name, .. } => app.info(format!("Kept your view '{name}'")),
        // back to the list the question was asked from
        OnAnswer::DeleteView { .. } | OnAnswer::RenameView { .. } => {
            return super::views::reopen(app)
        }
    }
    vec![]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Id;
    use crossterm::event::KeyModifiers;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn id(n: u128) -> Id {
        Id(uuid::Uuid::from_u128(n))
    }

    #[test]
    fn a_yes_no_question_takes_only_y_as_yes() {
        let mut p = Prompt::delete_stage(id(7), 1, "Won".into());
        assert_eq!(
            answer(&mut p, press(KeyCode::Char('Y'))),
            Answer::Yes(String::new())
        );
        assert_eq!(answer(&mut p, press(KeyCode::Enter)), Answer::No);
        assert_eq!(answer(&mut p, press(KeyCode::Char('n'))), Answer::No);
        assert_eq!(p.text(), "Delete the empty stage 'Won'? y/N");
    }

    #[test]
    fn a_text_prompt_edits_refuses_nothing_and_answers_trimmed() {
        let mut p = Prompt::lost_reason(id(1), 2, "Big deal".into(), id(3), "Lost");
        assert!(matches!(
            answer(&mut p, press(KeyCode::Enter)),
            Answer::Refused(_)
        ));
        for c in [' ', 'y', 'o'] {
            assert_eq!(answer(&mut p, press(KeyCode::Char(c))), Answer::Typing);
        }
        assert_eq!(p.text(), "Lost reason for 'Big deal' (→ Lost):  yo");
        assert_eq!(
            answer(&mut p, press(KeyCode::Enter)),
            Answer::Yes("yo".into())
        );
        assert_eq!(answer(&mut p, press(KeyCode::Esc)), Answer::No);
    }
}

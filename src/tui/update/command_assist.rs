//! The keys the `:` and `/` lines share beyond editing: Tab and shift-Tab complete (see
//! `complete::menu`), Up and Down walk the line's own history, and a key while the completion
//! list is open takes or drops the candidate first.

use crossterm::event::{KeyCode, KeyEvent};

use crate::tui::complete::{command_target, filter_target, menu, Pressed};
use crate::tui::effect::Effect;
use crate::tui::history::{Entry, LineKind, Recall};
use crate::tui::state::{App, Mode};

/// What such a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assisted {
    /// Taken; the line's text changed (or not).
    Done { changed: bool },
    /// Not one of these keys (an open list was closed, keeping the line): the line handles it.
    Pass,
}

/// A key on the `:` or `/` line, before the line's own handling.
pub fn key(app: &mut App, key: KeyEvent) -> Assisted {
    let pane = app.pane;
    let App {
        mode,
        names,
        history,
        ..
    } = app;
    let (input, assist, line, opened_with) = match mode {
        Mode::CommandLine(l) => (&mut l.input, &mut l.assist, LineKind::Command, ""),
        Mode::Filter(b) => (
            &mut b.input,
            &mut b.assist,
            LineKind::Filter,
            b.before.as_str(),
        ),
        _ => return Assisted::Pass,
    };
    assist.no_match = false;
    let before = input.text.clone();
    match key.code {
        KeyCode::Tab | KeyCode::BackTab => {
            assist.recall = None;
            let back = key.code == KeyCode::BackTab;
            let pressed = menu::press(input, &mut assist.menu, back, |text, cursor| match line {
                LineKind::Command => command_target(text, cursor, pane, names),
                LineKind::Filter => filter_target(text, cursor, pane.entity(), names),
            });
            assist.no_match = pressed == Pressed::NoMatch;
        }
        KeyCode::Esc if assist.menu.is_some() => menu::cancel(input, &mut assist.menu),
        KeyCode::Enter if assist.menu.is_some() => {
            if !menu::accept(input, &mut assist.menu) {
                return Assisted::Pass;
            }
        }
        KeyCode::Up | KeyCode::Down => {
            assist.menu = None;
            let entries = history.entries(line);
            // the filter the bar opened with was not typed: it narrows nothing
            let typed = if input.text == opened_with {
                ""
            } else {
                input.text.as_str()
            };
            let recall = assist
                .recall
                .get_or_insert_with(|| Recall::from(typed, &input.text));
            let shown = if key.code == KeyCode::Up {
                recall.older(entries, &input.text)
            } else {
                recall.newer(entries, &input.text)
            };
            if let Some(text) = shown {
                *input = crate::tui::input::TextInput::new(text);
            }
        }
        _ => {
            // typing ends a walk through the history and keeps the candidate in the line
            assist.menu = None;
            assist.recall = None;
            return Assisted::Pass;
        }
    }
    Assisted::Done {
        changed: input.text != before,
    }
}

/// Remember an entered line; with a history file, also the effect that adds it there.
pub fn remember(app: &mut App, line: LineKind, text: &str) -> Vec<Effect> {
    if !app.history.push(line, text) {
        return vec![];
    }
    match app.history.file.clone() {
        Some(path) => vec![Effect::AppendHistory {
            path,
            entry: Entry {
                line,
                text: text.trim().to_string(),
            },
        }],
        None => vec![],
    }
}

//! Editing keys on the focused field, as its kind edits; a new activity follows the "logged
//! past interaction is done" rule while it is typed.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::picker;
use crate::tui::effect::Effect;
use crate::tui::forms::{FormKind, InputKind, Value};
use crate::tui::state::form::FormState;
use crate::tui::state::{App, TextInput};

/// Apply an editing key to the focused field, as its kind edits; on a selected value a printable
/// key replaces it.
pub(super) fn edit(
    app: &mut App,
    form: &mut FormState,
    key: KeyEvent,
    selected: bool,
) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let i = form.focus;
    let Some(field) = form.fields.get_mut(i) else {
        return vec![];
    };
    let changed = match (field.spec.kind, &mut field.value) {
        (InputKind::Text | InputKind::Tags, Value::Text(input)) if selected && printable(key) => {
            let before = std::mem::replace(input, TextInput::new(""));
            input.edit(key);
            input.text != before.text
        }
        (InputKind::Text | InputKind::Notes | InputKind::Tags, Value::Text(input)) => {
            input.edit(key)
        }
        (InputKind::Choice(options), Value::Text(input)) => {
            let at = options.iter().position(|o| *o == input.text).unwrap_or(0);
            let n = options.len().max(1);
            let pick = match key.code {
                KeyCode::Left => Some((at + n - 1) % n),
                KeyCode::Right | KeyCode::Char(' ') => Some((at + 1) % n),
                KeyCode::Backspace | KeyCode::Delete => options.iter().position(|o| o.is_empty()),
                KeyCode::Char('d') if ctrl => options.iter().position(|o| o.is_empty()),
                // a letter jumps to the next value starting with it
                KeyCode::Char(c) if !ctrl => (1..=n)
                    .map(|k| (at + k) % n)
                    .find(|j| options[*j].starts_with(c.to_ascii_lowercase())),
                _ => None,
            };
            match pick.and_then(|j| options.get(j)) {
                Some(o) if *o != input.text => {
                    *input = TextInput::new(*o);
                    true
                }
                _ => false,
            }
        }
        (InputKind::Bool, Value::Bool(b)) => {
            let new = match key.code {
                KeyCode::Left | KeyCode::Right | KeyCode::Char(' ') => !*b,
                KeyCode::Char('y') | KeyCode::Char('Y') => true,
                KeyCode::Char('n') | KeyCode::Char('N') => false,
                _ => *b,
            };
            let changed = new != *b;
            *b = new;
            changed
        }
        (InputKind::Ref(r), Value::Ref(current)) => match key.code {
            KeyCode::Backspace | KeyCode::Delete => current.take().is_some(),
            KeyCode::Char('d') if ctrl => current.take().is_some(),
            // typing on a reference starts searching for one
            KeyCode::Char(c) if !ctrl => return picker::open(app, form, r, &c.to_string()),
            _ => false,
        },
        _ => false,
    };
    if changed {
        form.changed(i);
        follow_done(form);
    }
    vec![]
}

fn printable(key: KeyEvent) -> bool {
    let plain = !key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    matches!(key.code, KeyCode::Char(_)) && plain
}

/// A new activity: a logged past interaction (a call, email or meeting with an outcome, not due
/// later) shows as done while it is typed, unless the user set Done.
fn follow_done(form: &mut FormState) {
    if form.kind != FormKind::Activity || !form.is_new() {
        return;
    }
    let Some(i) = form.kind.position("done") else {
        return;
    };
    if form.fields[i].touched {
        return;
    }
    if let Some(done) = crate::tui::forms::activity::logged_done(&form.values(), form.zone) {
        form.fields[i].value = Value::Bool(done);
    }
}

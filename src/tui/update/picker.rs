//! The picker of a reference field: typing asks the worker for live candidates (the newest
//! request wins; older replies are dropped) and ranks what it has at once with the fuzzy matcher;
//! Enter picks, Esc cancels, ctrl-d (or Backspace on an empty query) unsets the field.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Outcome;
use crate::tui::effect::Effect;
use crate::tui::forms::{Candidate, FormEffect, Ref, RefKind, Value};
use crate::tui::state::form::{FormState, Picker};
use crate::tui::state::{App, Level};

/// Open the picker on the focused field, searching for `query`.
pub fn open(app: &mut App, form: &mut FormState, kind: RefKind, query: &str) -> Vec<Effect> {
    let req = app.req();
    form.picker = Some(Picker::new(form.focus, kind, query, req));
    vec![search(form, req)]
}

fn search(form: &FormState, req: u64) -> Effect {
    let (kind, query) = form
        .picker
        .as_ref()
        .map_or((RefKind::Company, String::new()), |p| {
            (p.kind, p.input.text.clone())
        });
    Effect::Form(FormEffect::Pick {
        pane: form.kind.pane(),
        req,
        kind,
        query,
    })
}

/// A key while the picker is open; the form stays open whatever it is.
pub fn key(app: &mut App, form: &mut FormState, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let Some(p) = form.picker.as_mut() else {
        return vec![];
    };
    match key.code {
        KeyCode::Esc => form.picker = None,
        KeyCode::Enter => match p.chosen().cloned() {
            Some(c) => {
                let field = p.field;
                form.picker = None;
                set(form, field, Some(c));
            }
            None => p.error = Some("nothing to pick: no record matches".into()),
        },
        KeyCode::Down | KeyCode::Tab => step(p, 1),
        KeyCode::Char('n') | KeyCode::Char('j') if ctrl => step(p, 1),
        KeyCode::Up | KeyCode::BackTab => step(p, -1),
        KeyCode::Char('p') | KeyCode::Char('k') if ctrl => step(p, -1),
        KeyCode::PageDown => step(p, 10),
        KeyCode::PageUp => step(p, -10),
        KeyCode::Char('d') if ctrl => clear(form),
        KeyCode::Backspace if p.input.text.is_empty() => clear(form),
        _ => {
            if p.input.edit(key) {
                // rank what is here now; the worker's fresh candidates replace them when they come
                p.selected = 0;
                p.rerank();
                let req = app.req();
                p.req = req;
                p.pending = true;
                p.error = None;
                return vec![search(form, req)];
            }
        }
    }
    vec![]
}

fn step(p: &mut Picker, by: isize) {
    let n = p.ranked.len();
    if n > 0 {
        p.selected = p.selected.saturating_add_signed(by).min(n - 1);
    }
}

fn clear(form: &mut FormState) {
    if let Some(field) = form.picker.take().map(|p| p.field) {
        set(form, field, None);
        form.message = Some((Level::Info, "Cleared".into()));
    }
}

fn set(form: &mut FormState, field: usize, picked: Option<Candidate>) {
    let value = Value::Ref(picked.map(|c| Ref {
        id: c.id,
        label: c.label,
    }));
    if let Some(f) = form.fields.get_mut(field) {
        if f.value != value {
            f.value = value;
            form.changed(field);
        }
    }
}

/// Candidates arrived: only the newest request's are used.
pub fn reply(form: &mut FormState, req: u64, result: Result<Vec<Candidate>, String>) -> Outcome {
    let Some(p) = form.picker.as_mut().filter(|p| p.req == req) else {
        return Outcome::nothing();
    };
    p.pending = false;
    match result {
        Ok(candidates) => {
            let keep = p.chosen().map(|c| c.id);
            p.candidates = candidates;
            p.error = None;
            p.rerank();
            // keep the highlighted record where it still matches
            if let Some(i) = keep.and_then(|id| {
                p.ranked
                    .iter()
                    .position(|j| p.candidates.get(*j).is_some_and(|c| c.id == id))
            }) {
                p.selected = i;
            } else {
                p.selected = 0;
            }
        }
        Err(e) => p.error = Some(e),
    }
    Outcome::redraw(vec![])
}

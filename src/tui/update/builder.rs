//! The filter builder's keys. Every added or removed condition re-queries the pane with the text
//! the builder writes, so the list and its count update live.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{filter::validate, requery, Outcome};
use crate::tui::effect::Effect;
use crate::tui::state::builder::{Builder, Condition, FieldKind, Step};
use crate::tui::state::{App, Mode};

pub fn open(app: &mut App) -> Outcome {
    let current = app.listing().query.filter.clone();
    app.mode = Mode::Builder(Box::new(Builder::new(app.pane.entity(), &current)));
    Outcome::redraw(vec![Effect::LoadKnown])
}

fn builder(app: &mut App) -> Option<&mut Builder> {
    match &mut app.mode {
        Mode::Builder(b) => Some(b),
        _ => None,
    }
}

pub fn key(app: &mut App, key: KeyEvent) -> Outcome {
    let Some(b) = builder(app) else {
        return Outcome::nothing();
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // moving through candidates works the same in every picking step
    match key.code {
        KeyCode::Down | KeyCode::Char('n') if ctrl || key.code == KeyCode::Down => {
            b.selected = (b.selected + 1).min(b.choices.len().saturating_sub(1));
            return Outcome::redraw(vec![]);
        }
        KeyCode::Up | KeyCode::Char('p') if ctrl || key.code == KeyCode::Up => {
            b.selected = b.selected.saturating_sub(1);
            return Outcome::redraw(vec![]);
        }
        _ => {}
    }
    match b.step.clone() {
        Step::Field => field_key(app, key),
        Step::Op(field) => {
            let ops = field.kind.ops();
            match key.code {
                KeyCode::Enter => match ops.get(b.selected).copied() {
                    Some(op) if op.needs_value() => {
                        b.go(Step::Value(field, op));
                        Outcome::redraw(vec![])
                    }
                    Some(op) => add(
                        app,
                        Condition {
                            field,
                            op,
                            values: vec![],
                        },
                    ),
                    None => Outcome::nothing(),
                },
                KeyCode::Esc => {
                    b.go(Step::Field);
                    Outcome::redraw(vec![])
                }
                _ => Outcome::nothing(),
            }
        }
        Step::Value(field, op) => match key.code {
            KeyCode::Tab if field.kind.multi() => {
                if let Some(v) = b.choices.get(b.selected).cloned() {
                    if let Some(i) = b.ticked.iter().position(|t| *t == v) {
                        b.ticked.remove(i);
                    } else {
                        b.ticked.push(v);
                    }
                }
                Outcome::redraw(vec![])
            }
            KeyCode::Enter => {
                let values = chosen_values(b, &field.kind);
                match values {
                    Ok(values) => add(app, Condition { field, op, values }),
                    Err(e) => {
                        b.error = Some(e);
                        Outcome::redraw(vec![])
                    }
                }
            }
            KeyCode::Esc => {
                let back = if field.kind.ops().is_empty() {
                    Step::Field
                } else {
                    Step::Op(field)
                };
                b.go(back);
                Outcome::redraw(vec![])
            }
            _ => {
                if b.input.edit(key) {
                    b.selected = 0;
                    b.refresh_choices();
                    b.error = None;
                }
                Outcome::redraw(vec![])
            }
        },
        Step::Review => review_key(app, key),
        Step::SaveAs => match key.code {
            KeyCode::Enter => {
                let name = b.input.text.trim().to_string();
                if name.is_empty() {
                    b.error = Some("type a name for the view".into());
                    return Outcome::redraw(vec![]);
                }
                let filter = b.text();
                app.mode = Mode::Normal;
                let pane = app.pane;
                let mut effects = apply_text(app, filter.clone());
                if app.read_only {
                    // the filter still applies; only saving it is refused
                    app.error(super::read_only::refusal("saving a view"));
                } else {
                    effects.push(Effect::SaveView {
                        name,
                        pane,
                        filter,
                        sort: super::command::current_sort(app),
                        replace: false,
                    });
                }
                Outcome::redraw(effects)
            }
            KeyCode::Esc => {
                b.go(Step::Review);
                Outcome::redraw(vec![])
            }
            _ => {
                b.input.edit(key);
                Outcome::redraw(vec![])
            }
        },
    }
}

fn field_key(app: &mut App, key: KeyEvent) -> Outcome {
    let Some(b) = builder(app) else {
        return Outcome::nothing();
    };
    match key.code {
        KeyCode::Enter => {
            let Some(name) = b.choices.get(b.selected).cloned() else {
                b.error = Some("no field matches; Backspace to widen the search".into());
                return Outcome::redraw(vec![]);
            };
            let Some(field) = crate::tui::state::builder::field_choices(b.entity)
                .into_iter()
                .find(|f| f.name == name)
            else {
                return Outcome::nothing();
            };
            match field.kind {
                FieldKind::Keyword => add(
                    app,
                    Condition {
                        field,
                        op: crate::tui::state::builder::Op::Is,
                        values: vec![],
                    },
                ),
                FieldKind::Search => {
                    b.go(Step::Value(field, crate::tui::state::builder::Op::Is));
                    Outcome::redraw(vec![])
                }
                _ => {
                    b.go(Step::Op(field));
                    Outcome::redraw(vec![])
                }
            }
        }
        KeyCode::Esc => {
            if b.groups.iter().all(|g| g.is_empty()) {
                cancel(app)
            } else {
                b.go(Step::Review);
                Outcome::redraw(vec![])
            }
        }
        _ => {
            if b.input.edit(key) {
                b.selected = 0;
                b.refresh_choices();
                b.error = None;
            }
            Outcome::redraw(vec![])
        }
    }
}

/// The value(s) of a Value step: ticked ones, else the highlighted suggestion, else what was typed.
fn chosen_values(b: &Builder, kind: &FieldKind) -> Result<Vec<String>, String> {
    if !b.ticked.is_empty() {
        return Ok(b.ticked.clone());
    }
    let typed = b.input.text.trim();
    if let Some(choice) = b.choices.get(b.selected) {
        return Ok(vec![choice.clone()]);
    }
    match kind {
        FieldKind::Enum { values, .. } => {
            Err(format!("'{typed}' is not one of: {}", values.join(", ")))
        }
        _ if typed.is_empty() => Err("type a value".into()),
        _ => Ok(vec![typed.to_string()]),
    }
}

/// Add a condition to the current group if the whole filter still checks; re-query.
fn add(app: &mut App, c: Condition) -> Outcome {
    let Some(b) = builder(app) else {
        return Outcome::nothing();
    };
    b.current_group().push(c);
    let text = b.text();
    if let Err((_, _, reason)) = validate(app, &text) {
        if let Some(b) = builder(app) {
            b.current_group().pop();
            b.error = Some(reason);
        }
        return Outcome::redraw(vec![]);
    }
    if let Some(b) = builder(app) {
        b.go(Step::Review);
    }
    Outcome::redraw(apply_text(app, text))
}

/// Re-query the pane with the builder's text (the list and count behind the builder update).
fn apply_text(app: &mut App, text: String) -> Vec<Effect> {
    let mut q = app.listing().query.clone();
    if q.filter == text {
        return vec![];
    }
    q.filter = text;
    app.views.remove(&app.pane);
    requery(app, app.pane, q)
}

fn review_key(app: &mut App, key: KeyEvent) -> Outcome {
    let Some(b) = builder(app) else {
        return Outcome::nothing();
    };
    match key.code {
        KeyCode::Char('a') => {
            b.go(Step::Field);
            Outcome::redraw(vec![])
        }
        KeyCode::Char('o') => {
            if b.groups.last().is_some_and(|g| !g.is_empty()) {
                b.groups.push(vec![]);
            }
            b.go(Step::Field);
            Outcome::redraw(vec![])
        }
        KeyCode::Char('x') | KeyCode::Backspace | KeyCode::Delete => {
            let removed = b.current_group().pop().is_some();
            if !removed && b.groups.len() > 1 {
                b.groups.pop();
                b.current_group().pop();
            } else if !removed && !b.base.is_empty() {
                b.base.clear();
            }
            if b.groups.len() > 1 && b.groups.last().is_some_and(|g| g.is_empty()) {
                b.groups.pop();
            }
            let text = b.text();
            Outcome::redraw(apply_text(app, text))
        }
        KeyCode::Char('s') => {
            b.go(Step::SaveAs);
            Outcome::redraw(vec![])
        }
        KeyCode::Enter => {
            app.mode = Mode::Normal;
            Outcome::redraw(vec![])
        }
        KeyCode::Esc => cancel(app),
        _ => Outcome::nothing(),
    }
}

/// Close the builder and go back to the filter in force before it opened.
fn cancel(app: &mut App) -> Outcome {
    let before = match &app.mode {
        Mode::Builder(b) => b.before.clone(),
        _ => return Outcome::nothing(),
    };
    app.mode = Mode::Normal;
    Outcome::redraw(apply_text(app, before))
}

//! Replies for an open form: the record to edit, picker candidates, a save's outcome (saved,
//! refused per field, or a conflict), and notes back from `$EDITOR`.

use super::super::{picker, reload, Outcome};
use crate::tui::effect::Effect;
use crate::tui::forms::{FormAction, FormRecord, InputKind, SaveFailure, Saved, Value};
use crate::tui::state::form::FormState;
use crate::tui::state::{App, Level, Mode};

/// Replies for forms: a record to edit, picker candidates, a save's result, edited notes. A reply
/// for a request that is no longer the form's newest is dropped without a redraw.
pub fn reply(app: &mut App, action: FormAction) -> Outcome {
    if let FormAction::Saved { req, result } = action {
        return saved(app, req, result);
    }
    let Mode::Form(form) = &mut app.mode else {
        return Outcome::nothing();
    };
    match action {
        FormAction::Loaded { req, result } => {
            if form.loading != Some(req) {
                return Outcome::nothing();
            }
            match result {
                Ok(record) => form.load(record),
                Err(e) => {
                    form.loading = None;
                    form.load_error = Some(e);
                }
            }
        }
        FormAction::Picked { req, result } => return picker::reply(form, req, result),
        FormAction::NotesEdited(Ok(text)) => {
            let Some(i) = form
                .fields
                .iter()
                .position(|f| f.spec.kind == InputKind::Notes)
            else {
                return Outcome::nothing();
            };
            if !form.fields[i].value.same(&Value::text(text.clone())) {
                form.fields[i].value = Value::text(text);
                form.changed(i);
                form.message = Some((Level::Info, "Notes updated from the editor".into()));
            } else {
                form.message = Some((Level::Info, "Notes unchanged".into()));
            }
        }
        FormAction::NotesEdited(Err(e)) => form.message = Some((Level::Error, e)),
        FormAction::Saved { .. } => {}
    }
    Outcome::redraw(vec![])
}

fn saved(app: &mut App, req: u64, result: Result<Saved, SaveFailure>) -> Outcome {
    let ours = matches!(&app.mode, Mode::Form(f) if f.saving == Some(req));
    match result {
        Ok(saved) => {
            if ours {
                app.mode = Mode::Normal;
            }
            app.info(format!("Saved {}", saved.label));
            // the list comes back with the saved record selected (a new one too)
            app.listings.entry(saved.pane).or_default().follow = Some(saved.id);
            let mut effects = reload(app, saved.pane);
            // a stage saved from the stages screen: the list shows it, selected
            if app.stages.is_some() {
                if let Some(s) = app.stages.as_mut() {
                    s.follow = Some(saved.id);
                }
                effects.extend(super::super::stages::load(app));
            }
            let open = app.detail.as_ref().filter(|d| d.id == saved.id);
            if let Some((pane, id)) = open.map(|d| (d.pane, d.id)) {
                let req = app.req();
                if let Some(d) = app.detail.as_mut() {
                    d.pending = Some(req);
                    d.label = saved.label;
                }
                effects.push(Effect::LoadDetail { pane, req, id });
            }
            Outcome::redraw(effects)
        }
        Err(failure) => {
            let form = match &mut app.mode {
                Mode::Form(form) if ours => form,
                // the form was closed while saving: say so rather than lose it
                _ => {
                    app.error(format!("a save did not go through: {}", failure.describe()));
                    return Outcome::redraw(vec![]);
                }
            };
            form.saving = None;
            match failure {
                SaveFailure::Invalid(errors) => invalid(form, errors),
                SaveFailure::Conflict(theirs) => conflict(form, *theirs),
                SaveFailure::Other(e) => {
                    form.message = Some((Level::Error, format!("Not saved: {e}")))
                }
            }
            Outcome::redraw(vec![])
        }
    }
}

/// The repository refused values: each reason goes next to its field.
fn invalid(form: &mut FormState, errors: Vec<(String, String)>) {
    form.attempted = true;
    let mut other = Vec::new();
    let mut labels = Vec::new();
    for (name, reason) in errors {
        match form.fields.iter_mut().find(|f| f.spec.name == name) {
            Some(f) => {
                labels.push(f.spec.label);
                f.server_error = Some(reason);
            }
            None => other.push(format!("{name}: {reason}")),
        }
    }
    if let Some(i) = form.fields.iter().position(|f| f.server_error.is_some()) {
        form.focus = i;
    }
    let mut text = format!("Not saved: the database refused {}", labels.join(", "));
    if !other.is_empty() {
        text = format!("Not saved: {}", other.join("; "));
    }
    form.message = Some((Level::Error, text));
}

/// Someone saved the record meanwhile: a field the user did not change (since the form opened, or
/// since the last conflict) takes their value, so saving writes only the user's own changes; a
/// field the user did change keeps the user's value with theirs shown beside it. The next save is
/// checked against their version, and "changed" is then measured from it.
fn conflict(form: &mut FormState, theirs: FormRecord) {
    let mut took = 0;
    for (i, value) in theirs.values.iter().enumerate() {
        let differs = form.fields.get(i).is_some_and(|f| !f.value.same(value));
        if differs && !form.changed_by_me(i) {
            form.fields[i].value = value.clone();
            form.fields[i].server_error = None;
            took += 1;
        }
    }
    form.revalidate();
    form.version = Some(theirs.version);
    form.original = theirs.values.clone();
    form.opened = theirs.values.clone();
    form.theirs = Some(theirs.values);
    let differ: Vec<usize> = (0..form.fields.len())
        .filter(|i| form.theirs_of(*i).is_some())
        .collect();
    if let Some(first) = differ.first() {
        form.focus = *first;
    }
    let text = match took {
        0 => format!(
            "Conflict: {} field(s) differ from their version {}; yours are kept",
            differ.len(),
            theirs.version
        ),
        n => format!(
            "Conflict (version {}): yours kept in {} field(s), theirs in {n} you left",
            theirs.version,
            differ.len()
        ),
    };
    form.message = Some((Level::Error, text));
}

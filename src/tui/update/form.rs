//! Forms: `n` opens a new record, `e` edits the selected (or open) one. Every change rebuilds the
//! draft and shows each field's error next to it; ctrl-s saves through the worker against the
//! version the form was read at; a conflict keeps the user's values and shows theirs beside them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{picker, Outcome};
use crate::domain::zone::Zone;
use crate::tui::effect::Effect;
use crate::tui::forms::{FormEffect, FormKind, InputKind, Ref, SaveRequest, Value};
use crate::tui::state::detail::DetailState;
use crate::tui::state::form::{Ask, FormState};
use crate::tui::state::{App, Level, Mode};

mod edit;
mod reply;
use edit::edit;
pub use reply::reply;
#[cfg(test)]
mod save_tests;
#[cfg(test)]
mod when_tests;

/// Where the form goes after a key.
pub(super) enum Next {
    Stay,
    Close,
    Help,
}

/// `n`: a new record of the current pane's kind.
pub fn open_new(app: &mut App) -> Vec<Effect> {
    let Some(kind) = FormKind::for_pane(app.pane) else {
        app.info(format!(
            "new {} records come with their own view; not available here yet",
            app.pane.title().to_lowercase()
        ));
        return vec![];
    };
    let mut values = kind.blank(owner_ref(app, kind.entity()));
    // a deal starts in the board's focused stage; on the activities pane a task is the default
    if kind == FormKind::Deal && app.board.shown {
        if let (Some(col), Some(i)) = (app.board.column(), kind.position("stage_id")) {
            values[i] = Value::Ref(Some(Ref {
                id: col.stage,
                label: col.name.clone(),
            }));
        }
    }
    if kind == FormKind::Activity {
        if let Some(i) = kind.position("kind") {
            values[i] = Value::text("task");
        }
    }
    app.mode = Mode::Form(new_form(kind, values, app.zone));
    vec![]
}

/// `A`: log an activity (a call by default) on the selected or open record of any pane.
pub fn open_log(app: &mut App) -> Vec<Effect> {
    let pane = DetailState::acting_pane(app.detail.as_ref(), app.pane);
    let selected = match &app.detail {
        Some(d) if d.pane == pane => Some((d.id, d.label.clone())),
        _ if pane == crate::tui::pane::PaneId::Deals && app.board.shown => {
            app.board.card().map(|c| (c.id, c.title.clone()))
        }
        _ => app
            .listing()
            .selected_row()
            .map(|r| (r.id, r.label.clone())),
    };
    let link = selected.map(|(id, label)| Ref { id, label });
    let mut links = crate::tui::forms::activity::Links {
        owner: owner_ref(app, crate::domain::Entity::Activities),
        ..Default::default()
    };
    match pane {
        crate::tui::pane::PaneId::Companies => links.company = link,
        crate::tui::pane::PaneId::Contacts => links.contact = link,
        crate::tui::pane::PaneId::Deals => links.deal = link,
        crate::tui::pane::PaneId::Activities => {}
    }
    let values = crate::tui::forms::activity::blank(crate::domain::ActivityKind::Call, links);
    let kind = FormKind::Activity;
    app.mode = Mode::Form(new_form(kind, values, app.zone));
    vec![]
}

/// A new record's form; a new activity starts on Subject, so typing at once writes the subject
/// rather than cycling the kind.
pub(super) fn new_form(kind: FormKind, values: Vec<Value>, zone: Zone) -> Box<FormState> {
    let mut form = FormState::new(kind, None, None, values, zone);
    if kind == FormKind::Activity {
        if let Some(i) = kind.position("subject") {
            form.focus = i;
            form.select_focused();
        }
    }
    Box::new(form)
}

/// `e`: edit the open record, or the selected row.
pub fn open_edit(app: &mut App) -> Vec<Effect> {
    let pane = DetailState::acting_pane(app.detail.as_ref(), app.pane);
    let Some(kind) = FormKind::for_pane(pane) else {
        app.info(format!(
            "editing {} comes with their own view; not available here yet",
            pane.title().to_lowercase()
        ));
        return vec![];
    };
    let id = match &app.detail {
        Some(d) if d.pane == pane => Some(d.id),
        _ if pane == crate::tui::pane::PaneId::Deals && app.board.shown => {
            app.board.card().map(|c| c.id)
        }
        _ if pane == crate::tui::pane::PaneId::Activities && app.timeline.shown => {
            app.timeline.item().map(|i| i.id)
        }
        _ => app.listing().selected_row().map(|r| r.id),
    };
    let Some(id) = id else {
        app.info("nothing to edit: no record is selected");
        return vec![];
    };
    let req = app.req();
    app.mode = Mode::Form(Box::new(FormState::loading(kind, id, req, app.zone)));
    vec![Effect::Form(FormEffect::Load { kind, req, id })]
}

pub fn key(app: &mut App, key: KeyEvent) -> Outcome {
    let Mode::Form(mut form) = std::mem::replace(&mut app.mode, Mode::Normal) else {
        return Outcome::nothing();
    };
    let (next, effects) = if form.ask.is_some() {
        ask_key(app, &mut form, key)
    } else if form.picker.is_some() {
        (Next::Stay, picker::key(app, &mut form, key))
    } else {
        form_key(app, &mut form, key)
    };
    match next {
        Next::Stay => app.mode = Mode::Form(form),
        Next::Close => {}
        Next::Help => app.mode = Mode::Help(Box::new(Mode::Form(form))),
    }
    Outcome::redraw(effects)
}

fn form_key(app: &mut App, form: &mut FormState, key: KeyEvent) -> (Next, Vec<Effect>) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let was = form.focus;
    let selected = form.selected.take() == Some(form.focus);
    form.message = None;
    if form.loading.is_some() || form.load_error.is_some() {
        return match key.code {
            KeyCode::Esc => (Next::Close, vec![]),
            KeyCode::Char('c') if ctrl => (Next::Close, vec![]),
            KeyCode::Char('?') => (Next::Help, vec![]),
            _ => (Next::Stay, vec![]),
        };
    }
    let kind = form.focused_kind();
    let effects = match key.code {
        KeyCode::Esc => return escape(app, form),
        KeyCode::Char('c') if ctrl => {
            let (next, effects) = escape(app, form);
            if matches!(next, Next::Close) && form.theirs.is_none() {
                app.info(format!("Closed {} (nothing to save)", form.label()));
            }
            return (next, effects);
        }
        KeyCode::Char('?') if !kind.is_some_and(InputKind::takes_text) => {
            return (Next::Help, vec![])
        }
        KeyCode::Char('s') if ctrl => return save(app, form),
        KeyCode::Char('t') if ctrl => {
            take_theirs(form, &[form.focus]);
            vec![]
        }
        KeyCode::Tab | KeyCode::Down => {
            form.focus = (form.focus + 1) % (form.fields.len() + 1);
            vec![]
        }
        KeyCode::BackTab | KeyCode::Up => {
            let n = form.fields.len() + 1;
            form.focus = (form.focus + n - 1) % n;
            vec![]
        }
        KeyCode::Enter => match kind {
            Some(InputKind::Ref(r)) => picker::open(app, form, r, ""),
            // Enter on the Save line or the last field saves
            None => return save(app, form),
            Some(_) if form.focus + 1 == form.fields.len() => return save(app, form),
            Some(_) => {
                form.focus += 1;
                vec![]
            }
        },
        KeyCode::Char('p') if ctrl => match kind {
            Some(InputKind::Ref(r)) => picker::open(app, form, r, ""),
            _ => vec![],
        },
        KeyCode::Char('e') if ctrl && kind == Some(InputKind::Notes) => {
            vec![Effect::EditText {
                text: form.fields[form.focus].value.raw(),
            }]
        }
        _ => edit(app, form, key, selected),
    };
    if form.focus != was {
        form.select_focused();
    }
    (Next::Stay, effects)
}

/// Esc: close, asking first when there are unsaved changes.
fn escape(app: &mut App, form: &mut FormState) -> (Next, Vec<Effect>) {
    if form.is_dirty() {
        form.ask = Some(Ask::Discard);
        return (Next::Stay, vec![]);
    }
    if form.theirs.is_some() {
        app.info(format!("Kept their version of {}", form.label()));
    }
    (Next::Close, vec![])
}

fn ask_key(app: &mut App, form: &mut FormState, key: KeyEvent) -> (Next, Vec<Effect>) {
    form.ask = None;
    if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
        let what = if form.theirs.is_some() {
            "kept their version"
        } else {
            "nothing saved"
        };
        app.info(format!(
            "Discarded your changes to {} ({what})",
            form.label()
        ));
        return (Next::Close, vec![]);
    }
    form.message = Some((Level::Info, "Still editing".into()));
    (Next::Stay, vec![])
}

/// Replace fields with their value from the conflicting save.
fn take_theirs(form: &mut FormState, fields: &[usize]) {
    let taken: Vec<(usize, Value)> = fields
        .iter()
        .filter_map(|i| form.theirs_of(*i).map(|v| (*i, v.clone())))
        .collect();
    if taken.is_empty() {
        form.message = Some((Level::Info, "No other version to take here".into()));
        return;
    }
    for (i, v) in &taken {
        form.fields[*i].value = v.clone();
        form.changed(*i);
    }
    form.message = Some((
        Level::Info,
        format!("Took their value for {} field(s)", taken.len()),
    ));
}

/// ctrl-s: refuse while a field is invalid (saying which), else ask the worker to save.
fn save(app: &mut App, form: &mut FormState) -> (Next, Vec<Effect>) {
    if form.saving.is_some() {
        form.message = Some((Level::Info, "Still saving…".into()));
        return (Next::Stay, vec![]);
    }
    form.attempted = true;
    let built = form.kind.build(&form.values(), form.zone);
    let bad: Vec<usize> = (0..form.fields.len())
        .filter(|i| form.fields[*i].error.is_some() || form.fields[*i].server_error.is_some())
        .collect();
    if !bad.is_empty() || built.draft.is_none() {
        let names: Vec<&str> = bad.iter().map(|i| form.fields[*i].spec.label).collect();
        form.message = Some((
            Level::Error,
            format!(
                "Not saved: {} {} to fix — {}",
                bad.len(),
                if bad.len() == 1 { "field" } else { "fields" },
                names.join(", ")
            ),
        ));
        if let Some(first) = bad.first() {
            form.focus = *first;
        }
        return (Next::Stay, vec![]);
    }
    let Some(draft) = built.draft else {
        return (Next::Stay, vec![]);
    };
    if !form.is_new() && !form.is_dirty() && form.theirs.is_none() {
        app.info(format!("No changes to {}", form.label()));
        return (Next::Close, vec![]);
    }
    let req = app.req();
    form.saving = Some(req);
    form.message = Some((Level::Info, "Saving…".into()));
    let request = SaveRequest {
        req,
        kind: form.kind,
        id: form.id,
        version: form.version,
        draft,
        tags: built.tags,
        tags_before: form
            .kind
            .position("tags")
            .and_then(|i| form.original.get(i))
            .map(|v| crate::tui::forms::tags(&v.raw(), &mut Vec::new()))
            .unwrap_or_default(),
        label: form.label(),
    };
    (
        Next::Stay,
        vec![Effect::Form(FormEffect::Save(Box::new(request)))],
    )
}

/// The default owner of a new `entity` record (`app::owner`, the CLI's rule too), shown by
/// name (else email).
fn owner_ref(app: &App, entity: crate::domain::Entity) -> Option<Ref> {
    crate::app::owner::default_owner(entity, app.me).map(|id| Ref {
        id: id.id(),
        label: app
            .me_name
            .clone()
            .or_else(|| app.user.clone())
            .unwrap_or_else(|| "me".into()),
    })
}

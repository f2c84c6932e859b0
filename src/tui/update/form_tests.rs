//! Forms without a terminal or a database: typing and inline validation, the picker (stale
//! replies dropped), Esc asking, `$EDITOR` notes. Saving and conflicts: `form/save_tests.rs`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::domain::{Id, UserId};
use crate::tui::forms::{
    Candidate, FormAction, FormDraft, FormEffect, FormKind, Ref, SaveRequest, Value,
};
use crate::tui::keymap::Keymap;
use crate::tui::state::form::FormState;

pub(super) fn app() -> App {
    let mut a = App::new(
        "sqlite".into(),
        "/tmp/x.db".into(),
        Some("ada@example.com".into()),
        Keymap::default(),
    );
    a.me = Some(UserId(Id(uuid::Uuid::from_u128(99))));
    a
}

pub(super) fn press(a: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Outcome {
    update(a, Action::Key(KeyEvent::new(code, modifiers)))
}

pub(super) fn key(a: &mut App, c: char) -> Outcome {
    press(a, KeyCode::Char(c), KeyModifiers::NONE)
}

pub(super) fn ctrl(a: &mut App, c: char) -> Outcome {
    press(a, KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub(super) fn code(a: &mut App, c: KeyCode) -> Outcome {
    press(a, c, KeyModifiers::NONE)
}

pub(super) fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        key(a, c);
    }
}

pub(super) fn form(a: &App) -> &FormState {
    match &a.mode {
        Mode::Form(f) => f,
        other => panic!("no form open: {other:?}"),
    }
}

pub(super) fn focus(a: &mut App, name: &str) {
    let Mode::Form(f) = &mut a.mode else {
        panic!("no form")
    };
    f.focus = f.kind.position(name).unwrap();
}

pub(super) fn field<'a>(a: &'a App, name: &str) -> &'a crate::tui::state::form::Field {
    let f = form(a);
    &f.fields[f.kind.position(name).unwrap()]
}

pub(super) fn id(n: u128) -> Id {
    Id(uuid::Uuid::from_u128(n))
}

pub(super) fn save_request(out: &Outcome) -> SaveRequest {
    match out.effects.as_slice() {
        [Effect::Form(FormEffect::Save(r))] => (**r).clone(),
        other => panic!("expected one save, got {other:?}"),
    }
}

#[test]
fn typing_validates_inline_and_refuses_to_save_naming_the_fields() {
    let mut a = app();
    key(&mut a, 'n');
    assert_eq!(form(&a).kind, FormKind::Company);
    // the owner defaults to the acting user
    assert!(
        matches!(&field(&a, "owner_id").value, Value::Ref(Some(r)) if r.label == "ada@example.com")
    );
    // a blank name is invalid but not shown until touched or saved
    assert_eq!(field(&a, "name").error.as_deref(), Some("is required"));
    assert!(form(&a).shown_errors().is_empty());
    typed(&mut a, "Acme Ltd");
    assert_eq!(field(&a, "name").error, None);
    focus(&mut a, "email");
    typed(&mut a, "ada@");
    assert!(field(&a, "email").error.is_some());
    assert_eq!(form(&a).shown_errors().len(), 1, "shown as it is typed");
    focus(&mut a, "employee_count");
    typed(&mut a, "many");
    let out = ctrl(&mut a, 's');
    assert!(out.effects.is_empty(), "refused: {:?}", out.effects);
    let (_, msg) = form(&a).message.clone().unwrap();
    assert!(msg.contains("2 fields to fix — Email, Employees"), "{msg}");
    assert_eq!(form(&a).focus, form(&a).kind.position("email").unwrap());
    // fix both; a choice cycles with → and shows its values
    ctrl(&mut a, 'u');
    typed(&mut a, "ada@acme.example");
    focus(&mut a, "employee_count");
    ctrl(&mut a, 'u');
    typed(&mut a, "120");
    focus(&mut a, "status");
    code(&mut a, KeyCode::Right);
    assert_eq!(field(&a, "status").value.raw(), "prospect");
    key(&mut a, 'c');
    assert_eq!(field(&a, "status").value.raw(), "customer");
    focus(&mut a, "tags");
    typed(&mut a, "vip, key-account, vip");
    let r = save_request(&ctrl(&mut a, 's'));
    let FormDraft::Company(d) = r.draft else {
        panic!("{:?}", r.draft)
    };
    assert_eq!(d.name, "Acme Ltd");
    assert_eq!(d.email.as_deref(), Some("ada@acme.example"));
    assert_eq!(d.employee_count, Some(120));
    assert_eq!(d.status, crate::domain::CompanyStatus::Customer);
    assert_eq!(r.tags, vec!["vip", "key-account"]);
    assert!(r.tags_before.is_empty(), "a new record had no tags");
    assert_eq!((r.id, r.version), (None, None));
    // a second ctrl-s while saving sends nothing
    assert!(ctrl(&mut a, 's').effects.is_empty());
}

#[test]
fn the_picker_ranks_fuzzily_and_drops_stale_replies() {
    let mut a = app();
    update(&mut a, key_action('2'));
    key(&mut a, 'n');
    assert_eq!(form(&a).kind, FormKind::Contact);
    focus(&mut a, "company_id");
    let first = code(&mut a, KeyCode::Enter);
    let req = |out: &Outcome| match out.effects.as_slice() {
        [Effect::Form(FormEffect::Pick { req, query, .. })] => (*req, query.clone()),
        other => panic!("{other:?}"),
    };
    let (r1, q1) = req(&first);
    assert_eq!(q1, "");
    let (r2, q2) = req(&key(&mut a, 'a'));
    assert_eq!(q2, "a");
    let (r3, q3) = req(&key(&mut a, 'l'));
    assert_eq!(q3, "al");
    assert!(r1 < r2 && r2 < r3);
    let cand = |n: u128, label: &str, detail: &str| Candidate {
        id: id(n),
        label: label.into(),
        detail: detail.into(),
    };
    let fresh = vec![
        cand(1, "Globex", "globex.example"),
        cand(2, "Acme Ltd", "acme.example"),
        cand(3, "Alpine Tools", "alpine.example"),
    ];
    // an older reply arrives after the newest: dropped without a redraw
    let picked = |req, list: Vec<Candidate>| {
        Action::Form(FormAction::Picked {
            req,
            result: Ok(list),
        })
    };
    assert!(update(&mut a, picked(r3, fresh.clone())).redraw);
    assert!(!update(&mut a, picked(r2, vec![cand(9, "Stale Co", "")])).redraw);
    assert!(!update(&mut a, picked(r1, vec![cand(9, "Stale Co", "")])).redraw);
    let p = form(&a).picker.clone().unwrap();
    assert!(!p.pending);
    assert_eq!(p.candidates.len(), 3);
    // "al": Alpine Tools is the best match
    let names: Vec<&str> = p
        .ranked
        .iter()
        .map(|i| p.candidates[*i].label.as_str())
        .collect();
    assert_eq!(names[0], "Alpine Tools", "{names:?}");
    // typing re-ranks what is there at once
    typed(&mut a, "td");
    let p = form(&a).picker.clone().unwrap();
    assert_eq!(p.chosen().unwrap().label, "Acme Ltd");
    code(&mut a, KeyCode::Enter);
    assert!(form(&a).picker.is_none());
    assert_eq!(
        field(&a, "company_id").value,
        Value::Ref(Some(Ref {
            id: id(2),
            label: "Acme Ltd".into()
        }))
    );
    // Esc cancels and keeps the value; ctrl-d clears it
    code(&mut a, KeyCode::Enter);
    code(&mut a, KeyCode::Esc);
    assert!(matches!(
        &field(&a, "company_id").value,
        Value::Ref(Some(_))
    ));
    code(&mut a, KeyCode::Enter);
    ctrl(&mut a, 'd');
    assert_eq!(field(&a, "company_id").value, Value::Ref(None));
    // typing on the field opens the picker with that letter
    let out = key(&mut a, 'g');
    assert_eq!(req(&out).1, "g");
    // Backspace on an empty query clears and closes
    code(&mut a, KeyCode::Backspace);
    code(&mut a, KeyCode::Backspace);
    assert!(form(&a).picker.is_none());
}

pub(super) fn key_action(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

#[test]
fn esc_with_unsaved_changes_asks_first() {
    let mut a = app();
    key(&mut a, 'n');
    code(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal, "nothing typed: closes at once");
    key(&mut a, 'n');
    typed(&mut a, "Acme");
    code(&mut a, KeyCode::Esc);
    assert!(form(&a).ask.is_some());
    key(&mut a, 'x');
    assert!(form(&a).ask.is_none(), "anything but y keeps editing");
    assert_eq!(field(&a, "name").value.raw(), "Acme");
    code(&mut a, KeyCode::Esc);
    key(&mut a, 'y');
    assert_eq!(a.mode, Mode::Normal);
    assert!(a.message.unwrap().1.contains("Discarded"));
}

#[test]
fn ctrl_c_cancels_a_form_like_esc() {
    let mut a = app();
    key(&mut a, 'n');
    ctrl(&mut a, 'c');
    assert_eq!(a.mode, Mode::Normal, "nothing typed: closes at once");
    key(&mut a, 'n');
    typed(&mut a, "Acme");
    ctrl(&mut a, 'c');
    assert!(form(&a).ask.is_some(), "unsaved changes: asks first");
    key(&mut a, 'n');
    assert_eq!(field(&a, "name").value.raw(), "Acme");
    ctrl(&mut a, 'c');
    key(&mut a, 'y');
    assert_eq!(a.mode, Mode::Normal);
    assert!(a.message.unwrap().1.contains("Discarded"));
}

#[test]
fn new_activity_forms_start_on_subject() {
    let mut a = app();
    a.pane = crate::tui::pane::PaneId::Activities;
    key(&mut a, 'n');
    typed(&mut a, "Call back");
    assert_eq!(field(&a, "subject").value.raw(), "Call back");
    assert_eq!(field(&a, "kind").value.raw(), "task", "the kind stays");
    code(&mut a, KeyCode::Esc);
    key(&mut a, 'y');
    key(&mut a, 'A');
    typed(&mut a, "Quick call");
    assert_eq!(field(&a, "subject").value.raw(), "Quick call");
    assert_eq!(field(&a, "kind").value.raw(), "call");
}

#[test]
fn notes_go_to_the_editor_through_the_loop_and_come_back() {
    let mut a = app();
    key(&mut a, 'n');
    focus(&mut a, "notes");
    typed(&mut a, "short");
    let out = ctrl(&mut a, 'e');
    assert_eq!(
        out.effects,
        vec![Effect::EditText {
            text: "short".into()
        }]
    );
    update(
        &mut a,
        Action::Form(FormAction::NotesEdited(Ok("long\nnotes".into()))),
    );
    assert_eq!(field(&a, "notes").value.raw(), "long\nnotes");
    update(
        &mut a,
        Action::Form(FormAction::NotesEdited(Err(
            "the editor 'vi' exited with 1".into(),
        ))),
    );
    assert!(form(&a).message.as_ref().unwrap().1.contains("exited"));
    assert_eq!(field(&a, "notes").value.raw(), "long\nnotes");
    // ctrl-e elsewhere is the input's End key, not the editor
    focus(&mut a, "name");
    assert!(ctrl(&mut a, 'e').effects.is_empty());
}

#[test]
fn every_pane_has_a_form_and_help_shows_over_them() {
    let mut a = app();
    update(&mut a, key_action('3'));
    key(&mut a, 'n');
    assert!(matches!(&a.mode, Mode::Form(f) if f.kind == FormKind::Deal));
    // a deal needs a title and a stage
    assert!(field(&a, "stage_id").error.is_some());
    update(
        &mut a,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    a.mode = Mode::Normal;
    update(&mut a, key_action('4'));
    key(&mut a, 'n');
    assert!(matches!(&a.mode, Mode::Form(f) if f.kind == FormKind::Activity));
    assert_eq!(field(&a, "kind").value.raw(), "task");
    a.mode = Mode::Normal;
    update(&mut a, key_action('2'));
    key(&mut a, 'n');
    focus(&mut a, "is_primary");
    key(&mut a, ' ');
    assert_eq!(field(&a, "is_primary").value, Value::Bool(true));
    assert!(field(&a, "is_primary").error.is_some(), "needs a company");
    key(&mut a, '?');
    assert!(matches!(&a.mode, Mode::Help(under) if matches!(**under, Mode::Form(_))));
    key(&mut a, 'x');
    assert!(
        matches!(a.mode, Mode::Form(_)),
        "help closes back to the form"
    );
}

#[test]
fn the_welcome_screens_n_starts_a_company() {
    let mut a = app();
    start(&mut a);
    update(
        &mut a,
        Action::SummaryLoaded(Ok(crate::tui::state::Summary::default())),
    );
    assert_eq!(a.mode, Mode::Welcome);
    key(&mut a, 'n');
    assert_eq!(form(&a).kind, FormKind::Company);
}

#[test]
fn the_welcome_screens_question_mark_opens_the_help() {
    let mut a = app();
    start(&mut a);
    update(
        &mut a,
        Action::SummaryLoaded(Ok(crate::tui::state::Summary::default())),
    );
    assert_eq!(a.mode, Mode::Welcome);
    key(&mut a, '?');
    assert!(
        matches!(&a.mode, Mode::Help(under) if **under == Mode::Welcome),
        "{:?}",
        a.mode
    );
    // any key closes the help, back on the welcome screen (not the tables)
    key(&mut a, 'x');
    assert_eq!(a.mode, Mode::Welcome);
}

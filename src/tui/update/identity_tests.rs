//! The "who are you?" flow without a terminal or a database.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::tests::{app, code, key};
use super::super::{start, update};
use super::*;
use crate::domain::zone::Zone;
use crate::domain::{Id, Role, UserId};
use crate::tui::state::identity::{Choices, IdentityPicker};
use crate::tui::state::Summary;

const SOME: Summary = Summary {
    companies: 3,
    contacts: 0,
    deals: 0,
    activities: 0,
};

fn asking() -> App {
    let mut a = app();
    a.ask_identity = true;
    a
}

fn picker(a: &App) -> &IdentityPicker {
    match &a.mode {
        Mode::Identity(p) => p,
        other => panic!("not the picker: {other:?}"),
    }
}

fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        update(a, key(c));
    }
}

fn users() -> Choices {
    picker_with(
        &[
            ("Avery Chen", "avery.chen@rolo.example"),
            ("Jordan Patel", "jordan.patel@rolo.example"),
            ("李小龍 🐉", "lee@rolo.example"),
        ],
        3,
    )
    .choices
    .unwrap()
}

fn chosen(id: Id, added: bool, saved: Result<String, String>) -> Chosen {
    Chosen {
        id: UserId(id),
        name: "Jordan Patel".into(),
        email: "jordan.patel@rolo.example".into(),
        role: Role::SalesRep,
        zone: Zone::Local,
        added,
        saved,
    }
}

#[test]
fn a_start_without_a_user_asks_who_you_are_once() {
    let mut a = asking();
    start(&mut a);
    let out = update(&mut a, Action::SummaryLoaded(Ok(SOME)));
    assert!(matches!(a.mode, Mode::Identity(_)), "{:?}", a.mode);
    assert_eq!(out.effects, vec![Effect::Identity(IdentityEffect::Load)]);
    // skipping says edits are anonymous, and it is not asked again
    update(&mut a, code(KeyCode::Esc));
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.message, Some((Level::Info, SKIPPED.to_string())));
    update(&mut a, Action::SummaryLoaded(Ok(SOME)));
    assert_eq!(a.mode, Mode::Normal);

    // with a user (or on PostgreSQL) nothing is asked
    let mut a = app();
    update(&mut a, Action::SummaryLoaded(Ok(SOME)));
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn the_welcome_screen_asks_as_it_closes() {
    let mut a = asking();
    update(&mut a, Action::SummaryLoaded(Ok(Summary::default())));
    assert_eq!(a.mode, Mode::Welcome, "an empty database welcomes first");
    update(&mut a, code(KeyCode::Esc));
    assert!(matches!(a.mode, Mode::Identity(_)), "{:?}", a.mode);
    // `i` on the welcome screen asks too, with or without the flag
    let mut a = app();
    update(&mut a, Action::SummaryLoaded(Ok(Summary::default())));
    update(&mut a, key('i'));
    assert!(matches!(a.mode, Mode::Identity(_)), "{:?}", a.mode);
}

#[test]
fn typing_narrows_the_users_and_enter_chooses_one() {
    let mut a = app();
    let effects = super::super::command::run(&mut a, "user");
    assert_eq!(effects, vec![Effect::Identity(IdentityEffect::Load)]);
    update(
        &mut a,
        Action::Identity(IdentityAction::Loaded(Ok(users()))),
    );
    assert_eq!(picker(&a).ranked.len(), 3);
    typed(&mut a, "jord");
    let p = picker(&a);
    assert_eq!(p.chosen().map(|c| c.label.as_str()), Some("Jordan Patel"));
    let id = p.chosen().unwrap().id;
    let out = update(&mut a, code(KeyCode::Enter));
    assert_eq!(
        out.effects,
        vec![Effect::Identity(IdentityEffect::Choose(UserId(id)))]
    );
    assert!(picker(&a).saving);
    // keys wait while the choice is saved
    assert_eq!(update(&mut a, key('x')), Outcome::nothing());

    let out = update(
        &mut a,
        Action::Identity(IdentityAction::Chosen(Ok(chosen(
            id,
            false,
            Ok("/home/j/.config/rolo/config.toml".into()),
        )))),
    );
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.me, Some(UserId(id)));
    assert_eq!(a.user.as_deref(), Some("jordan.patel@rolo.example"));
    assert_eq!(a.me_name.as_deref(), Some("Jordan Patel"));
    assert!(a.timeline.mine);
    let (level, text) = a.message.clone().unwrap();
    assert_eq!(level, Level::Info);
    assert!(text.contains("You are Jordan Patel"), "{text}");
    assert!(
        text.contains("remembered in /home/j/.config/rolo/config.toml"),
        "{text}"
    );
    // what is on screen is read again as them
    assert!(out
        .effects
        .iter()
        .any(|e| matches!(e, Effect::LoadRows { .. })));
}

#[test]
fn a_choice_that_could_not_be_remembered_says_so() {
    let mut a = app();
    a.mode = Mode::Identity(Box::new(picker_with(&[("Jordan Patel", "j@x.example")], 1)));
    let id = Id(uuid::Uuid::from_u128(1));
    update(
        &mut a,
        Action::Identity(IdentityAction::Chosen(Ok(chosen(
            id,
            false,
            Err("configuration: /ro/config.toml: cannot write: Permission denied".into()),
        )))),
    );
    let (level, text) = a.message.clone().unwrap();
    assert_eq!(level, Level::Error);
    assert!(text.contains("for this session only"), "{text}");
    assert!(text.contains("Permission denied"), "{text}");
    assert_eq!(a.me, Some(UserId(id)));
}

#[test]
fn adding_yourself_checks_the_fields_and_shows_the_role() {
    let mut a = app();
    a.mode = Mode::Identity(Box::new(picker_with(&[], 0)));
    assert_eq!(picker(&a).new_role(), Role::Admin);
    typed(&mut a, "Ada");
    // no user matches: the selection is on "add yourself", and the query becomes the name
    update(&mut a, code(KeyCode::Enter));
    let new = picker(&a).adding.clone().expect("adding");
    assert_eq!(new.name.text, "Ada");
    assert_eq!(new.focus, 0);
    update(&mut a, code(KeyCode::Enter));
    typed(&mut a, "not-an-email");
    let out = update(&mut a, code(KeyCode::Enter));
    assert!(out.effects.is_empty());
    let err = picker(&a).adding.as_ref().unwrap().error.clone().unwrap();
    assert!(err.contains("email"), "{err}");
    // fixing it clears the error; Enter adds
    for _ in 0.."not-an-email".len() {
        update(&mut a, code(KeyCode::Backspace));
    }
    typed(&mut a, "ada@example.com");
    assert_eq!(picker(&a).adding.as_ref().unwrap().error, None);
    let out = update(&mut a, code(KeyCode::Enter));
    assert_eq!(
        out.effects,
        vec![Effect::Identity(IdentityEffect::AddSelf {
            name: "Ada".into(),
            email: "ada@example.com".into()
        })]
    );
    // the database refused (the email is taken): the form says why and stays
    update(
        &mut a,
        Action::Identity(IdentityAction::Chosen(Err(
            "a user with email ada@example.com exists".into(),
        ))),
    );
    let p = picker(&a);
    assert!(!p.saving);
    assert!(p
        .adding
        .as_ref()
        .unwrap()
        .error
        .as_deref()
        .unwrap()
        .contains("exists"));
    // Esc goes back to the list, Esc again skips
    update(&mut a, code(KeyCode::Esc));
    assert!(picker(&a).adding.is_none());
    update(&mut a, code(KeyCode::Esc));
    assert_eq!(a.mode, Mode::Normal);

    // with users there already, whoever adds themselves is a sales rep
    assert_eq!(
        picker_with(&[("A", "a@x.example")], 1).new_role(),
        Role::SalesRep
    );
}

#[test]
fn read_only_mode_may_choose_but_not_add() {
    let mut a = app();
    a.read_only = true;
    a.mode = Mode::Identity(Box::new(picker_with(&[], 0)));
    update(&mut a, code(KeyCode::Enter));
    typed(&mut a, "Ada");
    update(&mut a, code(KeyCode::Tab));
    typed(&mut a, "ada@example.com");
    let out = update(&mut a, code(KeyCode::Enter));
    assert!(out.effects.is_empty());
    let err = picker(&a).adding.as_ref().unwrap().error.clone().unwrap();
    assert!(err.contains("read-only"), "{err}");
}

#[test]
fn moving_stops_at_the_add_row_and_the_top() {
    let mut p = picker_with(&[("A", "a@x.example"), ("B", "b@x.example")], 2);
    p.step(-1);
    assert_eq!(p.selected, 0);
    p.step(10);
    assert_eq!(p.selected, 2, "the add-yourself row");
    assert_eq!(p.chosen(), None);
    let mut a = app();
    a.mode = Mode::Identity(Box::new(p));
    update(
        &mut a,
        Action::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL)),
    );
    assert_eq!(picker(&a).selected, 1);
}

#[test]
fn the_first_anonymous_write_says_so_once() {
    let mut a = app();
    a.anonymous = AnonymousNote::NotYet;
    a.info("Saved Acme");
    let save = Effect::Delete {
        pane: crate::tui::pane::PaneId::Companies,
        id: Id(uuid::Uuid::from_u128(9)),
        version: 1,
        label: "Acme".into(),
    };
    note_anonymous(&mut a, false, std::slice::from_ref(&save));
    assert_eq!(a.anonymous, AnonymousNote::Due);
    // a failed write keeps the note for the next one
    a.error("could not delete");
    note_anonymous(&mut a, true, &[]);
    assert_eq!(a.anonymous, AnonymousNote::Due);
    a.info("Deleted Acme (u undoes)");
    note_anonymous(&mut a, true, &[]);
    assert_eq!(
        a.message,
        Some((
            Level::Info,
            format!("Deleted Acme (u undoes) · {ANONYMOUS_WRITE}")
        ))
    );
    assert_eq!(a.anonymous, AnonymousNote::Said);
    // once
    note_anonymous(&mut a, false, std::slice::from_ref(&save));
    a.info("Deleted Beta");
    note_anonymous(&mut a, true, &[]);
    assert_eq!(a.message, Some((Level::Info, "Deleted Beta".into())));

    // with an acting user, never
    let mut a = app();
    a.anonymous = AnonymousNote::NotYet;
    a.me = Some(UserId(Id(uuid::Uuid::from_u128(1))));
    note_anonymous(&mut a, false, std::slice::from_ref(&save));
    assert_eq!(a.anonymous, AnonymousNote::NotYet);
}

#[test]
fn the_note_rides_on_the_reply_of_a_real_write() {
    let mut a = app();
    a.anonymous = AnonymousNote::NotYet;
    let id = Id(uuid::Uuid::from_u128(9));
    a.mode = Mode::Confirm(crate::tui::state::prompt::Prompt::delete_record(
        crate::tui::pane::PaneId::Companies,
        id,
        1,
        "Acme".into(),
    ));
    update(&mut a, key('y'));
    assert_eq!(a.anonymous, AnonymousNote::Due);
    update(
        &mut a,
        Action::Deleted {
            pane: crate::tui::pane::PaneId::Companies,
            id,
            label: "Acme".into(),
            result: Ok(()),
        },
    );
    let (_, text) = a.message.clone().unwrap();
    assert!(text.ends_with(ANONYMOUS_WRITE), "{text}");
}

#[test]
fn users_lists_everyone_and_enter_opens_the_user_form() {
    use crate::tui::forms::{FormEffect, FormKind};
    let mut a = app();
    let effects = super::super::command::run(&mut a, "users");
    assert_eq!(effects, vec![Effect::Identity(IdentityEffect::LoadAll)]);
    assert!(picker(&a).manage);
    update(
        &mut a,
        Action::Identity(IdentityAction::Loaded(Ok(users()))),
    );
    typed(&mut a, "jord");
    let id = picker(&a).chosen().unwrap().id;
    let out = update(&mut a, code(KeyCode::Enter));
    let Mode::Form(f) = &a.mode else {
        panic!("{:?}", a.mode)
    };
    assert_eq!((f.kind, f.id), (FormKind::User, Some(id)));
    assert!(matches!(
        out.effects.as_slice(),
        [Effect::Form(FormEffect::Load { kind: FormKind::User, id: i, .. })] if *i == id
    ));
    // nobody's identity changed
    assert_eq!(a.me, None);

    // the last row: a new user, named as typed
    let mut a = app();
    super::super::command::run(&mut a, "users");
    update(
        &mut a,
        Action::Identity(IdentityAction::Loaded(Ok(users()))),
    );
    typed(&mut a, "Rita Rep");
    update(&mut a, code(KeyCode::Enter));
    let Mode::Form(f) = &a.mode else {
        panic!("{:?}", a.mode)
    };
    assert_eq!((f.kind, f.id), (FormKind::User, None));
    assert_eq!(FormKind::User.label(&f.values()), "Rita Rep");
    // Esc closes the list quietly
    let mut a = app();
    super::super::command::run(&mut a, "users");
    update(&mut a, code(KeyCode::Esc));
    assert_eq!((a.mode.clone(), a.message.clone()), (Mode::Normal, None));
}

#[test]
fn users_refused_says_the_rule_and_closes() {
    let mut a = app();
    super::super::command::run(&mut a, "users");
    update(
        &mut a,
        Action::Identity(IdentityAction::Loaded(Err(
            "not permitted: Jordan Patel is sales_rep; users are managed by admin only".into(),
        ))),
    );
    assert_eq!(a.mode, Mode::Normal);
    let (level, text) = a.message.clone().unwrap();
    assert_eq!(level, Level::Error);
    assert!(text.contains("managed by admin only"), "{text}");
}

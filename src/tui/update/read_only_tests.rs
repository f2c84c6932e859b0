//! Read-only mode: every write key shows why it is refused and asks nothing of the database;
//! reading keys work as before.

use super::tests::{app, code, key, loaded, row_reqs};
use super::*;
use crate::tui::state::Level;

fn read_only_app() -> App {
    let mut a = app();
    a.read_only = true;
    let effects = start(&mut a);
    loaded(&mut a, row_reqs(&effects)[0], "acme");
    a
}

fn refused(a: &mut App, action: Action, what: &str) {
    let out = update(a, action);
    assert!(out.effects.is_empty(), "{what}: {:?}", out.effects);
    assert_eq!(a.mode, Mode::Normal, "{what}: no form or question opens");
    match &a.message {
        Some((Level::Error, m)) => {
            assert!(m.starts_with("read-only mode: "), "{what}: {m}");
            assert!(m.contains(what), "{what}: {m}");
        }
        other => panic!("{what}: no refusal shown: {other:?}"),
    }
}

#[test]
fn write_keys_are_refused_with_a_reason() {
    let mut a = read_only_app();
    for (c, what) in [
        ('n', "creating a record"),
        ('e', "editing a record"),
        ('d', "deleting a record"),
        ('u', "undoing a change"),
        ('A', "logging an activity"),
    ] {
        refused(&mut a, key(c), what);
    }
    // an open record: delete is refused there too
    update(&mut a, code(crossterm::event::KeyCode::Enter));
    refused(&mut a, key('d'), "deleting a record");
    update(&mut a, code(crossterm::event::KeyCode::Esc));
    // the activities pane: marking done
    update(&mut a, key('4'));
    refused(&mut a, key('x'), "marking an activity done");
}

#[test]
fn the_board_and_the_stages_screen_refuse_their_writes() {
    let mut a = read_only_app();
    update(&mut a, key('3'));
    assert!(a.board_active());
    for c in ['L', 'H', 'W', 'X'] {
        refused(&mut a, key(c), "moving a deal");
    }
    update(&mut a, key('P'));
    assert!(a.stages_active());
    refused(&mut a, key('n'), "adding a stage");
    refused(&mut a, key('J'), "reordering the stages");
    refused(&mut a, key('x'), "(de)activating a stage");
    refused(&mut a, key('d'), "deleting a stage");
}

#[test]
fn saving_a_view_is_refused_and_reading_keys_still_work() {
    let mut a = read_only_app();
    update(&mut a, key(':'));
    for c in "save mine".chars() {
        update(&mut a, key(c));
    }
    refused(
        &mut a,
        code(crossterm::event::KeyCode::Enter),
        "saving a view",
    );
    // moving and filtering are reads: they ask the database as usual
    let out = update(&mut a, key('/'));
    assert!(matches!(a.mode, Mode::Filter(_)), "{:?}", out.effects);
    let typed = update(&mut a, key('a'));
    assert!(!row_reqs(&typed.effects).is_empty());
}

#[test]
fn the_same_keys_write_when_not_read_only() {
    let mut a = read_only_app();
    a.read_only = false;
    update(&mut a, key('n'));
    assert!(matches!(a.mode, Mode::Form(_)), "{:?}", a.message);
}

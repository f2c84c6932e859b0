//! The stages screen through `update`: opening it, moving a stage, (de)activating, deleting
//! (asked, and refused for a stage holding deals), replies, and Esc back to a reloaded board.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::domain::Id;
use crate::tui::action::StageFailure;
use crate::tui::effect::StageChange;
use crate::tui::forms::{FormEffect, FormKind};
use crate::tui::state::stages::StageRow;
use crate::tui::state::Level;

fn app() -> App {
    super::tests::app()
}

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(c_code(c), KeyModifiers::NONE))
}

fn c_code(c: char) -> KeyCode {
    KeyCode::Char(c)
}

fn code(c: KeyCode) -> Action {
    Action::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn id(n: u128) -> Id {
    Id(uuid::Uuid::from_u128(n))
}

fn stage(n: u128, name: &str, deals: i64) -> StageRow {
    StageRow {
        id: id(n),
        version: 1,
        name: name.into(),
        kind: "open".into(),
        probability: 10,
        color: "blue".into(),
        active: true,
        deals,
    }
}

fn stages_req(effects: &[Effect]) -> Option<u64> {
    effects.iter().find_map(|e| match e {
        Effect::LoadStages { req } => Some(*req),
        _ => None,
    })
}

/// On the deals board with the stages screen open and loaded: Lead (2 deals), Trial (empty),
/// Won (1).
fn opened() -> App {
    let mut a = app();
    start(&mut a);
    update(&mut a, key('3'));
    let out = update(&mut a, key('P'));
    let req = stages_req(&out.effects).expect("P reads the stages");
    update(
        &mut a,
        Action::StagesLoaded {
            req,
            result: Ok(vec![
                stage(1, "Lead", 2),
                stage(2, "Trial", 0),
                stage(3, "Won", 1),
            ]),
        },
    );
    a
}

fn selected(a: &App) -> &str {
    a.stages
        .as_ref()
        .and_then(|s| s.row())
        .map_or("", |r| &r.name)
}

#[test]
fn p_opens_the_stages_screen_and_stale_lists_are_dropped() {
    let mut a = app();
    start(&mut a);
    // from another pane, P goes to the deals pane first
    let out = update(&mut a, key('P'));
    assert_eq!(a.pane, PaneId::Deals);
    let req = stages_req(&out.effects).unwrap();
    assert!(a.busy());
    let stale = update(
        &mut a,
        Action::StagesLoaded {
            req: req + 10,
            result: Ok(vec![stage(9, "Old", 0)]),
        },
    );
    assert!(!stale.redraw);
    update(
        &mut a,
        Action::StagesLoaded {
            req,
            result: Ok(vec![stage(1, "Lead", 0)]),
        },
    );
    assert_eq!(selected(&a), "Lead");
    // `:stages` opens it too
    let mut b = app();
    start(&mut b);
    update(&mut b, key(':'));
    for c in "stages".chars() {
        update(&mut b, key(c));
    }
    let out = update(&mut b, code(KeyCode::Enter));
    assert!(stages_req(&out.effects).is_some() && b.stages.is_some());
}

#[test]
fn j_and_k_shift_the_selected_stage_and_the_reply_reloads_following_it() {
    let mut a = opened();
    // at the top, K says so and asks nothing
    let out = update(&mut a, key('K'));
    assert!(out.effects.is_empty());
    assert_eq!(
        a.message.clone().unwrap().1,
        "Lead is already the first stage"
    );
    let out = update(&mut a, key('J'));
    assert_eq!(
        out.effects,
        vec![Effect::ChangeStage {
            id: id(1),
            version: 1,
            name: "Lead".into(),
            change: StageChange::Shift { up: false },
        }]
    );
    // while it is in flight, another change waits
    let out = update(&mut a, key('J'));
    assert!(out.effects.is_empty());
    let out = update(
        &mut a,
        Action::StageChanged {
            id: id(1),
            name: "Lead".into(),
            result: Ok("Moved Lead to position 2 of 3".into()),
        },
    );
    let req = stages_req(&out.effects).expect("the list reloads");
    assert_eq!(
        a.message,
        Some((Level::Info, "Moved Lead to position 2 of 3".into()))
    );
    update(
        &mut a,
        Action::StagesLoaded {
            req,
            result: Ok(vec![
                stage(2, "Trial", 0),
                stage(1, "Lead", 2),
                stage(3, "Won", 1),
            ]),
        },
    );
    assert_eq!(
        selected(&a),
        "Lead",
        "the selection follows the moved stage"
    );
    let out = update(&mut a, key('K'));
    assert!(matches!(
        out.effects.as_slice(),
        [Effect::ChangeStage {
            change: StageChange::Shift { up: true },
            ..
        }]
    ));
}

#[test]
fn x_toggles_active_and_a_conflict_says_so_and_reloads() {
    let mut a = opened();
    let out = update(&mut a, key('x'));
    assert!(matches!(
        out.effects.as_slice(),
        [Effect::ChangeStage {
            change: StageChange::SetActive(false),
            ..
        }]
    ));
    let out = update(
        &mut a,
        Action::StageChanged {
            id: id(1),
            name: "Lead".into(),
            result: Err(StageFailure::Conflict("changed by someone else".into())),
        },
    );
    assert!(stages_req(&out.effects).is_some());
    let (level, text) = a.message.clone().unwrap();
    assert_eq!(level, Level::Error);
    assert!(
        text.contains("Lead not changed") && text.contains("reloaded"),
        "{text}"
    );
}

#[test]
fn deleting_asks_first_and_a_stage_holding_deals_is_refused() {
    let mut a = opened();
    // Lead holds 2 deals: refused before asking
    let out = update(&mut a, key('d'));
    assert!(out.effects.is_empty());
    let (level, text) = a.message.clone().unwrap();
    assert_eq!(level, Level::Error);
    assert!(
        text.contains("holds 2 deal(s)") && text.contains("deactivate"),
        "{text}"
    );
    // Trial is empty: asks; anything but y keeps it
    update(&mut a, key('j'));
    update(&mut a, key('d'));
    assert!(a.stages.as_ref().unwrap().confirm.is_some());
    let out = update(&mut a, key('n'));
    assert!(out.effects.is_empty());
    assert_eq!(a.message.clone().unwrap().1, "Kept Trial");
    update(&mut a, key('d'));
    let out = update(&mut a, key('y'));
    assert!(matches!(
        out.effects.as_slice(),
        [Effect::ChangeStage {
            change: StageChange::Delete,
            ..
        }]
    ));
    // the repository refuses (a deal arrived meanwhile): the message says why, the list reloads
    let out = update(
        &mut a,
        Action::StageChanged {
            id: id(2),
            name: "Trial".into(),
            result: Err(StageFailure::Refused(
                "Trial cannot be deleted: it holds 1 deal(s)".into(),
            )),
        },
    );
    assert!(stages_req(&out.effects).is_some());
    let (level, text) = a.message.clone().unwrap();
    assert_eq!(level, Level::Error);
    assert!(text.contains("cannot be deleted"), "{text}");
}

#[test]
fn n_and_e_open_the_stage_form_and_esc_returns_to_a_reloaded_board() {
    let mut a = opened();
    update(&mut a, key('n'));
    assert!(matches!(&a.mode, Mode::Form(f) if f.kind == FormKind::Stage && f.is_new()));
    update(&mut a, code(KeyCode::Esc));
    assert_eq!(a.mode, Mode::Normal);
    assert!(
        a.stages.is_some(),
        "closing the form goes back to the stages"
    );
    let out = update(&mut a, key('e'));
    assert!(matches!(
        out.effects.as_slice(),
        [Effect::Form(FormEffect::Load { kind: FormKind::Stage, id: i, .. })] if *i == id(1)
    ));
    update(&mut a, code(KeyCode::Esc));
    // the help lists the stage keys
    update(&mut a, key('?'));
    let Mode::Help(under) = a.mode.clone() else {
        panic!("{:?}", a.mode)
    };
    let help = crate::tui::ui::help_lines(&a, &under);
    assert!(help.iter().any(|(k, d)| k == "J" && d.contains("down")));
    assert!(help
        .iter()
        .any(|(k, d)| k == "x" && d.contains("deactivate")));
    update(&mut a, key('q'));
    let out = update(&mut a, code(KeyCode::Esc));
    assert!(a.stages.is_none());
    assert!(
        out.effects
            .iter()
            .any(|e| matches!(e, Effect::LoadBoard { .. })),
        "{:?}",
        out.effects
    );
}

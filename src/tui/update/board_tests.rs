//! The deal board, key by key: moving a card, the lost reason a lost stage asks for, a conflict,
//! and undoing a move.

use crossterm::event::KeyCode;

use super::tests::{app, code, key};
use super::*;
use crate::domain::Id;

fn board_data() -> crate::tui::state::board::BoardData {
    use crate::tui::state::board::{BoardColumn, BoardData, CardView, Summary};
    let col = |n: u128, name: &str, kind: &str, cards: usize| BoardColumn {
        stage: Id(uuid::Uuid::from_u128(n)),
        name: name.into(),
        kind: kind.into(),
        probability: 50,
        deals: cards as i64,
        totals: vec![],
        cards: (0..cards)
            .map(|i| CardView {
                id: Id(uuid::Uuid::from_u128(n * 100 + i as u128)),
                version: 3,
                title: format!("{name} deal {i}"),
                company: String::new(),
                value: "1.00 USD".into(),
                close: None,
                owner: String::new(),
                overdue: false,
                stale: false,
            })
            .collect(),
        next: None,
        pending: None,
        selected: 0,
    };
    BoardData {
        filter: String::new(),
        columns: vec![col(1, "Proposal", "open", 2), col(2, "Lost", "lost", 0)],
        summary: Summary::default(),
    }
}

/// Start the app and go to the deals pane, which opens on the board: the board's request.
fn open_deals(a: &mut App) -> u64 {
    start(a);
    let out = update(a, key('3'));
    out.effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadBoard { req, .. } => Some(*req),
            _ => None,
        })
        .expect("the deals pane loads its board")
}

#[test]
fn moving_a_card_into_lost_asks_for_a_reason_then_moves_it() {
    use crate::tui::action::MoveFailure;
    let mut a = app();
    let req = open_deals(&mut a);
    // a stale board reply is dropped
    let stale = update(
        &mut a,
        Action::BoardLoaded {
            req: req + 50,
            result: Ok(board_data()),
            ms: 1,
        },
    );
    assert!(!stale.redraw);
    update(
        &mut a,
        Action::BoardLoaded {
            req,
            result: Ok(board_data()),
            ms: 1,
        },
    );
    update(&mut a, key('j'));
    let out = update(&mut a, key('L'));
    let Some(Effect::MoveDeal {
        deal,
        version,
        to: crate::db::repo::board::MoveTarget::Next,
        reason: None,
        ..
    }) = out.effects.first().cloned()
    else {
        panic!("{:?}", out.effects)
    };
    assert_eq!(version, 3);
    let lost = Id(uuid::Uuid::from_u128(2));
    update(
        &mut a,
        Action::DealMoved {
            deal,
            version,
            title: "Proposal deal 1".into(),
            result: Err(MoveFailure::NeedsReason {
                stage: lost,
                stage_name: "Lost".into(),
            }),
        },
    );
    assert!(a.board.prompt.is_some());
    // Enter with no reason refuses; typed reason moves to the lost stage
    let out = update(&mut a, code(KeyCode::Enter));
    assert!(out.effects.is_empty());
    for c in "budget cut".chars() {
        update(&mut a, key(c));
    }
    let out = update(&mut a, code(KeyCode::Enter));
    assert_eq!(
        out.effects,
        vec![Effect::MoveDeal {
            deal,
            version,
            title: "Proposal deal 1".into(),
            to: crate::db::repo::board::MoveTarget::Stage(crate::domain::StageId(lost)),
            reason: Some("budget cut".into()),
        }]
    );
    let out = update(
        &mut a,
        Action::DealMoved {
            deal,
            version,
            title: "Proposal deal 1".into(),
            result: Ok(crate::tui::action::Moved {
                stage: "Lost".into(),
                version: version + 1,
                undo: Some(crate::tui::state::board::MoveBack {
                    version: version + 1,
                    from: version,
                    place: crate::db::repo::deal::Placement {
                        stage_id: crate::domain::StageId(lost),
                        status: crate::domain::DealStatus::Open,
                        lost_reason: None,
                        closed_at: None,
                    },
                }),
                undid: None,
            }),
        },
    );
    assert!(out
        .effects
        .iter()
        .any(|e| matches!(e, Effect::LoadBoard { .. })));
    assert!(a
        .message
        .as_ref()
        .unwrap()
        .1
        .contains("Moved Proposal deal 1 to Lost — u to undo"));
    assert!(matches!(
        a.undo.last(),
        Some(crate::tui::state::Undo::Moved { .. })
    ));
    // a conflict says so and reloads
    let out = update(
        &mut a,
        Action::DealMoved {
            deal,
            version,
            title: "Quanta line monitoring for the 日本 plant 🦀".into(),
            result: Err(MoveFailure::Conflict(format!("deal {deal} was changed"))),
        },
    );
    assert!(out
        .effects
        .iter()
        .any(|e| matches!(e, Effect::LoadBoard { .. })));
    let (level, text) = a.message.as_ref().unwrap();
    assert_eq!(*level, crate::tui::state::Level::Error);
    // named by its title (cut), never by its id, and short enough for an 80-column line
    assert_eq!(
        text,
        "not moved: Quanta line monitoring fo… changed meanwhile; board reloaded"
    );
    assert!(crate::domain::text::width(&format!("error: {text}")) <= 80);
    // b shows the plain table; keys go to the table again
    update(&mut a, key('b'));
    assert!(!a.board.shown);
}

#[test]
fn showing_the_board_again_after_a_filter_set_on_the_table_loads_the_board_for_it() {
    let mut a = app();
    let req = open_deals(&mut a);
    update(
        &mut a,
        Action::BoardLoaded {
            req,
            result: Ok(board_data()),
            ms: 1,
        },
    );
    // to the table, and a filter set there reloads only the table
    update(&mut a, key('b'));
    assert!(!a.board.shown);
    let mut query = a.listing().query.clone();
    query.filter = "value>=1000".into();
    let effects = requery(&mut a, PaneId::Deals, query);
    assert!(!effects
        .iter()
        .any(|e| matches!(e, Effect::LoadBoard { .. })));
    // back to the board: the one on hand is for no filter, so the board is read for this one
    // (before, it stayed on "Loading the board for this filter…" for good)
    let out = update(&mut a, key('b'));
    assert!(a.board.shown);
    assert!(
        out.effects
            .iter()
            .any(|e| matches!(e, Effect::LoadBoard { filter, .. } if filter == "value>=1000")),
        "{:?}",
        out.effects
    );
    // and `b` twice more with nothing changed reads nothing
    update(&mut a, key('b'));
    let pending = a.board.pending;
    let out = update(&mut a, key('b'));
    assert_eq!(a.board.pending, pending);
    assert!(!out
        .effects
        .iter()
        .any(|e| matches!(e, Effect::LoadBoard { .. })));
}

//! `update` without a terminal or a database: key flows, stale replies, undo.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::db::repo::{Cursor, SortValue};
use crate::domain::Id;
use crate::tui::keymap::Keymap;
use crate::tui::state::listing::{Count, Loaded, Row};
use crate::tui::state::Summary;

fn app() -> App {
    App::new("sqlite".into(), "/tmp/x.db".into(), None, Keymap::default())
}

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(c: KeyCode) -> Action {
    Action::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

fn rows(n: usize, prefix: &str) -> Vec<Row> {
    (0..n)
        .map(|i| {
            let id = Id(uuid::Uuid::from_u128(i as u128 + 1));
            Row {
                id,
                version: 1,
                cursor: Cursor {
                    key: SortValue::Text(format!("{prefix}{i:03}")),
                    id,
                },
                label: format!("{prefix}{i:03}"),
                cells: vec![format!("{prefix}{i:03}")],
            }
        })
        .collect()
}

/// The `LoadRows` request ids among effects.
fn row_reqs(effects: &[Effect]) -> Vec<u64> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadRows { req, .. } => Some(*req),
            _ => None,
        })
        .collect()
}

fn loaded(app: &mut App, req: u64, names: &str) -> Outcome {
    update(
        app,
        Action::RowsLoaded {
            pane: PaneId::Companies,
            req,
            from: PageFrom::Start,
            result: Ok(Loaded {
                rows: rows(3, names),
                more: false,
            }),
            ms: 2,
        },
    )
}

#[test]
fn start_asks_for_the_summary_rows_and_count() {
    let mut a = app();
    let effects = start(&mut a);
    assert!(matches!(effects[0], Effect::LoadSummary));
    assert_eq!(row_reqs(&effects).len(), 1);
    assert!(effects.iter().any(|e| matches!(e, Effect::Count { .. })));
}

#[test]
fn typing_a_filter_requeries_and_only_the_newest_reply_lands() {
    let mut a = app();
    start(&mut a);
    update(&mut a, key('/'));
    let first = update(&mut a, key('a'));
    let second = update(&mut a, key('b'));
    let (r1, r2) = (row_reqs(&first.effects)[0], row_reqs(&second.effects)[0]);
    assert!(r2 > r1);
    match &second.effects[0] {
        Effect::LoadRows { query, .. } => assert_eq!(query.filter, "ab"),
        other => panic!("{other:?}"),
    }
    // the older reply arrives last: it is dropped, nothing redraws
    assert!(loaded(&mut a, r2, "new").redraw);
    let stale = loaded(&mut a, r1, "old");
    assert!(!stale.redraw);
    assert_eq!(a.listing().rows[0].label, "new000");
    // Enter keeps the filter
    update(&mut a, code(KeyCode::Enter));
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.listing().query.filter, "ab");
}

#[test]
fn an_invalid_filter_shows_its_span_and_keeps_the_list() {
    let mut a = app();
    let effects = start(&mut a);
    loaded(&mut a, row_reqs(&effects)[0], "acme");
    update(&mut a, key('/'));
    let mut last = Outcome::default();
    for c in "industy:x".chars() {
        last = update(&mut a, key(c));
    }
    assert!(last.effects.is_empty(), "no query for an invalid filter");
    let Mode::Filter(bar) = &a.mode else {
        panic!("{:?}", a.mode)
    };
    let (start, end, reason) = bar.error.clone().unwrap();
    assert_eq!((start, end), (0, 7));
    assert!(reason.contains("did you mean 'industry'"), "{reason}");
    assert_eq!(a.listing().rows.len(), 3);
    // Enter does not apply it; Esc goes back to the filter before
    update(&mut a, code(KeyCode::Enter));
    assert!(matches!(a.mode, Mode::Filter(_)));
    update(&mut a, code(KeyCode::Esc));
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.listing().query.filter, "");
}

#[test]
fn delete_asks_then_undo_restores() {
    let mut a = app();
    let effects = start(&mut a);
    loaded(&mut a, row_reqs(&effects)[0], "acme");
    a.listing_mut().move_by(1);
    update(&mut a, key('d'));
    assert!(matches!(a.mode, Mode::Confirm(_)));
    let out = update(&mut a, key('y'));
    let Some(Effect::Delete { id, label, .. }) = out.effects.first().cloned() else {
        panic!("{:?}", out.effects)
    };
    assert_eq!(label, "acme001");
    update(
        &mut a,
        Action::Deleted {
            pane: PaneId::Companies,
            id,
            label: label.clone(),
            result: Ok(()),
        },
    );
    assert_eq!(a.listing().rows.len(), 2);
    assert!(a.message.as_ref().unwrap().1.contains("u to undo"));
    let out = update(&mut a, key('u'));
    assert_eq!(
        out.effects,
        vec![Effect::Restore {
            pane: PaneId::Companies,
            id,
            label
        }]
    );
    // anything but y keeps the record
    update(&mut a, key('d'));
    let out = update(&mut a, key('n'));
    assert!(out.effects.is_empty());
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn an_empty_database_greets_and_offers_the_demo() {
    let mut a = app();
    start(&mut a);
    update(&mut a, Action::SummaryLoaded(Ok(Summary::default())));
    assert_eq!(a.mode, Mode::Welcome);
    let out = update(&mut a, key('d'));
    assert_eq!(out.effects, vec![Effect::SeedDemo]);
    let out = update(&mut a, Action::DemoLoaded(Ok(())));
    assert_eq!(a.mode, Mode::Normal);
    assert!(out.effects.contains(&Effect::LoadSummary));
}

#[test]
fn command_line_switches_pane_with_a_filter_and_reports_bad_ones() {
    let mut a = app();
    start(&mut a);
    update(&mut a, key(':'));
    for c in "contacts company.city:berlin".chars() {
        update(&mut a, key(c));
    }
    let out = update(&mut a, code(KeyCode::Enter));
    assert_eq!(a.pane, PaneId::Contacts);
    assert_eq!(a.listing().query.filter, "company.city:berlin");
    assert_eq!(row_reqs(&out.effects).len(), 1);
    update(&mut a, key(':'));
    for c in "deals vaule>3".chars() {
        update(&mut a, key(c));
    }
    let out = update(&mut a, code(KeyCode::Enter));
    assert!(out.effects.is_empty());
    assert!(a.message.as_ref().unwrap().1.contains("vaule"));
    update(&mut a, key(':'));
    update(&mut a, key('q'));
    update(&mut a, code(KeyCode::Enter));
    assert!(a.quit);
}

#[test]
fn counts_and_details_drop_stale_replies() {
    let mut a = app();
    let effects = start(&mut a);
    let count_req = effects
        .iter()
        .find_map(|e| match e {
            Effect::Count { req, .. } => Some(*req),
            _ => None,
        })
        .unwrap();
    let stale = update(
        &mut a,
        Action::Counted {
            pane: PaneId::Companies,
            req: count_req + 100,
            result: Ok(Count::Exact(1)),
        },
    );
    assert!(!stale.redraw);
    update(
        &mut a,
        Action::Counted {
            pane: PaneId::Companies,
            req: count_req,
            result: Ok(Count::AtLeast(10_000)),
        },
    );
    assert_eq!(a.listing().count, Some(Count::AtLeast(10_000)));
    loaded(&mut a, row_reqs(&effects)[0], "acme");
    let out = update(&mut a, code(KeyCode::Enter));
    assert!(matches!(out.effects[0], Effect::LoadDetail { .. }));
    assert!(a.detail.is_some());
    update(&mut a, code(KeyCode::Esc));
    assert!(a.detail.is_none());
}

#[test]
fn switching_panes_loads_each_once() {
    let mut a = app();
    start(&mut a);
    let out = update(&mut a, key('2'));
    assert_eq!(a.pane, PaneId::Contacts);
    assert_eq!(row_reqs(&out.effects).len(), 1);
    update(&mut a, key('1'));
    let again = update(&mut a, key('2'));
    assert!(
        row_reqs(&again.effects).is_empty(),
        "still loading: not asked twice"
    );
    update(
        &mut a,
        Action::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)),
    );
    assert_eq!(a.pane, PaneId::Deals);
}

fn filters_requested(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadRows { query, .. } => Some(query.filter.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_builder_writes_the_filter_a_user_would_type() {
    use crate::tui::state::builder::{Known, Step};
    let mut a = app();
    start(&mut a);
    let out = update(&mut a, key('f'));
    assert_eq!(out.effects, vec![Effect::LoadKnown]);
    update(
        &mut a,
        Action::KnownLoaded(Ok(Known {
            users: vec!["ada@example.com".into()],
            stages: vec![],
            tags: vec!["churn-risk".into(), "vip".into()],
        })),
    );
    // field: fuzzy "indus" → industry; operator "is"; value typed
    for c in "indus".chars() {
        update(&mut a, key(c));
    }
    update(&mut a, code(KeyCode::Enter));
    let Mode::Builder(b) = &a.mode else { panic!() };
    assert!(
        matches!(&b.step, Step::Op(f) if f.name == "industry"),
        "{:?}",
        b.step
    );
    update(&mut a, code(KeyCode::Enter));
    for c in "software".chars() {
        update(&mut a, key(c));
    }
    let out = update(&mut a, code(KeyCode::Enter));
    assert_eq!(filters_requested(&out.effects), vec!["industry:software"]);
    // an OR group: status is one of customer, partner (ticked with Tab)
    update(&mut a, key('o'));
    for c in "status".chars() {
        update(&mut a, key(c));
    }
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, code(KeyCode::Enter));
    for v in ["customer", "partner"] {
        let Mode::Builder(b) = &mut a.mode else {
            panic!()
        };
        b.selected = b.choices.iter().position(|c| c == v).unwrap();
        update(&mut a, code(KeyCode::Tab));
    }
    let out = update(&mut a, code(KeyCode::Enter));
    assert_eq!(
        filters_requested(&out.effects),
        vec!["industry:software or status:customer,partner"]
    );
    // and a tag in the same OR group
    update(&mut a, key('a'));
    for c in "tag".chars() {
        update(&mut a, key(c));
    }
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, key('v'));
    let out = update(&mut a, code(KeyCode::Enter));
    let text = "industry:software or (status:customer,partner tag:vip)";
    assert_eq!(filters_requested(&out.effects), vec![text]);
    // Enter applies: the pane's filter is exactly that text, the same as typing it in the bar
    update(&mut a, code(KeyCode::Enter));
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.listing().query.filter, text);
    assert!(super::filter::validate(&a, text).is_ok());
}

#[test]
fn the_builder_refuses_bad_values_and_esc_restores_the_filter() {
    let mut a = app();
    start(&mut a);
    a.listing_mut().query.filter = "city:berlin".into();
    update(&mut a, key('f'));
    for c in "size".chars() {
        update(&mut a, key(c));
    }
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, code(KeyCode::Enter));
    for c in "zzzz".chars() {
        update(&mut a, key(c));
    }
    let out = update(&mut a, code(KeyCode::Enter));
    assert!(out.effects.is_empty());
    let Mode::Builder(b) = &a.mode else { panic!() };
    assert!(
        b.error.as_ref().unwrap().contains("is not one of"),
        "{:?}",
        b.error
    );
    // a number condition, then cancel: the filter from before comes back
    update(&mut a, code(KeyCode::Esc));
    update(&mut a, code(KeyCode::Esc));
    let Mode::Builder(b) = &mut a.mode else {
        panic!()
    };
    b.input.clear();
    b.refresh_choices();
    for c in "employees".chars() {
        update(&mut a, key(c));
    }
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, code(KeyCode::Down));
    update(&mut a, code(KeyCode::Down));
    update(&mut a, code(KeyCode::Enter));
    for c in "50".chars() {
        update(&mut a, key(c));
    }
    let out = update(&mut a, code(KeyCode::Enter));
    assert_eq!(
        filters_requested(&out.effects),
        vec!["(city:berlin) employees>=50"]
    );
    let out = update(&mut a, code(KeyCode::Esc));
    assert_eq!(filters_requested(&out.effects), vec!["city:berlin"]);
    assert_eq!(a.mode, Mode::Normal);
}

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
        columns: vec![col(1, "Proposal", "open", 2), col(2, "Lost", "lost", 0)],
        summary: Summary::default(),
    }
}

#[test]
fn moving_a_card_into_lost_asks_for_a_reason_then_moves_it() {
    use crate::tui::action::MoveFailure;
    let mut a = app();
    start(&mut a);
    let out = update(&mut a, key('3'));
    let req = out
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadBoard { req, .. } => Some(*req),
            _ => None,
        })
        .expect("the deals pane loads its board");
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
            title: "x".into(),
            result: Err(MoveFailure::Conflict("deal changed".into())),
        },
    );
    assert!(out
        .effects
        .iter()
        .any(|e| matches!(e, Effect::LoadBoard { .. })));
    assert_eq!(
        a.message.as_ref().unwrap().0,
        crate::tui::state::Level::Error
    );
    // b shows the plain table; keys go to the table again
    update(&mut a, key('b'));
    assert!(!a.board.shown);
}

#[test]
fn completing_a_task_on_the_timeline() {
    use crate::tui::state::timeline::{ItemView, Line};
    let mut a = app();
    start(&mut a);
    let out = update(&mut a, key('4'));
    let req = out
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadTimeline { req, .. } => Some(*req),
            _ => None,
        })
        .expect("the activities pane loads its timeline");
    let id = Id(uuid::Uuid::from_u128(9));
    update(
        &mut a,
        Action::TimelineLoaded {
            req,
            result: Ok(vec![
                Line::Section {
                    name: "Overdue".into(),
                    count: 1,
                    more: false,
                },
                Line::Item(ItemView {
                    id,
                    version: 2,
                    symbol: 'T',
                    kind: "task".into(),
                    subject: "Send contract".into(),
                    when: "09:00".into(),
                    links: String::new(),
                    owner: String::new(),
                    outcome: String::new(),
                    done: false,
                }),
            ]),
            ms: 1,
        },
    );
    let out = update(&mut a, key('x'));
    assert_eq!(
        out.effects,
        vec![Effect::CompleteActivity {
            id,
            version: 2,
            subject: "Send contract".into()
        }]
    );
    let out = update(
        &mut a,
        Action::Completed {
            subject: "Send contract".into(),
            result: Ok(()),
        },
    );
    assert!(out
        .effects
        .iter()
        .any(|e| matches!(e, Effect::LoadTimeline { .. })));
}

//! `update` without a terminal or a database: key flows, stale replies, undo.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::db::repo::{Cursor, SortValue};
use crate::domain::Id;
use crate::tui::keymap::Keymap;
use crate::tui::state::listing::{Count, Loaded, Row};
use crate::tui::state::Summary;

pub(super) fn app() -> App {
    let mut a = App::new("sqlite".into(), "/tmp/x.db".into(), None, Keymap::default());
    // the once-per-session "no author" note on the first write is identity_tests' subject
    a.anonymous = crate::tui::state::identity::AnonymousNote::Said;
    a
}

pub(super) fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub(super) fn code(c: KeyCode) -> Action {
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
pub(super) fn row_reqs(effects: &[Effect]) -> Vec<u64> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadRows { req, .. } => Some(*req),
            _ => None,
        })
        .collect()
}

pub(super) fn loaded(app: &mut App, req: u64, names: &str) -> Outcome {
    update(
        app,
        Action::RowsLoaded {
            pane: PaneId::Companies,
            req,
            from: PageFrom::Start,
            result: Ok(Loaded {
                rows: rows(3, names),
                more: false,
                more_before: false,
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
    // restored: the list comes back with it selected, wherever the cursor was
    a.listing_mut().move_by(-1);
    let out = update(
        &mut a,
        Action::Restored {
            pane: PaneId::Companies,
            id,
            label: "acme001".into(),
            result: Ok(()),
        },
    );
    loaded(&mut a, row_reqs(&out.effects)[0], "acme");
    assert_eq!(a.listing().selected_row().map(|r| r.id), Some(id));
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

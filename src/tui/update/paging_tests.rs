//! Keys typed while a page is in flight count against the rows being fetched: a burst after `G`
//! counts from the last row, a burst past the loaded edge continues into the next page.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::db::repo::{Cursor, SortValue};
use crate::domain::Id;
use crate::tui::keymap::Keymap;
use crate::tui::state::listing::{Loaded, Row};

/// Rows of a table of 698 companies, numbered from 0.
fn rows(range: std::ops::Range<usize>) -> Vec<Row> {
    range
        .map(|i| {
            let id = Id(uuid::Uuid::from_u128(i as u128 + 1));
            Row {
                id,
                version: 1,
                cursor: Cursor {
                    key: SortValue::Text(format!("c{i:03}")),
                    id,
                },
                label: format!("c{i:03}"),
                cells: vec![format!("c{i:03}")],
            }
        })
        .collect()
}

fn press(app: &mut App, c: char) -> Outcome {
    update(
        app,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    )
}

/// The one `LoadRows` among effects: its request id and where it starts.
fn load(effects: &[Effect]) -> (u64, PageFrom) {
    let found: Vec<(u64, PageFrom)> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadRows { req, from, .. } => Some((*req, from.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(found.len(), 1, "{effects:?}");
    found[0].clone()
}

fn arrive(app: &mut App, (req, from): (u64, PageFrom), rows: Vec<Row>, more: bool) -> Outcome {
    update(
        app,
        Action::RowsLoaded {
            pane: PaneId::Companies,
            req,
            from,
            result: Ok(Loaded {
                rows,
                more,
                more_before: false,
            }),
            ms: 1,
        },
    )
}

/// The companies pane with its first page of 50 (of 698) loaded, 20 rows high.
fn first_page() -> App {
    let mut app = App::new("sqlite".into(), "/tmp/x.db".into(), None, Keymap::default());
    let first = load(&start(&mut app));
    update(&mut app, Action::TableHeight(20));
    arrive(&mut app, first, rows(0..50), true);
    assert_eq!(app.listing().selected_row().unwrap().label, "c000");
    app
}

fn selected(app: &App) -> String {
    app.listing().selected_row().unwrap().label.clone()
}

#[test]
fn a_burst_of_k_after_g_counts_from_the_last_row() {
    let mut app = first_page();
    let jump = load(&press(&mut app, 'G').effects);
    assert_eq!(jump.1, PageFrom::End);
    // 20 k typed before the last page arrives: no request, nothing moved in the old rows yet
    for _ in 0..20 {
        assert!(press(&mut app, 'k').effects.is_empty());
    }
    arrive(&mut app, jump, rows(648..698), true);
    assert_eq!(selected(&app), "c677", "the last row (c697) less 20");
    // the moves were used up: the next k moves one row
    press(&mut app, 'k');
    assert_eq!(selected(&app), "c676");
}

#[test]
fn a_burst_of_j_after_g_counts_from_the_first_row() {
    let mut app = first_page();
    let jump = load(&press(&mut app, 'G').effects);
    arrive(&mut app, jump, rows(648..698), true);
    let top = load(&press(&mut app, 'g').effects);
    assert_eq!(top.1, PageFrom::Start);
    for _ in 0..7 {
        press(&mut app, 'j');
    }
    arrive(&mut app, top, rows(0..50), true);
    assert_eq!(selected(&app), "c007");
}

#[test]
fn g_during_a_g_jump_jumps_back_and_the_first_reply_is_dropped() {
    let mut app = first_page();
    let end = load(&press(&mut app, 'G').effects);
    press(&mut app, 'k');
    let top = load(&press(&mut app, 'g').effects);
    assert_eq!(top.1, PageFrom::Start);
    press(&mut app, 'j');
    let stale = arrive(&mut app, end, rows(648..698), true);
    assert!(!stale.redraw);
    arrive(&mut app, top, rows(0..50), true);
    assert_eq!(selected(&app), "c001", "only the j after g counts");
}

#[test]
fn moves_past_the_loaded_edge_continue_into_the_page_in_flight() {
    let mut app = first_page();
    let mut next = None;
    for _ in 0..60 {
        let out = press(&mut app, 'j');
        if !out.effects.is_empty() {
            assert!(next.is_none(), "one page asked for");
            next = Some(load(&out.effects));
        }
    }
    let next = next.expect("the next page was asked for");
    assert!(matches!(next.1, PageFrom::After(_)));
    assert_eq!(selected(&app), "c049", "held at the loaded edge");
    arrive(&mut app, next, rows(50..100), true);
    assert_eq!(selected(&app), "c060", "60 rows down");
}

#[test]
fn a_failed_jump_drops_the_moves_waiting_for_it() {
    let mut app = first_page();
    let (req, from) = load(&press(&mut app, 'G').effects);
    press(&mut app, 'k');
    update(
        &mut app,
        Action::RowsLoaded {
            pane: PaneId::Companies,
            req,
            from,
            result: Err("the database went away".into()),
            ms: 1,
        },
    );
    assert_eq!(app.listing().carry, 0);
    assert_eq!(selected(&app), "c000");
}

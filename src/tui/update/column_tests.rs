//! The table's column cursor: `h`/`l` move it among the shown columns, `s` sorts by the column
//! under it (again: the other way round), and a column no sort orders says so.

use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use ratatui::Terminal;

use super::tests::{app, key, loaded};
use super::*;
use crate::tui::state::Level;

fn sort_of(effects: &[Effect]) -> Option<(usize, bool)> {
    effects.iter().find_map(|e| match e {
        Effect::LoadRows { query, .. } => Some((query.sort, query.descending)),
        _ => None,
    })
}

#[test]
fn s_sorts_by_the_column_under_the_cursor_and_again_reverses() {
    let mut a = app();
    start(&mut a);
    // Name, Industry, Status: two steps right
    update(&mut a, key('l'));
    update(&mut a, key('l'));
    assert_eq!(a.listing().column, 2);
    let status = PaneId::Companies
        .sort_descs()
        .iter()
        .position(|s| s.name == "status")
        .unwrap();
    let out = update(&mut a, key('s'));
    assert_eq!(sort_of(&out.effects), Some((status, false)));
    assert!(matches!(&a.message, Some((Level::Info, m)) if m == "Sorted by status ↑"));
    let again = update(&mut a, key('s'));
    assert_eq!(sort_of(&again.effects), Some((status, true)));
    // the cursor stays on its column through the reload
    assert_eq!(a.listing().column, 2);
    // back to Name: ascending again
    update(&mut a, key('h'));
    update(&mut a, key('h'));
    update(&mut a, key('h'));
    assert_eq!(a.listing().column, 0);
    assert_eq!(sort_of(&update(&mut a, key('s')).effects), Some((0, false)));
}

#[test]
fn a_column_no_sort_orders_is_refused_with_the_sorts_there_are() {
    let mut a = app();
    start(&mut a);
    for _ in 0..10 {
        update(&mut a, key('l'));
    }
    // it stops at the last shown column: Owner, a linked user's name
    assert_eq!(a.listing().column, PaneId::Companies.columns().len() - 1);
    let out = update(&mut a, key('s'));
    assert_eq!(sort_of(&out.effects), None);
    match &a.message {
        Some((Level::Error, m)) => {
            assert!(m.contains("can't be sorted by Owner"), "{m}");
            assert!(m.contains(":sort name|industry|status"), "{m}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(a.listing().query.sort, 0);
}

#[test]
fn the_header_shows_the_sort_arrow_and_the_cursor_column_reversed() {
    let mut a = app();
    let req = super::tests::row_reqs(&start(&mut a))[0];
    loaded(&mut a, req, "acme");
    update(&mut a, key('l'));
    let mut term = Terminal::new(TestBackend::new(80, 12)).unwrap();
    term.draw(|f| {
        crate::tui::ui::draw(f, &a, crate::tui::ui::Theme { color: false });
    })
    .unwrap();
    let buf = term.backend().buffer().clone();
    let header_y = (0..buf.area.height)
        .find(|&y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .contains("Industry")
        })
        .unwrap();
    let line: String = (0..buf.area.width)
        .map(|x| buf[(x, header_y)].symbol().to_string())
        .collect();
    assert!(line.contains("Name ↑"), "{line}");
    let at = |text: &str| {
        // `find` gives a byte offset; the border before it takes three bytes a column
        let x = line[..line.find(text).unwrap()].chars().count();
        buf[(u16::try_from(x).unwrap(), header_y)].modifier
    };
    assert!(at("Industry").contains(Modifier::REVERSED));
    assert!(!at("Name").contains(Modifier::REVERSED));
}

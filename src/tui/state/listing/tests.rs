use super::*;
use crate::db::repo::SortValue;

fn rows(range: std::ops::Range<i64>) -> Vec<Row> {
    range
        .map(|i| Row {
            id: Id(uuid::Uuid::from_u128(i as u128 + 1)),
            version: 1,
            cursor: Cursor {
                key: SortValue::Int(i),
                id: Id(uuid::Uuid::from_u128(i as u128 + 1)),
            },
            label: format!("row {i}"),
            cells: vec![format!("row {i}")],
        })
        .collect()
}

fn listing() -> Listing {
    let mut l = Listing {
        height: 20,
        ..Listing::default()
    };
    l.apply(
        &PageFrom::Start,
        Loaded {
            rows: rows(0..50),
            more: true,
            more_before: false,
        },
    );
    l
}

#[test]
fn scrolling_near_the_end_asks_for_the_next_page() {
    let mut l = listing();
    assert_eq!(l.wanted_page(), None);
    l.move_by(40);
    assert_eq!(l.offset, 21);
    match l.wanted_page() {
        Some(PageFrom::After(c)) => assert_eq!(c.key, SortValue::Int(49)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_window_is_bounded_and_keeps_the_selection() {
    let mut l = listing();
    for p in 1..20 {
        l.move_by(50);
        let id = l.selected_row().unwrap().id;
        l.apply(
            &PageFrom::After(l.rows.last().unwrap().cursor.clone()),
            Loaded {
                rows: rows(p * 50..p * 50 + 50),
                more: true,
                more_before: false,
            },
        );
        assert!(l.rows.len() <= MAX_ROWS);
        assert_eq!(l.selected_row().unwrap().id, id);
    }
    assert!(l.more_before);
    // and back up: rows before the window come back in order
    l.selected = 0;
    let first = l.rows[0].cursor.key.clone();
    l.apply(
        &PageFrom::Before(l.rows[0].cursor.clone()),
        Loaded {
            rows: rows(600..650),
            more: true,
            more_before: false,
        },
    );
    assert_eq!(l.rows[50].cursor.key, first);
    assert_eq!(l.selected, 50);
    assert!(l.rows.len() <= MAX_ROWS);
    assert!(l.more_after);
}

#[test]
fn counts_print_with_separators() {
    assert_eq!(Count::Exact(1_234_567).to_string(), "1,234,567");
    assert_eq!(Count::AtLeast(10_000).to_string(), "10,000+");
    assert_eq!(thousands(12), "12");
}

fn renamed(mut r: Row, label: &str) -> Row {
    r.label = label.into();
    r.cells = vec![label.into()];
    r
}

#[test]
fn a_refresh_keeps_the_selected_record_on_its_screen_line() {
    let mut l = listing();
    l.move_by(30);
    let id = l.selected_row().unwrap().id;
    assert_eq!((l.selected, l.offset), (30, 11));
    // a record above the selection was deleted and one was renamed: the selected record is
    // one row higher in the new page, and stays selected on the same screen line
    let mut fresh = rows(0..51);
    fresh.remove(3);
    fresh[0] = renamed(fresh[0].clone(), "row 0 renamed");
    let (from, limit) = l.refresh_from();
    assert_eq!((from.clone(), limit), (PageFrom::Start, 50));
    let gone = l.apply_refresh(
        &from,
        Loaded {
            rows: fresh,
            more: true,
            more_before: false,
        },
    );
    assert_eq!(l.selected_row().unwrap().id, id);
    assert_eq!((l.selected, l.offset), (29, 10), "same screen line");
    assert_eq!(l.rows[0].label, "row 0 renamed");
    assert_eq!(gone, vec![(rows(3..4)[0].id, "row 3".to_string())]);
}

#[test]
fn a_refresh_whose_selected_record_left_stays_on_the_same_line() {
    let mut l = listing();
    l.move_by(5);
    let mut fresh = rows(0..50);
    fresh.remove(5);
    let gone = l.apply_refresh(
        &PageFrom::Start,
        Loaded {
            rows: fresh,
            more: false,
            more_before: false,
        },
    );
    assert_eq!(gone.len(), 1);
    assert_eq!(l.selected, 5, "on its neighbour, where it was");
    assert_eq!(l.selected_row().unwrap().label, "row 6");
    assert!(!l.more_after);
}

#[test]
fn a_refresh_deep_in_the_table_reads_after_the_window_s_first_row() {
    let mut l = listing();
    l.move_by(45);
    l.apply(
        &PageFrom::After(l.rows.last().unwrap().cursor.clone()),
        Loaded {
            rows: rows(50..100),
            more: true,
            more_before: false,
        },
    );
    l.more_before = true;
    let first = l.rows[0].clone();
    let (from, limit) = l.refresh_from();
    assert_eq!(from, PageFrom::After(first.cursor.clone()));
    assert_eq!(limit, 100);
    let id = l.selected_row().unwrap().id;
    l.apply_refresh(
        &from,
        Loaded {
            rows: rows(1..101),
            more: true,
            more_before: false,
        },
    );
    assert_eq!(l.rows[0], first, "the window's first row is kept");
    assert_eq!(l.rows.len(), 101);
    assert_eq!(l.selected_row().unwrap().id, id);
}

//! Assertion helpers shared by the contact, deal and activity repository tests.

use rolo::db::repo::{history, Cursor, Page};
use rolo::db::{DbConn, DbError};
use rolo::domain::{HistoryAction, Id};

/// The fields an `Invalid` error names, in order; empty for any other error.
pub fn fields_of(err: &DbError) -> Vec<&'static str> {
    match err {
        DbError::Invalid { errors, .. } => errors.fields().map(|e| e.field).collect(),
        _ => vec![],
    }
}

/// `(expected, actual)` of a version conflict.
pub fn conflict(err: &DbError) -> Option<(i32, i32)> {
    match err {
        DbError::Conflict {
            expected, actual, ..
        } => Some((*expected, *actual)),
        _ => None,
    }
}

#[track_caller]
pub fn assert_has(text: &str, part: &str) {
    assert!(text.contains(part), "{part} is not in {text}");
}

/// Every row of a listing, page by page, and the number of pages (failing if paging never ends).
pub fn all_pages<T>(mut page: impl FnMut(Option<Cursor>) -> Page<T>) -> (Vec<T>, usize) {
    let (mut rows, mut after, mut pages) = (vec![], None, 0);
    loop {
        let p = page(after.take());
        pages += 1;
        assert!(pages <= 50, "paging does not end");
        rows.extend(p.rows);
        match p.next {
            Some(c) => after = Some(c),
            None => return (rows, pages),
        }
    }
}

/// A record's history as (action, changes JSON), oldest first.
pub fn changes(conn: &mut DbConn, id: impl Into<Id>) -> Vec<(HistoryAction, String)> {
    history::for_record(conn, id.into())
        .unwrap()
        .into_iter()
        .map(|h| (h.action, h.changes))
        .collect()
}

/// A record's history actions, oldest first.
pub fn actions(conn: &mut DbConn, id: impl Into<Id>) -> Vec<HistoryAction> {
    changes(conn, id).into_iter().map(|(a, _)| a).collect()
}

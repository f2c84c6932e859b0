//! The filter bar with filters at the limits of the language: typed key by key, every prefix is
//! checked and none ends the app; the bad one shows its reason under its span.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::tui::keymap::Keymap;

fn app() -> App {
    App::new("sqlite".into(), "/tmp/x.db".into(), None, Keymap::default())
}

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// Type `text` into a fresh filter bar; the bar's error afterwards.
fn typed(text: &str) -> (Outcome, Option<(usize, usize, String)>) {
    let mut a = app();
    update(&mut a, key('/'));
    assert!(matches!(a.mode, Mode::Filter(_)));
    let mut last = Outcome::default();
    for c in text.chars() {
        last = update(&mut a, key(c));
    }
    let Mode::Filter(bar) = &a.mode else {
        panic!("{:?}", a.mode)
    };
    (last, bar.error.clone())
}

#[test]
fn a_huge_relative_date_is_an_error_under_it_not_a_crash() {
    for text in [
        "created>+99999999d",
        "updated<-9223372036854775807w",
        "created:+99999999999999999999d",
    ] {
        let (last, error) = typed(text);
        assert!(last.effects.is_empty(), "{text}: no query for it");
        let (start, end, reason) = error.unwrap_or_else(|| panic!("{text}: no error"));
        assert_eq!(
            &text[start..end],
            &text[text.find(['+', '-']).unwrap_or(0)..]
        );
        assert!(
            reason.contains("between 0001-01-01 and 9999-12-31"),
            "{text}: {reason}"
        );
    }
}

#[test]
fn a_huge_amount_or_number_is_an_error_not_a_crash() {
    for text in [
        "revenue>=92233720368547758.08",
        "employees>99999999999999999999",
    ] {
        let (last, error) = typed(text);
        assert!(last.effects.is_empty(), "{text}: no query for it");
        let (start, _, reason) = error.unwrap_or_else(|| panic!("{text}: no error"));
        assert_eq!(
            start,
            text.find(['>']).unwrap_or(0) + 1 + usize::from(text.contains(">="))
        );
        assert!(!reason.is_empty());
    }
}

#[test]
fn a_pasted_filter_runs_one_query_for_the_whole_text() {
    // the keys of a paste are handled together; of their requests only the newest per slot runs
    let mut a = app();
    start(&mut a);
    let mut effects = Vec::new();
    for c in "/industry:software".chars() {
        effects.extend(update(&mut a, key(c)).effects);
    }
    let kept = crate::tui::effect::newest_per_slot(effects);
    let filters: Vec<&str> = kept
        .iter()
        .filter_map(|e| match e {
            Effect::LoadRows { query, .. } => Some(query.filter.as_str()),
            Effect::Count { filter, .. } => Some(filter.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(filters, ["industry:software", "industry:software"]);
    // and it is the request the pane waits for: its reply lands
    let req = super::tests::row_reqs(&kept)[0];
    assert!(super::tests::loaded(&mut a, req, "soft").redraw);
    assert_eq!(a.listing().rows[0].label, "soft000");
}

//! Dates in forms read like due times and filters (`+45d`, `fri`, `tomorrow`, ISO), and the form
//! shows what the text resolved to, from the frozen clock in the session's zone.

use chrono::NaiveDate;
use crossterm::event::KeyCode;

use super::super::form_tests::{app, code, ctrl, field, focus, form, key, typed};
use crate::domain::clock::freeze_here;
use crate::domain::zone::Zone;
use crate::tui::forms::FormDraft;
use crate::tui::pane::PaneId;
use crate::tui::state::Mode;

/// Wednesday 2 December 2026, 12:30 UTC.
fn frozen() -> crate::domain::clock::Frozen {
    freeze_here(
        NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_opt(12, 30, 0))
            .unwrap(),
    )
}

fn deal_draft(a: &crate::tui::state::App) -> Option<crate::domain::DealDraft> {
    let f = form(a);
    match f.kind.build(&f.values(), f.zone).draft {
        Some(FormDraft::Deal(d)) => Some(*d),
        _ => None,
    }
}

#[test]
fn a_deals_close_date_takes_relative_days_and_shows_the_day() {
    let _clock = frozen();
    let mut a = app();
    a.zone = Zone::named("UTC").unwrap();
    a.pane = PaneId::Deals;
    key(&mut a, 'n');
    focus(&mut a, "expected_close");
    typed(&mut a, "+45d");
    let close = field(&a, "expected_close");
    assert_eq!(close.error, None, "{:?}", close.error);
    assert_eq!(close.resolved.as_deref(), Some("Sat 16 Jan 2027"));
    // the draft gets the day (other fields still to fill do not matter to it)
    let f = form(&a);
    let built = f.kind.build(&f.values(), f.zone);
    assert!(
        !built.errors.iter().any(|(n, _)| *n == "expected_close"),
        "{:?}",
        built.errors
    );
    ctrl(&mut a, 'u');
    typed(&mut a, "fri");
    assert_eq!(
        field(&a, "expected_close").resolved.as_deref(),
        Some("Fri 4 Dec")
    );
    // a time on a day field, or nonsense: an error naming the text, no resolved day
    ctrl(&mut a, 'u');
    typed(&mut a, "fri 14:30");
    let close = field(&a, "expected_close");
    assert!(close.error.as_deref().unwrap().contains("takes no time"));
    assert_eq!(close.resolved, None);
    assert!(deal_draft(&a).is_none());
}

#[test]
fn a_due_time_shows_what_it_resolved_to_in_the_users_zone() {
    let _clock = frozen();
    let mut a = app();
    // Berlin is UTC+1 in December: 12:30 UTC is 13:30 there, so "+2h" is 15:30
    a.zone = Zone::named("Europe/Berlin").unwrap();
    a.pane = PaneId::Activities;
    key(&mut a, 'n');
    typed(&mut a, "Call Lena");
    focus(&mut a, "due_at");
    typed(&mut a, "fri 14:30");
    assert_eq!(
        field(&a, "due_at").resolved.as_deref(),
        Some("Fri 4 Dec 14:30")
    );
    ctrl(&mut a, 'u');
    typed(&mut a, "+2h");
    assert_eq!(
        field(&a, "due_at").resolved.as_deref(),
        Some("Wed 2 Dec 15:30")
    );
    ctrl(&mut a, 'u');
    typed(&mut a, "-1d 10:00");
    assert_eq!(
        field(&a, "due_at").resolved.as_deref(),
        Some("Tue 1 Dec 10:00")
    );
    ctrl(&mut a, 'u');
    typed(&mut a, "whenever");
    assert_eq!(field(&a, "due_at").resolved, None);
    assert!(field(&a, "due_at").error.is_some());
}

#[test]
fn ctrl_c_on_an_unchanged_form_says_it_closed_it() {
    let mut a = app();
    key(&mut a, 'n');
    ctrl(&mut a, 'c');
    assert_eq!(a.mode, Mode::Normal);
    let said = a.message.clone().unwrap().1;
    assert!(said.contains("Closed new company"), "{said}");
    // Esc closes as before, quietly
    a.message = None;
    key(&mut a, 'n');
    code(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.message, None);
}

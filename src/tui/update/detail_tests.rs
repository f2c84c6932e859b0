//! An open record without a database: the History tab's opened change, and drilling from a
//! company into its related records and back (a stack), every load an effect.

use crossterm::event::KeyCode;

use super::tests::{app, code, key, loaded, row_reqs};
use super::*;
use crate::domain::Id;
use crate::tui::state::detail::{Detail, Link, Tab};

fn id(n: u128) -> Id {
    Id(uuid::Uuid::from_u128(n))
}

/// A tab of `n` rows, each a related record of `pane` (ids from `base`).
fn related(name: &str, pane: PaneId, base: u128, n: usize) -> Tab {
    let rows: Vec<Vec<String>> = (0..n).map(|i| vec![format!("{name} {i}")]).collect();
    Tab {
        name: name.into(),
        headers: vec!["Name".into()],
        links: (0..n)
            .map(|i| {
                Some(Link {
                    pane,
                    id: id(base + i as u128),
                    label: format!("{name} {i}"),
                })
            })
            .collect(),
        rows,
        ..Tab::default()
    }
}

fn history(n: usize) -> Tab {
    let rows: Vec<Vec<String>> = (0..n).map(|i| vec![format!("change {i}")]).collect();
    Tab {
        name: "History".into(),
        headers: vec!["When".into()],
        changes: rows.iter().map(|_| vec![]).collect(),
        rows,
        ..Tab::default()
    }
}

fn detail(tabs: Vec<Tab>) -> Detail {
    Detail {
        title: "t".into(),
        version: 1,
        tabs,
    }
}

/// The request of the single `LoadDetail` among `effects`, with what it loads.
fn load(effects: &[Effect]) -> (PaneId, Id, u64) {
    match effects {
        [Effect::LoadDetail { pane, id, req }] => (*pane, *id, *req),
        other => panic!("expected one LoadDetail, got {other:?}"),
    }
}

fn reply(a: &mut App, req: u64, d: Detail) {
    update(
        a,
        Action::DetailLoaded {
            req,
            result: Ok(d),
            ms: 1,
        },
    );
}

/// A company open (the first row of the companies table), loaded with Contacts, Deals and
/// History tabs.
fn company_open() -> App {
    let mut a = app();
    let effects = start(&mut a);
    loaded(&mut a, row_reqs(&effects)[0], "acme");
    let (pane, _, req) = load(&update(&mut a, code(KeyCode::Enter)).effects);
    assert_eq!(pane, PaneId::Companies);
    reply(
        &mut a,
        req,
        detail(vec![
            Tab::default(),
            related("Contacts", PaneId::Contacts, 100, 2),
            related("Deals", PaneId::Deals, 200, 3),
            history(2),
        ]),
    );
    a
}

#[test]
fn enter_opens_a_history_change_and_esc_closes_it_before_the_record() {
    let mut a = company_open();
    for _ in 0..3 {
        update(&mut a, key('l'));
    }
    update(&mut a, key('j'));
    let out = update(&mut a, code(KeyCode::Enter));
    assert!(out.effects.is_empty(), "opening a change loads nothing");
    assert_eq!(a.detail.as_ref().unwrap().opened, Some(1));
    update(&mut a, key('k'));
    assert_eq!(
        a.detail.as_ref().unwrap().opened,
        Some(0),
        "k opens the one before"
    );
    update(&mut a, code(KeyCode::Esc));
    let d = a.detail.as_ref().unwrap();
    assert_eq!((d.opened, d.tab, d.selected), (None, 3, 0));
    update(&mut a, code(KeyCode::Esc));
    assert!(a.detail.is_none());
}

#[test]
fn drilling_from_a_company_to_a_deal_to_an_activity_and_back_returns_to_the_same_tab_and_row() {
    let mut a = company_open();
    // the Deals tab, third row
    update(&mut a, key('l'));
    update(&mut a, key('l'));
    update(&mut a, key('j'));
    update(&mut a, key('j'));
    let (pane, deal, req) = load(&update(&mut a, code(KeyCode::Enter)).effects);
    assert_eq!((pane, deal), (PaneId::Deals, id(202)));
    let d = a.detail.as_ref().unwrap();
    assert_eq!(
        (d.pane, d.label.as_str(), d.parents.len()),
        (PaneId::Deals, "Deals 2", 1)
    );
    reply(
        &mut a,
        req,
        detail(vec![
            Tab::default(),
            related("Activities", PaneId::Activities, 300, 1),
        ]),
    );
    update(&mut a, key('l'));
    let (pane, activity, req) = load(&update(&mut a, code(KeyCode::Enter)).effects);
    assert_eq!((pane, activity), (PaneId::Activities, id(300)));
    reply(&mut a, req, detail(vec![Tab::default(), history(1)]));
    assert_eq!(a.detail.as_ref().unwrap().parents.len(), 2);

    // Esc: back to the deal on its Activities tab, read again
    let (pane, back, req) = load(&update(&mut a, code(KeyCode::Esc)).effects);
    assert_eq!((pane, back), (PaneId::Deals, id(202)));
    let d = a.detail.as_ref().unwrap();
    assert_eq!((d.tab, d.selected, d.parents.len()), (1, 0, 1));
    // a late reply for the activity is stale: it changes nothing
    reply(&mut a, req - 1, detail(vec![]));
    assert_eq!(a.detail.as_ref().unwrap().id, id(202));
    reply(
        &mut a,
        req,
        detail(vec![
            Tab::default(),
            related("Activities", PaneId::Activities, 300, 1),
        ]),
    );

    // Esc: the company, on the Deals tab and the third row, as it was left
    let (pane, back, _) = load(&update(&mut a, code(KeyCode::Esc)).effects);
    assert_eq!((pane, back), (PaneId::Companies, a.listing().rows[0].id));
    let d = a.detail.as_ref().unwrap();
    assert_eq!((d.tab, d.selected, d.parents.len()), (2, 2, 0));
    assert_eq!(
        a.detail.as_ref().unwrap().current_tab().unwrap().name,
        "Deals"
    );

    // Esc: the table
    assert!(update(&mut a, code(KeyCode::Esc)).effects.is_empty());
    assert!(a.detail.is_none());
    assert_eq!(a.pane, PaneId::Companies);
}

#[test]
fn enter_on_a_row_that_is_no_record_does_nothing() {
    let mut a = company_open();
    // the Fields tab: its rows open nothing
    let out = update(&mut a, code(KeyCode::Enter));
    assert!(out.effects.is_empty());
    let d = a.detail.as_ref().unwrap();
    assert_eq!(
        (d.pane, d.parents.len(), d.opened),
        (PaneId::Companies, 0, None)
    );
}

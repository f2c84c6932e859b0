//! Live updates without a terminal or a database: changes → a debounce → what is on screen is
//! read again, in place; what left the screen is named with who changed it.

use super::tests::{app, key};
use super::*;
use crate::db::changes::Change;
use crate::db::repo::{Cursor, SortValue};
use crate::domain::{Entity, HistoryAction, Id};
use crate::tui::state::detail::{Detail, DetailState};
use crate::tui::state::form::FormState;
use crate::tui::state::listing::{Loaded, Row, MAX_ROWS};
use crate::tui::state::live::DEBOUNCE_MS;

fn id(n: u128) -> Id {
    Id(uuid::Uuid::from_u128(n))
}

fn row(n: u128, name: &str) -> Row {
    Row {
        id: id(n),
        version: 1,
        cursor: Cursor {
            key: SortValue::Text(name.into()),
            id: id(n),
        },
        label: name.into(),
        cells: vec![name.into()],
    }
}

fn change(entity: Entity, n: u128, action: HistoryAction) -> Change {
    Change {
        entity,
        id: Some(id(n)),
        action: Some(action),
        actor: Some("Bob".into()),
    }
}

/// The companies pane with Alpha, Beta, Gamma, Delta loaded and Gamma selected.
pub(super) fn companies() -> App {
    let mut a = app();
    a.listings.get_mut(&PaneId::Companies).unwrap().height = 10;
    let effects = start(&mut a);
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadRows { req, .. } => Some(*req),
            _ => None,
        })
        .unwrap();
    update(
        &mut a,
        Action::RowsLoaded {
            pane: PaneId::Companies,
            req,
            from: PageFrom::Start,
            result: Ok(Loaded {
                rows: vec![
                    row(1, "Alpha"),
                    row(2, "Beta"),
                    row(3, "Gamma"),
                    row(4, "Delta"),
                ],
                more: false,
                more_before: false,
            }),
            ms: 1,
        },
    );
    a.listing_mut().move_by(2);
    assert_eq!(a.listing().selected_row().unwrap().label, "Gamma");
    a
}

/// Deliver changes and let the debounce run out: the effects the refetch asks for.
fn changed_and_due(a: &mut App, changes: Vec<Change>) -> Vec<Effect> {
    let out = update(a, Action::Changed(changes));
    assert!(out.effects.contains(&Effect::Debounce { ms: DEBOUNCE_MS }));
    update(a, Action::LiveDue).effects
}

pub(super) fn refresh_req(effects: &[Effect]) -> (u64, PageFrom, usize) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadRows {
                req, from, limit, ..
            } => Some((*req, from.clone(), *limit)),
            _ => None,
        })
        .expect("a refetch of the rows")
}

fn refreshed(a: &mut App, req: u64, rows: Vec<Row>) -> Outcome {
    update(
        a,
        Action::RowsLoaded {
            pane: PaneId::Companies,
            req,
            from: PageFrom::Start,
            result: Ok(Loaded {
                rows,
                more: false,
                more_before: false,
            }),
            ms: 1,
        },
    )
}

#[test]
fn changes_are_gathered_until_one_debounce_runs_out() {
    let mut a = companies();
    let first = update(
        &mut a,
        Action::Changed(vec![change(Entity::Companies, 1, HistoryAction::Update)]),
    );
    assert_eq!(first.effects, vec![Effect::Debounce { ms: DEBOUNCE_MS }]);
    let second = update(
        &mut a,
        Action::Changed(vec![change(Entity::Companies, 2, HistoryAction::Update)]),
    );
    assert!(second.effects.is_empty(), "one timer for both");
    let due = update(&mut a, Action::LiveDue).effects;
    let loads = due
        .iter()
        .filter(|e| matches!(e, Effect::LoadRows { .. }))
        .count();
    assert_eq!(loads, 1, "one refetch for both changes: {due:?}");
    assert!(due.iter().any(|e| matches!(e, Effect::Count { .. })));
    assert!(
        update(&mut a, Action::LiveDue).effects.is_empty(),
        "nothing left"
    );
}

#[test]
fn a_refetch_keeps_the_selection_on_its_record_and_renames_in_place() {
    let mut a = companies();
    let effects = changed_and_due(
        &mut a,
        vec![change(Entity::Companies, 1, HistoryAction::Update)],
    );
    let (req, from, limit) = refresh_req(&effects);
    assert_eq!((from, limit), (PageFrom::Start, PAGE));
    // Alpha was renamed Zulu: it sorts last now, Gamma moved up a line
    let out = refreshed(
        &mut a,
        req,
        vec![
            row(2, "Beta"),
            row(3, "Gamma"),
            row(4, "Delta"),
            row(1, "Zulu"),
        ],
    );
    assert!(out.redraw);
    let l = a.listing();
    assert_eq!(
        l.selected_row().unwrap().label,
        "Gamma",
        "the cursor stays on Gamma"
    );
    assert_eq!(l.rows[3].label, "Zulu");
    assert_eq!(a.message, None, "nothing left the list");
}

#[test]
fn a_record_that_left_the_list_is_named_with_who_changed_it() {
    let mut a = companies();
    // Gamma (selected) was reassigned to another team: it is not visible any more
    let effects = changed_and_due(
        &mut a,
        vec![change(Entity::Companies, 3, HistoryAction::Update)],
    );
    let (req, ..) = refresh_req(&effects);
    refreshed(
        &mut a,
        req,
        vec![row(1, "Alpha"), row(2, "Beta"), row(4, "Delta")],
    );
    assert_eq!(
        a.message.as_ref().map(|(_, m)| m.as_str()),
        Some("Gamma is no longer in this list (changed by Bob)")
    );
    assert_eq!(
        a.listing().selected_row().unwrap().label,
        "Delta",
        "the selection stays on its line"
    );
    // a delete says so
    let effects = changed_and_due(
        &mut a,
        vec![change(Entity::Companies, 4, HistoryAction::Delete)],
    );
    let (req, ..) = refresh_req(&effects);
    refreshed(&mut a, req, vec![row(1, "Alpha"), row(2, "Beta")]);
    assert_eq!(
        a.message.as_ref().map(|(_, m)| m.as_str()),
        Some("Delta was deleted by Bob")
    );
}

#[test]
fn only_what_is_on_screen_is_read_and_other_panes_when_shown() {
    let mut a = companies();
    // an activity: the companies pane shows nothing of it
    let effects = changed_and_due(
        &mut a,
        vec![change(Entity::Activities, 9, HistoryAction::Create)],
    );
    assert!(effects.is_empty(), "{effects:?}");
    assert!(a.live.stale.contains_key(&PaneId::Activities));
    assert!(!a.live.stale.contains_key(&PaneId::Companies));
    // the activities pane was never loaded: showing it loads it as usual
    let shown = switch_pane(&mut a, PaneId::Activities);
    assert!(shown.iter().any(|e| matches!(e, Effect::LoadRows { .. })));
    // back on companies (loaded, not stale): nothing to read
    assert!(switch_pane(&mut a, PaneId::Companies).is_empty());
    // a company changed while the contacts pane (which shows company names) was on screen…
    a.listings.get_mut(&PaneId::Contacts).unwrap().loaded = true;
    a.pane = PaneId::Contacts;
    let effects = changed_and_due(
        &mut a,
        vec![change(Entity::Companies, 1, HistoryAction::Update)],
    );
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::LoadRows {
            pane: PaneId::Contacts,
            ..
        }
    )));
    // …marks the companies pane stale, read in place when shown again
    let shown = switch_pane(&mut a, PaneId::Companies);
    let (_, from, _) = refresh_req(&shown);
    assert_eq!(from, PageFrom::Start);
    assert!(a.listing().refresh.is_some());
}

#[test]
fn moves_while_a_refetch_is_in_flight_are_not_held_back() {
    let mut a = companies();
    changed_and_due(
        &mut a,
        vec![change(Entity::Companies, 1, HistoryAction::Update)],
    );
    assert!(!a.listing().jumping(), "a refetch is not a jump");
    a.listing_mut().move_by(-1);
    assert_eq!(a.listing().selected_row().unwrap().label, "Beta");
}

#[test]
fn a_deep_window_is_read_from_its_first_row() {
    let mut a = companies();
    let l = a.listing_mut();
    l.rows = (0..MAX_ROWS as u128)
        .map(|i| row(100 + i, &format!("c{i:03}")))
        .collect();
    l.more_before = true;
    l.more_after = true;
    let first = l.rows[0].cursor.clone();
    let effects = changed_and_due(
        &mut a,
        vec![change(Entity::Companies, 150, HistoryAction::Update)],
    );
    let (_, from, limit) = refresh_req(&effects);
    assert_eq!(from, PageFrom::After(first));
    assert_eq!(limit, MAX_ROWS);
}

#[test]
fn the_board_and_the_timeline_are_read_again_when_shown() {
    let mut a = app();
    a.pane = PaneId::Deals;
    a.board.shown = true;
    let effects = changed_and_due(
        &mut a,
        vec![change(Entity::Deals, 5, HistoryAction::Update)],
    );
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::LoadBoard { .. })));
    a.pane = PaneId::Activities;
    a.timeline.shown = true;
    let effects = changed_and_due(
        &mut a,
        vec![change(Entity::Activities, 6, HistoryAction::Create)],
    );
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::LoadTimeline { .. })));
}

#[test]
fn an_open_record_is_read_again_and_closes_when_deleted() {
    let mut a = companies();
    let mut d = DetailState::new(PaneId::Companies, id(3), "Gamma".into(), 99);
    d.pending = None;
    d.detail = Some(Detail {
        title: "Gamma".into(),
        version: 1,
        tabs: vec![],
    });
    a.detail = Some(d);
    let effects = changed_and_due(
        &mut a,
        vec![change(Entity::Companies, 3, HistoryAction::Delete)],
    );
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadDetail { req, id: i, .. } if *i == id(3) => Some(*req),
            _ => None,
        })
        .expect("the open record is read again");
    let out = update(
        &mut a,
        Action::DetailLoaded {
            req,
            result: Ok(Detail {
                title: "Gamma".into(),
                version: 2,
                tabs: vec![],
            }),
            ms: 1,
        },
    );
    assert!(out.redraw);
    assert_eq!(a.detail, None);
    assert_eq!(
        a.message.as_ref().map(|(_, m)| m.as_str()),
        Some("Gamma was deleted by Bob")
    );
}

#[test]
fn an_open_record_no_longer_visible_closes_with_a_message() {
    let mut a = companies();
    let mut d = DetailState::new(PaneId::Companies, id(3), "Gamma".into(), 99);
    d.pending = None;
    a.detail = Some(d);
    let effects = changed_and_due(
        &mut a,
        vec![change(Entity::Companies, 3, HistoryAction::Update)],
    );
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadDetail { req, .. } => Some(*req),
            _ => None,
        })
        .unwrap();
    update(
        &mut a,
        Action::DetailLoaded {
            req,
            result: Err("company 0193 not found".into()),
            ms: 1,
        },
    );
    assert_eq!(a.detail, None);
    assert_eq!(
        a.message.as_ref().map(|(_, m)| m.as_str()),
        Some("Gamma is no longer visible to you (changed by Bob)")
    );
}

#[test]
fn a_form_on_a_changed_record_says_who_changed_it() {
    use crate::tui::forms::FormKind;
    let mut a = companies();
    let values = FormKind::Company.blank(None);
    a.mode = Mode::Form(Box::new(FormState::new(
        FormKind::Company,
        Some(id(3)),
        Some(1),
        values,
        crate::domain::zone::Zone::Local,
    )));
    // someone else's change to another company says nothing
    let out = update(
        &mut a,
        Action::Changed(vec![change(Entity::Companies, 2, HistoryAction::Update)]),
    );
    assert!(!out.redraw);
    let out = update(
        &mut a,
        Action::Changed(vec![change(Entity::Companies, 3, HistoryAction::Update)]),
    );
    assert!(out.redraw);
    let Mode::Form(f) = &a.mode else {
        panic!("the form stays open")
    };
    let message = f.message.as_ref().map(|(_, m)| m.as_str()).unwrap_or("");
    assert!(message.starts_with("Bob changed this record"), "{message}");
    assert_eq!(
        f.version,
        Some(1),
        "saving still checks the version it read"
    );
}

#[test]
fn a_lost_feed_says_so_once_and_when_it_is_back() {
    let mut a = app();
    let out = update(&mut a, Action::LiveStatus(Err("connection refused".into())));
    assert!(out.redraw);
    assert!(a.live.paused);
    a.message = None;
    update(&mut a, Action::LiveStatus(Err("connection refused".into())));
    assert_eq!(a.message, None, "said once");
    update(&mut a, Action::LiveStatus(Ok(())));
    assert_eq!(
        a.message.as_ref().map(|(_, m)| m.as_str()),
        Some("live updates resumed")
    );
    assert!(!a.live.paused);
}

#[test]
fn this_app_s_own_write_is_not_reported_back_to_it() {
    let mut a = companies();
    a.me_name = Some("Ann".into());
    // `d` then `y`: this app deletes Gamma itself
    let out = update(&mut a, key('d'));
    assert!(out.effects.is_empty());
    let out = update(&mut a, key('y'));
    assert!(
        out.effects
            .iter()
            .any(|e| matches!(e, Effect::Delete { .. })),
        "{:?}",
        out.effects
    );
    let mine = Change {
        actor: Some("Ann".into()),
        ..change(Entity::Companies, 3, HistoryAction::Delete)
    };
    assert_eq!(
        update(&mut a, Action::Changed(vec![mine.clone()])),
        Outcome::default()
    );
    // the same record changed again, by Bob: reported
    let out = update(
        &mut a,
        Action::Changed(vec![change(Entity::Companies, 3, HistoryAction::Restore)]),
    );
    assert_eq!(out.effects, vec![Effect::Debounce { ms: DEBOUNCE_MS }]);
    // and a second report of Ann's is no longer taken for this app's own
    update(&mut a, Action::LiveDue);
    let out = update(&mut a, Action::Changed(vec![mine]));
    assert_eq!(out.effects, vec![Effect::Debounce { ms: DEBOUNCE_MS }]);
}

#[test]
fn a_record_opened_from_another_and_deleted_goes_back_to_that_one() {
    let mut a = companies();
    let mut company = DetailState::new(PaneId::Companies, id(3), "Gamma".into(), 98);
    company.pending = None;
    company.tab = 2;
    let mut deal = company.drill(
        crate::tui::state::detail::Link {
            pane: PaneId::Deals,
            id: id(40),
            label: "Gamma renewal".into(),
        },
        99,
    );
    deal.pending = None;
    a.detail = Some(deal);
    let effects = changed_and_due(
        &mut a,
        vec![change(Entity::Deals, 40, HistoryAction::Delete)],
    );
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadDetail { req, id: i, .. } if *i == id(40) => Some(*req),
            _ => None,
        })
        .expect("the open deal is read again");
    update(
        &mut a,
        Action::DetailLoaded {
            req,
            result: Err("deal not found".into()),
            ms: 1,
        },
    );
    let d = a.detail.as_ref().expect("back on the company");
    assert_eq!((d.id, d.tab, d.parents.len()), (id(3), 2, 0));
    assert_eq!(
        a.message.as_ref().map(|(_, m)| m.as_str()),
        Some("Gamma renewal was deleted by Bob")
    );
}

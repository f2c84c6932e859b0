//! The command line (`:`): `:sort` takes a sort's typed name, as `--sort` does, or its label.

use crossterm::event::KeyCode;

use super::tests::{app, code, key};
use super::*;
use crate::domain::describe::describe;
use crate::domain::Entity;

/// Type `:line` and Enter on the contacts pane; the effects that asked for rows.
fn command(a: &mut App, line: &str) -> Vec<Effect> {
    update(a, key(':'));
    for c in line.chars() {
        update(a, key(c));
    }
    update(a, code(KeyCode::Enter))
        .effects
        .into_iter()
        .filter(|e| matches!(e, Effect::LoadRows { .. }))
        .collect()
}

#[test]
fn sort_takes_the_typed_name_or_the_label() {
    // (typed, the sort's index among the contacts' sorts, descending)
    let cases = [
        ("sort first_name", 0, false),
        ("sort first name", 0, false),
        ("sort created desc", 5, true),
        ("sort updated:desc", 6, true),
        ("sort last name desc", 1, true),
        ("sort phone", 3, false),
        ("sort first_name asc", 0, false),
        ("sort first name desc", 0, true),
    ];
    for (typed, sort, descending) in cases {
        let mut a = app();
        start(&mut a);
        update(&mut a, key('2'));
        assert_eq!(a.pane, PaneId::Contacts);
        let loads = command(&mut a, typed);
        assert_eq!(loads.len(), 1, "{typed}: {:?}", a.message);
        let q = &a.listing().query;
        assert_eq!((q.sort, q.descending), (sort, descending), "{typed}");
        assert!(a.message.is_none(), "{typed}: {:?}", a.message);
    }
}

#[test]
fn an_unknown_sort_is_reported_as_the_command_line_reports_it() {
    let mut a = app();
    start(&mut a);
    update(&mut a, key('2'));
    command(&mut a, "sort created");
    let loads = command(&mut a, "sort notes desc");
    assert!(loads.is_empty());
    // the query keeps its sort
    assert_eq!(a.listing().query.sort, 5);
    let (_, text) = a.message.clone().expect("a message");
    assert_eq!(
        text,
        "cannot sort contacts by 'notes'; sort by one of: first_name, last_name, email, phone, \
         title, created, updated"
    );
    let cli = describe(Entity::Contacts).sort_named("notes").unwrap_err();
    assert_eq!(text, cli.to_string());
}

/// The effects of typing `:line` and Enter.
fn typed(a: &mut App, line: &str) -> Vec<Effect> {
    update(a, key(':'));
    for c in line.chars() {
        update(a, key(c));
    }
    update(a, code(KeyCode::Enter)).effects
}

fn save_requests(effects: &[Effect]) -> Vec<(String, String, bool)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::SaveView {
                name,
                filter,
                replace,
                ..
            } => Some((name.clone(), filter.clone(), *replace)),
            _ => None,
        })
        .collect()
}

#[test]
fn saving_over_one_of_your_views_asks_first() {
    let mut a = app();
    start(&mut a);
    update(&mut a, key('2'));
    typed(&mut a, "contacts title:cto");
    let effects = typed(&mut a, "save 東京 CTOs 🚀");
    let asked = save_requests(&effects);
    assert_eq!(asked, [("東京 CTOs 🚀".into(), "title:cto".into(), false)]);
    // the worker finds one of yours by that name and writes nothing
    let exists = |a: &mut App| {
        update(
            a,
            Action::ViewSaved {
                name: "東京 CTOs 🚀".into(),
                pane: PaneId::Contacts,
                filter: "title:cto".into(),
                sort: None,
                result: Ok(false),
            },
        )
    };
    exists(&mut a);
    let Mode::Confirm(p) = &a.mode else {
        panic!("no question: {:?}", a.mode)
    };
    assert_eq!(
        p.question,
        "Replace your view '東京 CTOs 🚀' with contacts where title:cto? y/N"
    );
    let effects = update(&mut a, key('y')).effects;
    assert_eq!(
        save_requests(&effects),
        [("東京 CTOs 🚀".into(), "title:cto".into(), true)]
    );
    assert!(matches!(a.mode, Mode::Normal));

    // any other key keeps the view as it was
    exists(&mut a);
    let effects = update(&mut a, key('n')).effects;
    assert!(save_requests(&effects).is_empty());
    assert_eq!(
        a.message.clone().map(|(_, m)| m).as_deref(),
        Some("Kept your view '東京 CTOs 🚀'")
    );

    // a new name is saved at once
    update(
        &mut a,
        Action::ViewSaved {
            name: "New".into(),
            pane: PaneId::Contacts,
            filter: String::new(),
            sort: None,
            result: Ok(true),
        },
    );
    assert!(matches!(a.mode, Mode::Normal));
    assert_eq!(
        a.message.clone().map(|(_, m)| m).as_deref(),
        Some("Saved view 'New' (:view New)")
    );
}

#[test]
fn a_view_keeps_its_sort() {
    let mut a = app();
    start(&mut a);
    update(&mut a, key('3'));
    typed(&mut a, "sort close desc");
    let effects = typed(&mut a, "save Closing 🚀");
    let sorts: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::SaveView { sort, .. } => Some(sort.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(sorts, [Some("close:desc".to_string())]);

    // applying a view sets its sort; one the pane does not have leaves the sort as it is
    let mut a = app();
    start(&mut a);
    for (saved, want) in [(Some("owner"), (5, false)), (Some("gone:desc"), (5, false))] {
        update(
            &mut a,
            Action::ViewLoaded {
                name: "v".into(),
                result: Ok((PaneId::Deals, "open".into(), saved.map(str::to_string))),
            },
        );
        let q = &a.listing().query;
        assert_eq!((q.sort, q.descending), want, "{saved:?}");
        assert_eq!(q.filter, "open");
    }
}

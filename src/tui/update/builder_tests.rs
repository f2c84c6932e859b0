//! The filter builder, key by key: it writes the filter a user would type, refuses bad values,
//! and Esc puts the filter back.

use crossterm::event::KeyCode;

use super::tests::{app, code, key};
use super::*;

fn filters_requested(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::LoadRows { query, .. } => Some(query.filter.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_builder_writes_the_filter_a_user_would_type() {
    use crate::tui::state::builder::{Known, Step};
    let mut a = app();
    start(&mut a);
    let out = update(&mut a, key('f'));
    assert_eq!(out.effects, vec![Effect::LoadKnown]);
    update(
        &mut a,
        Action::KnownLoaded(Ok(Known {
            users: vec!["ada@example.com".into()],
            stages: vec![],
            tags: vec!["churn-risk".into(), "vip".into()],
        })),
    );
    // field: fuzzy "indus" → industry; operator "is"; value typed
    for c in "indus".chars() {
        update(&mut a, key(c));
    }
    update(&mut a, code(KeyCode::Enter));
    let Mode::Builder(b) = &a.mode else { panic!() };
    assert!(
        matches!(&b.step, Step::Op(f) if f.name == "industry"),
        "{:?}",
        b.step
    );
    update(&mut a, code(KeyCode::Enter));
    for c in "software".chars() {
        update(&mut a, key(c));
    }
    let out = update(&mut a, code(KeyCode::Enter));
    assert_eq!(filters_requested(&out.effects), vec!["industry:software"]);
    // an OR group: status is one of customer, partner (ticked with Tab)
    update(&mut a, key('o'));
    for c in "status".chars() {
        update(&mut a, key(c));
    }
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, code(KeyCode::Enter));
    for v in ["customer", "partner"] {
        let Mode::Builder(b) = &mut a.mode else {
            panic!()
        };
        b.selected = b.choices.iter().position(|c| c == v).unwrap();
        update(&mut a, code(KeyCode::Tab));
    }
    let out = update(&mut a, code(KeyCode::Enter));
    assert_eq!(
        filters_requested(&out.effects),
        vec!["industry:software or status:customer,partner"]
    );
    // and a tag in the same OR group
    update(&mut a, key('a'));
    for c in "tag".chars() {
        update(&mut a, key(c));
    }
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, key('v'));
    let out = update(&mut a, code(KeyCode::Enter));
    let text = "industry:software or (status:customer,partner tag:vip)";
    assert_eq!(filters_requested(&out.effects), vec![text]);
    // Enter applies: the pane's filter is exactly that text, the same as typing it in the bar
    update(&mut a, code(KeyCode::Enter));
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.listing().query.filter, text);
    assert!(super::filter::validate(&a, text).is_ok());
}

#[test]
fn the_builder_refuses_bad_values_and_esc_restores_the_filter() {
    let mut a = app();
    start(&mut a);
    a.listing_mut().query.filter = "city:berlin".into();
    update(&mut a, key('f'));
    for c in "size".chars() {
        update(&mut a, key(c));
    }
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, code(KeyCode::Enter));
    for c in "zzzz".chars() {
        update(&mut a, key(c));
    }
    let out = update(&mut a, code(KeyCode::Enter));
    assert!(out.effects.is_empty());
    let Mode::Builder(b) = &a.mode else { panic!() };
    assert!(
        b.error.as_ref().unwrap().contains("is not one of"),
        "{:?}",
        b.error
    );
    // a number condition, then cancel: the filter from before comes back
    update(&mut a, code(KeyCode::Esc));
    update(&mut a, code(KeyCode::Esc));
    let Mode::Builder(b) = &mut a.mode else {
        panic!()
    };
    b.input.clear();
    b.refresh_choices();
    for c in "employees".chars() {
        update(&mut a, key(c));
    }
    update(&mut a, code(KeyCode::Enter));
    update(&mut a, code(KeyCode::Down));
    update(&mut a, code(KeyCode::Down));
    update(&mut a, code(KeyCode::Enter));
    for c in "50".chars() {
        update(&mut a, key(c));
    }
    let out = update(&mut a, code(KeyCode::Enter));
    assert_eq!(
        filters_requested(&out.effects),
        vec!["(city:berlin) employees>=50"]
    );
    let out = update(&mut a, code(KeyCode::Esc));
    assert_eq!(filters_requested(&out.effects), vec!["city:berlin"]);
    assert_eq!(a.mode, Mode::Normal);
}

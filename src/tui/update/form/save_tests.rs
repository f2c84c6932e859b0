//! Saving from a form without a database: a conflict keeps both versions until the user
//! chooses, repository refusals go next to their fields, a save reloads the open record.

use crossterm::event::KeyCode;

use crate::db::repo::{Cursor, SortValue};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::forms::{
    FormAction, FormDraft, FormEffect, FormKind, FormRecord, Ref, SaveFailure, Saved, Value,
};
use crate::tui::pane::PaneId;
use crate::tui::state::listing::{Loaded, PageFrom, Row};
use crate::tui::state::{App, Mode};
use crate::tui::update::form_tests::{
    app, code, ctrl, field, focus, form, id, key, save_request, typed,
};
use crate::tui::update::{start, update};

/// A company pane with one row, and the edit form opened on it and loaded.
fn editing(version: i32, name: &str, phone: &str) -> (App, FormRecord) {
    let mut a = app();
    let rows_req = start(&mut a)
        .iter()
        .find_map(|e| match e {
            Effect::LoadRows { req, .. } => Some(*req),
            _ => None,
        })
        .unwrap();
    let row = Row {
        id: id(7),
        version,
        cursor: Cursor {
            key: SortValue::Text(name.into()),
            id: id(7),
        },
        label: name.into(),
        cells: vec![name.into()],
    };
    update(
        &mut a,
        Action::RowsLoaded {
            pane: PaneId::Companies,
            req: rows_req,
            from: PageFrom::Start,
            result: Ok(Loaded {
                rows: vec![row],
                more: false,
                more_before: false,
            }),
            ms: 1,
        },
    );
    let out = key(&mut a, 'e');
    let Some(Effect::Form(FormEffect::Load {
        req, id: loaded, ..
    })) = out.effects.first().cloned()
    else {
        panic!("{:?}", out.effects)
    };
    assert_eq!(loaded, id(7));
    assert!(form(&a).loading.is_some());
    let record = company_record(version, name, phone);
    // a stale load is dropped; the right one fills the form
    let stale = update(
        &mut a,
        Action::Form(FormAction::Loaded {
            req: req + 50,
            result: Ok(company_record(1, "Old", "")),
        }),
    );
    assert!(!stale.redraw);
    update(
        &mut a,
        Action::Form(FormAction::Loaded {
            req,
            result: Ok(record.clone()),
        }),
    );
    assert_eq!(form(&a).version, Some(version));
    assert!(!form(&a).is_dirty());
    (a, record)
}

fn company_record(version: i32, name: &str, phone: &str) -> FormRecord {
    let mut values = FormKind::Company.blank(None);
    let at = |n: &str| FormKind::Company.position(n).unwrap();
    values[at("name")] = Value::text(name);
    values[at("phone")] = Value::text(phone);
    FormRecord {
        id: id(7),
        version,
        label: name.into(),
        values,
    }
}

#[test]
fn a_conflicting_save_keeps_both_versions_until_the_user_chooses() {
    let (mut a, _) = editing(3, "Acme Ltd", "+4930123456");
    ctrl(&mut a, 'u');
    typed(&mut a, "Acme Corporation");
    let r = save_request(&ctrl(&mut a, 's'));
    assert_eq!((r.id, r.version), (Some(id(7)), Some(3)));
    // meanwhile someone renamed it and changed the phone
    let theirs = company_record(4, "ACME Limited", "+4930999999");
    update(
        &mut a,
        Action::Form(FormAction::Saved {
            req: r.req,
            result: Err(SaveFailure::Conflict(Box::new(theirs))),
        }),
    );
    let f = form(&a);
    assert_eq!(f.saving, None);
    assert_eq!(
        f.version,
        Some(4),
        "the next save is checked against theirs"
    );
    assert_eq!(
        field(&a, "name").value.raw(),
        "Acme Corporation",
        "mine kept"
    );
    let at = |n: &str| FormKind::Company.position(n).unwrap();
    assert_eq!(f.theirs_of(at("name")).unwrap().raw(), "ACME Limited");
    // the phone I never touched takes theirs at once: saving mine must not revert it
    assert_eq!(field(&a, "phone").value.raw(), "+4930999999");
    assert!(f.theirs_of(at("phone")).is_none());
    assert!(f.changed_by_me(at("name")) && !f.changed_by_me(at("phone")));
    assert!(f.theirs_of(at("email")).is_none());
    let message = &f.message.as_ref().unwrap().1;
    assert!(message.contains("Conflict"), "{message}");
    assert!(message.contains("theirs in 1 you left"), "{message}");
    assert!(f.is_dirty());
    // Esc asks; n keeps editing
    code(&mut a, KeyCode::Esc);
    assert!(form(&a).ask.is_some());
    key(&mut a, 'n');
    assert!(form(&a).ask.is_none());
    let r2 = save_request(&ctrl(&mut a, 's'));
    assert_eq!(r2.version, Some(4));
    let FormDraft::Company(d) = &r2.draft else {
        panic!()
    };
    assert_eq!(
        (d.name.as_str(), d.phone.as_deref()),
        ("Acme Corporation", Some("+4930999999"))
    );
    let out = update(
        &mut a,
        Action::Form(FormAction::Saved {
            req: r2.req,
            result: Ok(Saved {
                pane: PaneId::Companies,
                id: id(7),
                version: 5,
                label: "Acme Corporation".into(),
            }),
        }),
    );
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.message.clone().unwrap().1, "Saved Acme Corporation");
    assert!(out
        .effects
        .iter()
        .any(|e| matches!(e, Effect::LoadRows { .. })));
    // the list is read again with the saved record to select
    assert_eq!(a.listings[&PaneId::Companies].follow, Some(id(7)));
}

#[test]
fn ctrl_t_takes_theirs_for_one_field_and_esc_can_discard_mine() {
    let (mut a, _) = editing(3, "Acme Ltd", "");
    ctrl(&mut a, 'u');
    typed(&mut a, "Mine");
    let r = save_request(&ctrl(&mut a, 's'));
    update(
        &mut a,
        Action::Form(FormAction::Saved {
            req: r.req,
            result: Err(SaveFailure::Conflict(Box::new(company_record(
                4, "Theirs", "",
            )))),
        }),
    );
    focus(&mut a, "name");
    ctrl(&mut a, 't');
    assert_eq!(field(&a, "name").value.raw(), "Theirs");
    assert!(!form(&a).is_dirty(), "now the same as the stored record");
    // nothing left to lose: Esc closes without asking, theirs stays
    code(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);
    assert!(a.message.unwrap().1.contains("Kept their version"));
}

#[test]
fn repository_errors_go_next_to_their_fields() {
    let (mut a, _) = editing(3, "Acme Ltd", "");
    {
        let Mode::Form(f) = &mut a.mode else { panic!() };
        let at = f.kind.position("parent_id").unwrap();
        f.fields[at].value = Value::Ref(Some(Ref {
            id: id(7),
            label: "Acme Ltd".into(),
        }));
    }
    let r = save_request(&ctrl(&mut a, 's'));
    update(
        &mut a,
        Action::Form(FormAction::Saved {
            req: r.req,
            result: Err(SaveFailure::Invalid(vec![(
                "parent_id".into(),
                "x is this company or one of its subsidiaries".into(),
            )])),
        }),
    );
    let parent = field(&a, "parent_id");
    assert_eq!(
        parent.shown_error(),
        Some("x is this company or one of its subsidiaries")
    );
    assert_eq!(
        form(&a).focus,
        FormKind::Company.position("parent_id").unwrap()
    );
    // changing the field clears the stale reason
    code(&mut a, KeyCode::Backspace);
    assert_eq!(field(&a, "parent_id").shown_error(), None);
}

#[test]
fn e_in_an_open_record_edits_that_record_and_saving_reloads_it() {
    let (mut a, _) = editing(3, "Acme Ltd", "");
    code(&mut a, KeyCode::Esc);
    assert_eq!(a.mode, Mode::Normal);
    let out = code(&mut a, KeyCode::Enter);
    assert!(matches!(out.effects[0], Effect::LoadDetail { .. }));
    let out = key(&mut a, 'e');
    assert!(
        matches!(&out.effects[..], [Effect::Form(FormEffect::Load { id: loaded, .. })] if *loaded == id(7))
    );
    let Some(Effect::Form(FormEffect::Load { req, .. })) = out.effects.first().cloned() else {
        panic!()
    };
    update(
        &mut a,
        Action::Form(FormAction::Loaded {
            req,
            result: Ok(company_record(3, "Acme Ltd", "")),
        }),
    );
    typed(&mut a, " Group");
    let r = save_request(&ctrl(&mut a, 's'));
    let out = update(
        &mut a,
        Action::Form(FormAction::Saved {
            req: r.req,
            result: Ok(Saved {
                pane: PaneId::Companies,
                id: id(7),
                version: 4,
                label: "Acme Ltd Group".into(),
            }),
        }),
    );
    assert!(out
        .effects
        .iter()
        .any(|e| matches!(e, Effect::LoadDetail { id: d, .. } if *d == id(7))));
    assert_eq!(a.detail.as_ref().unwrap().label, "Acme Ltd Group");
}

#[test]
fn a_second_conflict_measures_my_changes_from_their_first_version() {
    let (mut a, _) = editing(3, "Acme Ltd", "+4930111");
    ctrl(&mut a, 'u');
    typed(&mut a, "Mine");
    let conflict = |a: &mut App, version: i32, name: &str, phone: &str| {
        let r = save_request(&ctrl(a, 's'));
        update(
            a,
            Action::Form(FormAction::Saved {
                req: r.req,
                result: Err(SaveFailure::Conflict(Box::new(company_record(
                    version, name, phone,
                )))),
            }),
        );
    };
    conflict(&mut a, 4, "Theirs", "+4930222");
    assert_eq!(field(&a, "phone").value.raw(), "+4930222");
    // they change the phone again before my next save: their newest phone wins, my name stays
    conflict(&mut a, 5, "Theirs", "+4930333");
    assert_eq!(field(&a, "phone").value.raw(), "+4930333");
    assert_eq!(field(&a, "name").value.raw(), "Mine");
    let r = save_request(&ctrl(&mut a, 's'));
    assert_eq!(r.version, Some(5));
    let FormDraft::Company(d) = &r.draft else {
        panic!()
    };
    assert_eq!(
        (d.name.as_str(), d.phone.as_deref()),
        ("Mine", Some("+4930333"))
    );
}

#[test]
fn typing_into_a_filled_field_replaces_it_and_arrows_or_backspace_edit_it() {
    let (mut a, _) = editing(3, "Acme", "+4930111");
    assert_eq!(
        form(&a).selected,
        Some(0),
        "focus starts on the filled name"
    );
    typed(&mut a, "Globex");
    assert_eq!(
        field(&a, "name").value.raw(),
        "Globex",
        "replaced, not appended"
    );
    code(&mut a, KeyCode::Tab);
    assert_eq!(
        form(&a).selected,
        None,
        "an empty field has nothing to select"
    );
    typed(&mut a, "g.com");
    assert_eq!(field(&a, "domain").value.raw(), "g.com");
    code(&mut a, KeyCode::BackTab);
    code(&mut a, KeyCode::Backspace);
    assert_eq!(field(&a, "name").value.raw(), "Globe", "Backspace edits");
    code(&mut a, KeyCode::Tab);
    code(&mut a, KeyCode::BackTab);
    code(&mut a, KeyCode::Left);
    typed(&mut a, "r");
    assert_eq!(
        field(&a, "name").value.raw(),
        "Globre",
        "after an arrow, typing inserts"
    );
    focus(&mut a, "phone");
    code(&mut a, KeyCode::Down);
    code(&mut a, KeyCode::Up);
    typed(&mut a, "+4930222");
    assert_eq!(field(&a, "phone").value.raw(), "+4930222");
}

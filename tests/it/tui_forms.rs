//! The TUI's forms driven by keys, with the worker running their effects against real databases
//! (both backends): creating a company with tags, a contact with a company and an owner picked
//! by fuzzy search, a conflicting save kept with both versions, repository errors shown inline,
//! and the record and its tags saved all or nothing.

use crate::common;

use common::tui::{ctrl, ctx_for, drive, form, press, tab_to, typed};

use crossterm::event::KeyCode;
use rolo::app::Ctx;
use rolo::db::repo;
use rolo::domain::{CompanyDraft, CompanyId, Role, Tagged, UserDraft, UserId};
use rolo::tui::forms::{FormDraft, FormKind, SaveFailure, SaveRequest};
use rolo::tui::state::Mode;
use rolo::tui::{update, worker, App};

use common::TestDb;

fn value(app: &App, name: &str) -> String {
    let f = form(app);
    f.fields[f.kind.position(name).unwrap()].value.display()
}

/// A database with Ada (the acting user), Grace, and three companies.
fn seeded(db: &TestDb) -> (Ctx, App, UserId, CompanyId) {
    let mut conn = db.conn();
    let ada = repo::user::create(
        &mut conn,
        None,
        UserDraft::new("Ada Lovelace", "ada@example.com", Role::Admin),
    )
    .unwrap();
    repo::user::create(
        &mut conn,
        None,
        UserDraft::new("Grace Hopper", "grace@example.com", Role::Manager),
    )
    .unwrap();
    let mut acme = CompanyDraft::new("Acme Ltd");
    acme.domain = Some("acme.example".into());
    let acme = repo::company::create(&mut conn, None, acme).unwrap();
    for name in ["Globex", "Initech"] {
        repo::company::create(&mut conn, None, CompanyDraft::new(name)).unwrap();
    }
    drop(conn);
    let ctx = ctx_for(db, Some("ada@example.com"));
    let mut app = rolo::tui::app_for(&ctx).unwrap();
    let effects = update::start(&mut app);
    drive(&ctx, &mut app, effects);
    (ctx, app, ada.id, acme.id)
}

fn tag_names(db: &TestDb, target: Tagged) -> Vec<String> {
    let mut conn = db.conn();
    repo::tag::tags_of(&mut conn, target)
        .unwrap()
        .into_iter()
        .map(|t| t.fields.name)
        .collect()
}

both_backends!(a_new_company_is_saved_with_its_tags, |db: TestDb| {
    let (ctx, mut app, ada, _) = seeded(&db);
    press(&ctx, &mut app, KeyCode::Char('n'));
    assert_eq!(form(&app).kind, FormKind::Company);
    typed(&ctx, &mut app, "Umbrella Corp");
    tab_to(&ctx, &mut app, "domain");
    typed(&ctx, &mut app, "Umbrella.example");
    tab_to(&ctx, &mut app, "annual_revenue");
    typed(&ctx, &mut app, "1,250,000.50");
    tab_to(&ctx, &mut app, "tags");
    typed(&ctx, &mut app, "vip, key-account");
    ctrl(&ctx, &mut app, 's');
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    assert_eq!(app.message.clone().unwrap().1, "Saved Umbrella Corp");
    // the pane reloaded and shows it
    assert!(app
        .listing()
        .rows
        .iter()
        .any(|r| r.label == "Umbrella Corp"));
    let mut conn = db.conn();
    let c = repo::company::list(&mut conn, &repo::ListQuery::default(), None)
        .unwrap()
        .rows
        .into_iter()
        .find(|c| c.fields.name == "Umbrella Corp")
        .unwrap();
    assert_eq!(c.fields.domain.as_deref(), Some("umbrella.example"));
    assert_eq!(c.fields.annual_revenue, Some(125_000_050));
    assert_eq!(c.fields.owner_id, Some(ada), "owned by the acting user");
    drop(conn);
    assert_eq!(
        tag_names(&db, Tagged::Company(c.id)),
        vec!["key-account", "vip"]
    );
    // edit: drop a tag, add one, through the same form
    let row = app
        .listing()
        .rows
        .iter()
        .position(|r| r.id == c.id.id())
        .unwrap();
    app.listing_mut().selected = row;
    press(&ctx, &mut app, KeyCode::Char('e'));
    assert_eq!(value(&app, "tags"), "key-account, vip");
    assert_eq!(value(&app, "annual_revenue"), "1,250,000.50");
    assert_eq!(value(&app, "owner_id"), "Ada Lovelace");
    tab_to(&ctx, &mut app, "tags");
    ctrl(&ctx, &mut app, 'u');
    typed(&ctx, &mut app, "vip, churn-risk");
    // meanwhile someone else tags it (tags do not change the record's version): kept
    {
        let mut conn = db.conn();
        let t = repo::tag::ensure(&mut conn, None, "partner").unwrap();
        repo::tag::attach(&mut conn, None, t.id, Tagged::Company(c.id)).unwrap();
    }
    ctrl(&ctx, &mut app, 's');
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    assert_eq!(
        tag_names(&db, Tagged::Company(c.id)),
        vec!["churn-risk", "partner", "vip"]
    );
    let mut conn = db.conn();
    let history = repo::history::for_record(&mut conn, c.id.id()).unwrap();
    let actions: Vec<String> = history.iter().map(|h| h.action.to_string()).collect();
    assert_eq!(actions, vec!["create", "tag", "tag", "tag", "untag", "tag"]);
});

both_backends!(
    a_contact_gets_a_company_and_owner_from_the_pickers,
    |db: TestDb| {
        let (ctx, mut app, _, acme) = seeded(&db);
        press(&ctx, &mut app, KeyCode::Char('2'));
        press(&ctx, &mut app, KeyCode::Char('n'));
        assert_eq!(form(&app).kind, FormKind::Contact);
        typed(&ctx, &mut app, "Ann");
        tab_to(&ctx, &mut app, "last_name");
        typed(&ctx, &mut app, "Lee");
        tab_to(&ctx, &mut app, "company_id");
        press(&ctx, &mut app, KeyCode::Enter);
        {
            let p = form(&app).picker.as_ref().unwrap();
            assert!(!p.pending);
            assert_eq!(p.candidates.len(), 3, "every live company, by name");
        }
        // fuzzy: letters in order, not a substring; the worker's name-prefix candidates have it
        typed(&ctx, &mut app, "acmltd");
        {
            let p = form(&app).picker.as_ref().unwrap();
            assert_eq!(p.chosen().map(|c| c.label.as_str()), Some("Acme Ltd"));
        }
        press(&ctx, &mut app, KeyCode::Enter);
        assert_eq!(value(&app, "company_id"), "Acme Ltd");
        // a substring of the domain finds it as well
        press(&ctx, &mut app, KeyCode::Enter);
        typed(&ctx, &mut app, "acme.ex");
        assert_eq!(
            form(&app).picker.as_ref().unwrap().chosen().map(|c| c.id),
            Some(acme.id())
        );
        press(&ctx, &mut app, KeyCode::Esc);
        tab_to(&ctx, &mut app, "is_primary");
        press(&ctx, &mut app, KeyCode::Char(' '));
        tab_to(&ctx, &mut app, "owner_id");
        ctrl(&ctx, &mut app, 'd');
        assert_eq!(value(&app, "owner_id"), "");
        ctrl(&ctx, &mut app, 'p');
        typed(&ctx, &mut app, "grace");
        press(&ctx, &mut app, KeyCode::Enter);
        assert_eq!(value(&app, "owner_id"), "Grace Hopper");
        tab_to(&ctx, &mut app, "tags");
        typed(&ctx, &mut app, "decision-maker");
        ctrl(&ctx, &mut app, 's');
        assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
        assert_eq!(app.message.clone().unwrap().1, "Saved Ann Lee");
        let mut conn = db.conn();
        let grace = repo::user::find_by_email(&mut conn, "grace@example.com")
            .unwrap()
            .unwrap();
        let people = repo::contact::list_for_company(&mut conn, acme).unwrap();
        assert_eq!(people.len(), 1);
        let ann = &people[0];
        assert_eq!(ann.fields.first_name, "Ann");
        assert!(ann.fields.is_primary);
        assert_eq!(ann.fields.owner_id, Some(grace.id));
        drop(conn);
        assert_eq!(
            tag_names(&db, Tagged::Contact(ann.id)),
            vec!["decision-maker"]
        );
    }
);

both_backends!(
    a_save_after_someone_else_saved_is_a_conflict_that_loses_nothing,
    |db: TestDb| {
        let (ctx, mut app, _, acme) = seeded(&db);
        // the first row is Acme Ltd (sorted by name)
        assert_eq!(app.listing().selected_row().unwrap().id, acme.id());
        press(&ctx, &mut app, KeyCode::Char('e'));
        assert_eq!(form(&app).version, Some(1));
        ctrl(&ctx, &mut app, 'u');
        typed(&ctx, &mut app, "Acme Corporation");
        tab_to(&ctx, &mut app, "tags");
        typed(&ctx, &mut app, "mine");
        // meanwhile, someone else changes the phone and the industry
        {
            let mut conn = db.conn();
            let c = repo::company::get(&mut conn, acme).unwrap();
            let mut d: CompanyDraft = c.fields.clone().into();
            d.phone = Some("+49 30 1234567".into());
            d.industry = Some("software".into());
            repo::company::update(&mut conn, None, acme, c.version, d).unwrap();
        }
        ctrl(&ctx, &mut app, 's');
        let f = form(&app);
        assert_eq!(f.version, Some(2), "now checked against their version");
        assert!(
            f.message.as_ref().unwrap().1.contains("Conflict"),
            "{:?}",
            f.message
        );
        let at = |n: &str| f.kind.position(n).unwrap();
        assert_eq!(value(&app, "name"), "Acme Corporation", "mine is kept");
        assert_eq!(f.theirs_of(at("name")).unwrap().display(), "Acme Ltd");
        assert_eq!(f.theirs_of(at("tags")).unwrap().display(), "");
        assert!(f.theirs_of(at("domain")).is_none());
        // the fields I never touched took theirs
        assert!(f.theirs_of(at("phone")).is_none());
        assert_eq!(value(&app, "phone"), "+49301234567");
        assert_eq!(value(&app, "industry"), "software");
        // nothing of mine was written: not the name, not the tag (one transaction)
        {
            let mut conn = db.conn();
            let c = repo::company::get(&mut conn, acme).unwrap();
            assert_eq!((c.fields.name.as_str(), c.version), ("Acme Ltd", 2));
        }
        assert!(tag_names(&db, Tagged::Company(acme)).is_empty());
        // keep my name and tag, save again
        ctrl(&ctx, &mut app, 's');
        assert_eq!(app.mode, Mode::Normal, "{:?}", form(&app).message);
        let mut conn = db.conn();
        let c = repo::company::get(&mut conn, acme).unwrap();
        assert_eq!(c.fields.name, "Acme Corporation");
        assert_eq!(c.fields.phone.as_deref(), Some("+49301234567"));
        assert_eq!(c.fields.industry.as_deref(), Some("software"));
        assert_eq!(c.version, 3);
        drop(conn);
        assert_eq!(tag_names(&db, Tagged::Company(acme)), vec!["mine"]);
    }
);

both_backends!(
    saving_mine_after_a_conflict_writes_only_the_fields_i_changed,
    |db: TestDb| {
        let (ctx, mut app, ada, acme) = seeded(&db);
        let grace = {
            let mut conn = db.conn();
            let mut d = CompanyDraft::new("Acme Ltd");
            d.domain = Some("acme.example".into());
            d.phone = Some("+49301111111".into());
            d.billing.city = Some("Berlin".into());
            let c = repo::company::get(&mut conn, acme).unwrap();
            repo::company::update(&mut conn, None, acme, c.version, d).unwrap();
            repo::user::find_by_email(&mut conn, "grace@example.com")
                .unwrap()
                .unwrap()
                .id
        };
        press(&ctx, &mut app, KeyCode::Char('e'));
        assert_eq!(value(&app, "billing_city"), "Berlin");
        tab_to(&ctx, &mut app, "phone");
        ctrl(&ctx, &mut app, 'u');
        typed(&ctx, &mut app, "+49302222222");
        // meanwhile Grace changes the phone and the city
        {
            let mut conn = db.conn();
            let c = repo::company::get(&mut conn, acme).unwrap();
            let mut d: CompanyDraft = c.fields.clone().into();
            d.phone = Some("+49303333333".into());
            d.billing.city = Some("Potsdam".into());
            repo::company::update(&mut conn, Some(grace), acme, c.version, d).unwrap();
        }
        ctrl(&ctx, &mut app, 's');
        {
            let f = form(&app);
            assert!(f.message.as_ref().unwrap().1.contains("Conflict"));
            assert_eq!(value(&app, "billing_city"), "Potsdam");
            assert_eq!(value(&app, "phone"), "+49302222222");
        }
        // save mine
        ctrl(&ctx, &mut app, 's');
        assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
        assert_eq!(app.message.clone().unwrap().1, "Saved Acme Ltd");
        let mut conn = db.conn();
        let c = repo::company::get(&mut conn, acme).unwrap();
        assert_eq!(c.fields.phone.as_deref(), Some("+49302222222"), "mine");
        assert_eq!(c.fields.billing_city.as_deref(), Some("Potsdam"), "theirs");
        let history = repo::history::for_record(&mut conn, acme.id()).unwrap();
        let last = history.last().unwrap();
        assert_eq!(last.actor_id, Some(ada));
        let changes: serde_json::Value = serde_json::from_str(&last.changes).unwrap();
        let fields: Vec<&String> = changes.as_object().unwrap().keys().collect();
        assert_eq!(fields, vec!["phone"], "{changes}");
    }
);

both_backends!(repository_refusals_show_next_to_the_field, |db: TestDb| {
    let (ctx, mut app, _, acme) = seeded(&db);
    press(&ctx, &mut app, KeyCode::Char('2'));
    press(&ctx, &mut app, KeyCode::Char('n'));
    typed(&ctx, &mut app, "Bob");
    tab_to(&ctx, &mut app, "company_id");
    press(&ctx, &mut app, KeyCode::Enter);
    typed(&ctx, &mut app, "acme");
    press(&ctx, &mut app, KeyCode::Enter);
    // the company is deleted while the form is open
    {
        let mut conn = db.conn();
        repo::company::soft_delete(&mut conn, None, acme, None).unwrap();
    }
    ctrl(&ctx, &mut app, 's');
    let f = form(&app);
    let company = &f.fields[f.kind.position("company_id").unwrap()];
    let reason = company.shown_error().unwrap();
    assert!(reason.contains("does not exist or is deleted"), "{reason}");
    assert_eq!(f.focus, f.kind.position("company_id").unwrap());
    assert!(f.message.as_ref().unwrap().1.contains("Company"));
    // unset it and the save goes through
    ctrl(&ctx, &mut app, 'd');
    ctrl(&ctx, &mut app, 's');
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
});

both_backends!(
    the_record_and_its_tags_are_saved_together_or_not_at_all,
    |db: TestDb| {
        let (ctx, _app, _, _) = seeded(&db);
        // a tag name the form would refuse, sent straight to the worker: the tag step fails after the
        // company was inserted, and the insert is rolled back with it
        let request = SaveRequest {
            req: 1,
            kind: FormKind::Company,
            id: None,
            version: None,
            draft: FormDraft::Company(Box::new(CompanyDraft::new("Half Saved Inc"))),
            tags: vec!["fine".into(), "two words".into()],
            tags_before: vec![],
            label: "Half Saved Inc".into(),
        };
        let mut conn = ctx.conn().unwrap();
        let failure = worker::form::save(&ctx, &mut conn, request).unwrap_err();
        match failure {
            SaveFailure::Invalid(errors) => assert_eq!(errors[0].0, "tags", "{errors:?}"),
            other => panic!("{other:?}"),
        }
        let names: Vec<String> = repo::company::list(&mut conn, &repo::ListQuery::default(), None)
            .unwrap()
            .rows
            .into_iter()
            .map(|c| c.fields.name)
            .collect();
        assert!(!names.contains(&"Half Saved Inc".to_string()), "{names:?}");
        assert!(repo::tag::find_by_name(&mut conn, "fine")
            .unwrap()
            .is_none());
    }
);

both_backends!(
    a_new_record_from_a_form_is_the_acting_users_as_from_the_cli,
    |db: TestDb| {
        let (ctx, mut app, ada, _) = seeded(&db);
        // the rule both front ends call
        assert_eq!(
            rolo::app::owner::default_owner(rolo::domain::Entity::Companies, ctx.actor),
            Some(ada)
        );
        press(&ctx, &mut app, KeyCode::Char('n'));
        assert_eq!(value(&app, "owner_id"), "Ada Lovelace");
        typed(&ctx, &mut app, "Owned Co");
        ctrl(&ctx, &mut app, 's');
        assert!(matches!(app.mode, Mode::Normal), "{:?}", app.message);
        let id = app.listing().selected_row().unwrap().id;
        let mut conn = db.conn();
        let row = repo::company::get(&mut conn, id.into()).unwrap();
        assert_eq!(row.fields.name, "Owned Co");
        assert_eq!(row.fields.owner_id, Some(ada));
        drop(conn);
        // without an acting user a form starts unowned, as `create` does
        let anon = ctx_for(&db, None);
        let mut app = rolo::tui::app_for(&anon).unwrap();
        // anonymous, as after Esc on "who are you?"
        app.ask_identity = false;
        let effects = update::start(&mut app);
        drive(&anon, &mut app, effects);
        press(&anon, &mut app, KeyCode::Char('n'));
        assert_eq!(value(&app, "owner_id"), "");
    }
);

//! Forms rendered with ratatui's `TestBackend` from the demo data at 80x24 and 120x40: a new
//! company, a form with validation errors, the picker, a conflict, and the help over a form.
//! Dates are masked so the snapshots stay stable.

use crate::common;

use common::tui::{key, press, render, typed};

use crossterm::event::{KeyCode, KeyModifiers};
use rolo::app::Ctx;
use rolo::db::repo;
use rolo::tui::state::Mode;
use rolo::tui::App;

fn tab_to(ctx: &Ctx, app: &mut App, name: &str) {
    for _ in 0..100 {
        let Mode::Form(f) = &app.mode else {
            panic!("no form")
        };
        if f.focus == f.kind.position(name).unwrap() {
            return;
        }
        press(ctx, app, KeyCode::Tab);
    }
    panic!("never reached {name}");
}

macro_rules! snap {
    ($name:expr, $text:expr) => {
        // no masks: the tests' clock is fixed (common::NOW), so dates are part of the picture
        insta::assert_snapshot!($name, $text);
    };
}

fn demo_app() -> (common::TestDb, Ctx, App) {
    common::tui::demo(Some("avery.chen@rolo.example"))
}

#[test]
fn new_company_form() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = demo_app();
    press(&ctx, &mut app, KeyCode::Char('n'));
    typed(&ctx, &mut app, "Acme Ltd");
    snap!("form_new_company_80x24", render(&mut app, 80, 24));
    snap!("form_new_company_120x40", render(&mut app, 120, 40));
    // the focused choice shows every value; the form scrolls to the last fields
    tab_to(&ctx, &mut app, "status");
    snap!("form_choice_80x24", render(&mut app, 80, 24));
    tab_to(&ctx, &mut app, "notes");
    typed(&ctx, &mut app, "Met at the trade fair");
    snap!("form_scrolled_80x24", render(&mut app, 80, 24));
    key(&ctx, &mut app, KeyCode::F(1), KeyModifiers::NONE);
    snap!("form_help_80x24", render(&mut app, 80, 24));
}

#[test]
fn form_with_validation_errors() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = demo_app();
    press(&ctx, &mut app, KeyCode::Char('n'));
    tab_to(&ctx, &mut app, "domain");
    typed(&ctx, &mut app, "not a domain");
    tab_to(&ctx, &mut app, "email");
    typed(&ctx, &mut app, "sales@");
    tab_to(&ctx, &mut app, "employee_count");
    typed(&ctx, &mut app, "many");
    key(&ctx, &mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let Mode::Form(f) = &app.mode else {
        panic!("the form stays open")
    };
    assert_eq!(f.shown_errors().len(), 4, "name, domain, email, employees");
    snap!("form_errors_80x24", render(&mut app, 80, 24));
    snap!("form_errors_120x40", render(&mut app, 120, 40));
}

#[test]
fn picker_popup() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = demo_app();
    press(&ctx, &mut app, KeyCode::Char('2'));
    press(&ctx, &mut app, KeyCode::Char('n'));
    typed(&ctx, &mut app, "Ann");
    tab_to(&ctx, &mut app, "company_id");
    press(&ctx, &mut app, KeyCode::Enter);
    snap!("form_picker_all_120x40", render(&mut app, 120, 40));
    typed(&ctx, &mut app, "nrth");
    snap!("form_picker_80x24", render(&mut app, 80, 24));
    snap!("form_picker_120x40", render(&mut app, 120, 40));
    press(&ctx, &mut app, KeyCode::Enter);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Northwind Distributors"), "{screen}");
}

#[test]
fn conflict_shows_theirs_beside_mine() {
    let _clock = super::frozen_clock();
    let (db, ctx, mut app) = demo_app();
    // Brightline Software is the first company by name
    let id = app.listing().selected_row().unwrap().id;
    press(&ctx, &mut app, KeyCode::Char('e'));
    key(&ctx, &mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    typed(&ctx, &mut app, "Brightline GmbH");
    tab_to(&ctx, &mut app, "status");
    press(&ctx, &mut app, KeyCode::Right);
    {
        let mut conn = db.conn();
        let c = repo::company::get(&mut conn, rolo::domain::CompanyId(id)).unwrap();
        let mut d: rolo::domain::CompanyDraft = c.fields.clone().into();
        d.name = "Brightline Software SE".into();
        d.phone = Some("+49 30 9876543".into());
        repo::company::update(&mut conn, None, c.id, c.version, d).unwrap();
    }
    key(&ctx, &mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    snap!("form_conflict_80x24", render(&mut app, 80, 24));
    snap!("form_conflict_120x40", render(&mut app, 120, 40));
    press(&ctx, &mut app, KeyCode::Esc);
    snap!("form_conflict_discard_80x24", render(&mut app, 80, 24));
}

#[test]
fn dates_show_what_they_resolved_to() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = demo_app();
    press(&ctx, &mut app, KeyCode::Char('4'));
    press(&ctx, &mut app, KeyCode::Char('n'));
    // a new activity starts on Subject: typing writes it
    typed(&ctx, &mut app, "致电 Lena 📞 about the 合同");
    tab_to(&ctx, &mut app, "due_at");
    typed(&ctx, &mut app, "fri 14:30");
    let Mode::Form(f) = &app.mode else {
        panic!("no form")
    };
    let due = &f.fields[f.kind.position("due_at").unwrap()];
    // NOW is Monday 23 November 2026
    assert_eq!(due.resolved.as_deref(), Some("Fri 27 Nov 14:30"));
    snap!("form_due_resolved_80x24", render(&mut app, 80, 24));
    snap!("form_due_resolved_120x40", render(&mut app, 120, 40));
    snap!("form_due_resolved_200x50", render(&mut app, 200, 50));
}

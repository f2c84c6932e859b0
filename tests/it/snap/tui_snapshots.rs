//! The TUI rendered with ratatui's `TestBackend` from the demo data, at 80x24 and 120x40. The demo
//! data is built from the tests' fixed clock (`common::NOW`), so its dates are in the pictures.

use crate::common;

use common::tui::{ctx_for, drive, press, render, typed};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rolo::app::Ctx;
use rolo::tui::pane::PaneId;
use rolo::tui::{update, Action, App};

macro_rules! snap {
    ($name:expr, $text:expr) => {
        // no masks: the tests' clock is fixed (common::NOW), so dates are part of the picture
        insta::assert_snapshot!($name, $text);
    };
}

fn demo_app() -> (common::TestDb, Ctx, App) {
    common::tui::demo(Some("ada@example.com"))
}

#[test]
fn every_pane_at_both_sizes() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = demo_app();
    for pane in PaneId::ALL {
        let out = update::update(
            &mut app,
            Action::Key(KeyEvent::new(
                KeyCode::Char(char::from(b'1' + pane.index() as u8)),
                KeyModifiers::NONE,
            )),
        );
        drive(&ctx, &mut app, out.effects);
        if pane == PaneId::Activities {
            // the timeline's times follow the clock (it has its own fixed-clock snapshots in
            // tui_pipeline_snapshots); here the plain table, whose dates are masked
            app.timeline.shown = false;
        }
        for (w, h) in [(80, 24), (120, 40)] {
            let name = format!("{}_{w}x{h}", pane.title().to_lowercase());
            snap!(name, render(&mut app, w, h));
        }
    }
    // the deals table (b) as well as the board
    app.board.shown = false;
    let out = update::update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE)),
    );
    drive(&ctx, &mut app, out.effects);
    snap!("deals_table_80x24", render(&mut app, 80, 24));
}

#[test]
fn company_detail_tabs() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = demo_app();
    typed(&ctx, &mut app, "/");
    typed(&ctx, &mut app, "name:\"brightline software\"");
    press(&ctx, &mut app, KeyCode::Enter);
    press(&ctx, &mut app, KeyCode::Enter);
    snap!("company_detail_fields_80x24", render(&mut app, 80, 24));
    press(&ctx, &mut app, KeyCode::Char('l'));
    snap!("company_detail_contacts_120x40", render(&mut app, 120, 40));
    for _ in 0..3 {
        press(&ctx, &mut app, KeyCode::Char('l'));
    }
    snap!("company_detail_history_120x40", render(&mut app, 120, 40));
}

#[test]
fn help_overlay_and_filter_error() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = demo_app();
    press(&ctx, &mut app, KeyCode::Char('?'));
    snap!("help_80x24", render(&mut app, 80, 24));
    snap!("help_120x40", render(&mut app, 120, 40));
    press(&ctx, &mut app, KeyCode::Esc);
    press(&ctx, &mut app, KeyCode::Char('/'));
    typed(&ctx, &mut app, "status:customer industy:soft");
    snap!("filter_error_80x24", render(&mut app, 80, 24));
}

#[test]
fn welcome_and_too_small() {
    let _clock = super::frozen_clock();
    let db = common::sqlite();
    let ctx = ctx_for(&db, None);
    let mut app = rolo::tui::app_for(&ctx).unwrap();
    app.location = "/data/rolo.db".into();
    let effects = update::start(&mut app);
    drive(&ctx, &mut app, effects);
    snap!("welcome_80x24", render(&mut app, 80, 24));
    snap!("too_small_50x10", render(&mut app, 50, 10));
}

#[test]
fn hostile_text_is_sanitized_on_screen() {
    let _clock = super::frozen_clock();
    let db = common::sqlite();
    {
        let mut conn = db.conn();
        // validation refuses control characters, but another client or an old import may not
        let draft = rolo::domain::CompanyDraft::new("Evil Corp");
        rolo::db::repo::company::create(&mut conn, None, draft).unwrap();
        use diesel::prelude::*;
        use rolo::db::schema::companies;
        diesel::update(companies::table)
            .set(companies::name.eq("Evil\u{1b}[2J\u{1b}]0;owned\u{7} Corp"))
            .execute(&mut conn)
            .unwrap();
    }
    let ctx = ctx_for(&db, None);
    let mut app = rolo::tui::app_for(&ctx).unwrap();
    app.ask_identity = false;
    let effects = update::start(&mut app);
    drive(&ctx, &mut app, effects);
    let screen = render(&mut app, 120, 40);
    assert!(!screen.contains('\u{1b}'), "{screen}");
    assert!(!screen.contains('\u{7}'));
    assert!(
        screen.contains("Evil\u{fffd}[2J\u{fffd}]0;owned\u{fffd}"),
        "{screen}"
    );
}

#[test]
fn filter_builder() {
    let _clock = super::frozen_clock();
    let (_db, ctx, mut app) = demo_app();
    press(&ctx, &mut app, KeyCode::Char('f'));
    typed(&ctx, &mut app, "indus");
    snap!("builder_fields_80x24", render(&mut app, 80, 24));
    press(&ctx, &mut app, KeyCode::Enter);
    press(&ctx, &mut app, KeyCode::Enter);
    typed(&ctx, &mut app, "software");
    press(&ctx, &mut app, KeyCode::Enter);
    press(&ctx, &mut app, KeyCode::Char('o'));
    typed(&ctx, &mut app, "tag");
    press(&ctx, &mut app, KeyCode::Enter);
    press(&ctx, &mut app, KeyCode::Enter);
    snap!("builder_values_120x40", render(&mut app, 120, 40));
    typed(&ctx, &mut app, "vip");
    press(&ctx, &mut app, KeyCode::Enter);
    snap!("builder_review_80x24", render(&mut app, 80, 24));
    assert_eq!(app.listing().query.filter, "industry:software or tag:vip");
    press(&ctx, &mut app, KeyCode::Enter);
    snap!("builder_applied_80x24", render(&mut app, 80, 24));
}

#[test]
fn configured_columns_and_keys() {
    let _clock = super::frozen_clock();
    let db = common::sqlite();
    {
        let mut conn = db.conn();
        rolo::seed::demo::load(&mut conn, None).unwrap();
    }
    let mut ctx = ctx_for(&db, None);
    ctx.settings.file.columns.insert(
        "companies".into(),
        vec!["name".into(), "owner".into(), "city".into()],
    );
    ctx.settings
        .file
        .keys
        .insert("quit".into(), vec!["Q".into()]);
    let mut app = rolo::tui::app_for(&ctx).unwrap();
    app.location = "/data/rolo.db".into();
    app.ask_identity = false;
    let effects = update::start(&mut app);
    drive(&ctx, &mut app, effects);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("Name") && screen.contains("Owner") && screen.contains("City"));
    assert!(!screen.contains("Industry"), "{screen}");
    let wide = render(&mut app, 120, 40);
    assert!(wide.contains("Q quit"), "{wide}");
    ctx.settings
        .file
        .columns
        .insert("companies".into(), vec!["nmae".into()]);
    let err = rolo::tui::app_for(&ctx).unwrap_err().to_string();
    assert!(err.contains("no column 'nmae'"), "{err}");
}

/// Saved views with wide names: two of the user's, one shared.
fn with_views(db: &common::TestDb, ctx: &Ctx) {
    use rolo::domain::{Entity, ViewDraft};
    let mut conn = db.conn();
    for (name, entity, filter, sort, mine) in [
        (
            "東京 pipeline 🚀",
            Entity::Deals,
            "open stage:proposal",
            Some("close"),
            false,
        ),
        (
            "Big deals",
            Entity::Deals,
            "value>=20000",
            Some("value:desc"),
            true,
        ),
        (
            "Berlin customers",
            Entity::Companies,
            "city:berlin status:customer",
            None,
            true,
        ),
    ] {
        let draft = ViewDraft {
            owner_id: if mine { ctx.actor } else { None },
            entity,
            name: name.into(),
            filter: filter.into(),
            sort: sort.map(str::to_string),
        };
        let by = if mine { ctx.actor } else { None };
        rolo::db::repo::view::create(&mut conn, by, draft).unwrap();
    }
}

#[test]
fn saved_views_list() {
    let _clock = super::frozen_clock();
    let (db, ctx, mut app) = common::tui::demo(Some("jordan.patel@rolo.example"));
    assert!(ctx.actor.is_some());
    with_views(&db, &ctx);
    press(&ctx, &mut app, KeyCode::Char(':'));
    typed(&ctx, &mut app, "views");
    press(&ctx, &mut app, KeyCode::Enter);
    press(&ctx, &mut app, KeyCode::Char('j'));
    snap!("views_list_80x24", render(&mut app, 80, 24));
    snap!("views_list_120x40", render(&mut app, 120, 40));
}

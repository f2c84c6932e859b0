//! "Who are you?" on a SQLite file started without an acting user: the list of active users
//! (CJK and emoji names among them), narrowed by typing, and adding yourself; at 80x24, 120x40
//! and 200x50. The choice is written to a config file of the test's own.

use crate::common;

use common::tui::{ctx_for, drive, press, render, typed};

use crossterm::event::KeyCode;
use rolo::app::Ctx;
use rolo::domain::{CompanyDraft, Role, UserDraft};
use rolo::tui::state::Mode;
use rolo::tui::{update, App};

macro_rules! snap {
    ($name:expr, $text:expr) => {
        insta::assert_snapshot!($name, $text);
    };
}

/// An app over `db` with no acting user and its config file in `dir`, started.
fn first_start(db: &common::TestDb, dir: &std::path::Path) -> (Ctx, App) {
    let mut ctx = ctx_for(db, None);
    ctx.settings.config_path = dir.join("config.toml");
    let mut app = rolo::tui::app_for(&ctx).unwrap();
    app.location = "/data/rolo.db".into();
    let effects = update::start(&mut app);
    drive(&ctx, &mut app, effects);
    (ctx, app)
}

#[test]
fn the_picker_lists_the_active_users_and_remembers_the_choice() {
    let _clock = super::frozen_clock();
    let db = common::sqlite();
    {
        let mut conn = db.conn();
        use rolo::db::repo;
        for (name, email, active) in [
            ("Avery Chen", "avery@example.com", true),
            ("李小龍 Lee 🐉", "lee@example.com", true),
            (
                "Zoë O'Brien-Castellanos de la Fuente",
                "zoe@example.com",
                true,
            ),
            ("Gone Person", "gone@example.com", false),
        ] {
            let mut d = UserDraft::new(name, email, Role::SalesRep);
            d.active = active;
            repo::user::create(&mut conn, None, d).unwrap();
        }
        repo::company::create(&mut conn, None, CompanyDraft::new("東京 Trading 🍣")).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let (ctx, mut app) = first_start(&db, dir.path());
    assert!(matches!(app.mode, Mode::Identity(_)), "{:?}", app.mode);
    let screen = render(&mut app, 80, 24);
    assert!(
        !screen.contains("Gone Person"),
        "inactive users are not offered"
    );
    assert!(screen.contains("no user — edits anonymous"), "{screen}");
    snap!("identity_picker_80x24", screen);
    snap!("identity_picker_120x40", render(&mut app, 120, 40));
    snap!("identity_picker_200x50", render(&mut app, 200, 50));

    typed(&ctx, &mut app, "lee");
    snap!("identity_picker_narrowed_80x24", render(&mut app, 80, 24));
    press(&ctx, &mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.user.as_deref(), Some("lee@example.com"));
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("You are 李小龍 Lee 🐉"), "{screen}");
    let saved = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    assert_eq!(saved, "user = \"lee@example.com\"\n");
}

#[test]
fn adding_yourself_to_an_empty_database_makes_you_its_admin() {
    let _clock = super::frozen_clock();
    let db = common::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let (ctx, mut app) = first_start(&db, dir.path());
    assert_eq!(app.mode, Mode::Welcome);
    // the welcome screen closes into the question
    press(&ctx, &mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Identity(_)), "{:?}", app.mode);
    snap!("identity_no_users_80x24", render(&mut app, 80, 24));
    press(&ctx, &mut app, KeyCode::Enter);
    typed(&ctx, &mut app, "小龍 🐉 Dragon");
    press(&ctx, &mut app, KeyCode::Tab);
    typed(&ctx, &mut app, "dragon@");
    press(&ctx, &mut app, KeyCode::Enter);
    snap!("identity_add_error_80x24", render(&mut app, 80, 24));
    typed(&ctx, &mut app, "example.com");
    snap!("identity_add_80x24", render(&mut app, 80, 24));
    snap!("identity_add_120x40", render(&mut app, 120, 40));
    snap!("identity_add_200x50", render(&mut app, 200, 50));
    press(&ctx, &mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.user.as_deref(), Some("dragon@example.com"));
    let mut conn = db.conn();
    let me = rolo::db::repo::user::find_by_email(&mut conn, "dragon@example.com")
        .unwrap()
        .expect("added");
    assert_eq!(me.fields.role, Role::Admin, "the first user is the admin");
    assert_eq!(me.fields.name, "小龍 🐉 Dragon");
    let saved = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    assert_eq!(saved, "user = \"dragon@example.com\"\n");
}

//! The TUI's user form (`:users`, admins) through `update` and the worker on both backends: a
//! user edited (role, a team picked by name, deactivated) and a new one made, saved with the
//! repository `rolo users create/update` uses; a non-admin is told the rule and nothing opens; a
//! taken email is said next to the field. Snapshots (SQLite, CJK and emoji names) at 80x24,
//! 120x40 and 200x50.

use crate::common;

use common::tui::{ctrl, ctx_for, drive, press, render, typed};
use common::TestDb;

use crossterm::event::KeyCode;
use rolo::db::repo;
use rolo::domain::{CompanyDraft, Role, TeamDraft, UserDraft};
use rolo::tui::state::Mode;
use rolo::tui::{update, App};

/// Snapshots beside the other TUI pictures (tests/it/snap/snapshots).
macro_rules! snap {
    ($name:expr, $text:expr) => {
        insta::with_settings!({ snapshot_path => "snap/snapshots" }, {
            insta::assert_snapshot!($name, $text);
        })
    };
}

fn seeded(db: &TestDb, who: &str) -> (rolo::app::Ctx, App) {
    let mut conn = db.conn();
    repo::user::create(
        &mut conn,
        None,
        UserDraft::new("Ada Lovelace", "ada@example.com", Role::Admin),
    )
    .unwrap();
    repo::user::create(
        &mut conn,
        None,
        UserDraft::new("李小龍 Lee 🐉", "lee@example.com", Role::SalesRep),
    )
    .unwrap();
    repo::team::create(&mut conn, None, TeamDraft::new("North")).unwrap();
    repo::team::create(&mut conn, None, TeamDraft::new("東京 🗼 Tokyo")).unwrap();
    repo::company::create(&mut conn, None, CompanyDraft::new("Acme Ltd")).unwrap();
    drop(conn);
    let ctx = ctx_for(db, Some(who));
    let mut app = rolo::tui::app_for(&ctx).unwrap();
    app.location = "/data/rolo.db".into();
    let effects = update::start(&mut app);
    drive(&ctx, &mut app, effects);
    (ctx, app)
}

fn command(ctx: &rolo::app::Ctx, app: &mut App, line: &str) {
    press(ctx, app, KeyCode::Char(':'));
    typed(ctx, app, line);
    press(ctx, app, KeyCode::Enter);
}

/// Move the form's focus to the field `name`.
fn focus(ctx: &rolo::app::Ctx, app: &mut App, name: &str) {
    for _ in 0..12 {
        let Mode::Form(f) = &app.mode else {
            panic!("no form: {:?}", app.mode)
        };
        if f.fields.get(f.focus).is_some_and(|x| x.spec.name == name) {
            return;
        }
        press(ctx, app, KeyCode::Down);
    }
    panic!("no field {name}");
}

both_backends!(an_admin_edits_and_adds_users_with_a_team, |db: TestDb| {
    let (ctx, mut app) = seeded(&db, "ada@example.com");
    command(&ctx, &mut app, "users");
    assert!(
        matches!(&app.mode, Mode::Identity(p) if p.manage),
        "{:?}",
        app.mode
    );
    typed(&ctx, &mut app, "lee");
    press(&ctx, &mut app, KeyCode::Enter);
    assert!(matches!(&app.mode, Mode::Form(_)), "{:?}", app.mode);
    focus(&ctx, &mut app, "role");
    // the role is a choice: → cycles it (sales_rep → read_only … → manager)
    let role_now = |app: &App| match &app.mode {
        Mode::Form(f) => f.fields[f.focus].value.display(),
        _ => String::new(),
    };
    while role_now(&app) != "manager" {
        press(&ctx, &mut app, KeyCode::Right);
    }
    focus(&ctx, &mut app, "team_id");
    press(&ctx, &mut app, KeyCode::Enter);
    typed(&ctx, &mut app, "tokyo");
    press(&ctx, &mut app, KeyCode::Enter);
    focus(&ctx, &mut app, "active");
    press(&ctx, &mut app, KeyCode::Char(' '));
    ctrl(&ctx, &mut app, 's');
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    let mut conn = db.conn();
    let lee = repo::user::find_by_email(&mut conn, "lee@example.com")
        .unwrap()
        .unwrap();
    let tokyo = repo::team::find_by_name(&mut conn, "東京 🗼 Tokyo")
        .unwrap()
        .unwrap();
    assert_eq!(lee.fields.role, Role::Manager);
    assert_eq!(lee.fields.team_id, Some(tokyo.id));
    assert!(!lee.fields.active);
    drop(conn);

    // a new user from the last row, named as typed; a taken email is said next to the field
    command(&ctx, &mut app, "users");
    typed(&ctx, &mut app, "Rita Rep");
    for _ in 0..5 {
        press(&ctx, &mut app, KeyCode::Down);
    }
    press(&ctx, &mut app, KeyCode::Enter);
    focus(&ctx, &mut app, "email");
    typed(&ctx, &mut app, "ada@example.com");
    ctrl(&ctx, &mut app, 's');
    let Mode::Form(f) = &app.mode else {
        panic!("the form stays: {:?}", app.mode)
    };
    let email = f.fields.iter().find(|x| x.spec.name == "email").unwrap();
    assert!(
        email.shown_error().is_some_and(|e| e.contains("exists")),
        "{:?}",
        email.shown_error()
    );
    for _ in 0.."ada@example.com".len() {
        press(&ctx, &mut app, KeyCode::Backspace);
    }
    typed(&ctx, &mut app, "rita@example.com");
    focus(&ctx, &mut app, "team_id");
    press(&ctx, &mut app, KeyCode::Enter);
    typed(&ctx, &mut app, "north");
    press(&ctx, &mut app, KeyCode::Enter);
    ctrl(&ctx, &mut app, 's');
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    let mut conn = db.conn();
    let rita = repo::user::find_by_email(&mut conn, "rita@example.com")
        .unwrap()
        .expect("made");
    assert_eq!(rita.fields.name, "Rita Rep");
    assert_eq!(rita.fields.role, Role::SalesRep);
    let north = repo::team::find_by_name(&mut conn, "North")
        .unwrap()
        .unwrap();
    assert_eq!(rita.fields.team_id, Some(north.id));
});

both_backends!(a_sales_rep_is_told_users_are_for_admins, |db: TestDb| {
    let (ctx, mut app) = seeded(&db, "lee@example.com");
    command(&ctx, &mut app, "users");
    assert_eq!(app.mode, Mode::Normal);
    let (_, text) = app.message.clone().unwrap();
    assert!(
        text.contains("not permitted") && text.contains("users are managed by admin only"),
        "{text}"
    );
});

#[test]
fn the_users_list_and_the_user_form_at_three_sizes() {
    let _clock = crate::snap::frozen_clock();
    let db = common::sqlite();
    let (ctx, mut app) = seeded(&db, "ada@example.com");
    command(&ctx, &mut app, "users");
    snap!("users_list_80x24", render(&mut app, 80, 24));
    snap!("users_list_120x40", render(&mut app, 120, 40));
    snap!("users_list_200x50", render(&mut app, 200, 50));
    typed(&ctx, &mut app, "lee");
    press(&ctx, &mut app, KeyCode::Enter);
    snap!("user_form_80x24", render(&mut app, 80, 24));
    snap!("user_form_120x40", render(&mut app, 120, 40));
    focus(&ctx, &mut app, "team_id");
    press(&ctx, &mut app, KeyCode::Enter);
    snap!("user_form_team_picker_200x50", render(&mut app, 200, 50));
}

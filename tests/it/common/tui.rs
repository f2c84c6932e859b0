//! Driving the TUI without a terminal: a context on a test database, effects run synchronously
//! through the worker, frames rendered into ratatui's `TestBackend`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use rolo::app::Ctx;
use rolo::config::{DatabaseSource, Dirs, FileConfig, Settings};
use rolo::tui::effect::Effect;
use rolo::tui::state::form::FormState;
use rolo::tui::state::Mode;
use rolo::tui::ui::{self, Theme};
use rolo::tui::{update, worker, Action, App};

use super::TestDb;

pub fn ctx_for(db: &TestDb, user: Option<&str>) -> Ctx {
    let dir = std::env::temp_dir();
    let settings = Settings {
        dirs: Dirs {
            data: dir.clone(),
            config: dir.clone(),
            state: dir.clone(),
        },
        config_path: dir.join("rolo-test-config.toml"),
        file: FileConfig::default(),
        database: db.url_string(),
        database_source: DatabaseSource::Flag,
        user: user.map(str::to_string),
        read_only: false,
    };
    let mut conn = db.conn();
    let found = user.and_then(|u| rolo::db::repo::user::find_by_email(&mut conn, u).unwrap());
    let actor = found.as_ref().map(|u| u.id);
    let actor_name = found.map(|u| u.fields.name);
    let access = rolo::db::access::load(&mut conn, actor).unwrap();
    Ctx {
        settings,
        url: db.url.clone(),
        pool: db.pool.clone(),
        actor,
        actor_name,
        // snapshots and timelines must not depend on the user's or the machine's zone
        zone: rolo::domain::zone::Zone::Named(chrono_tz::UTC),
        access,
    }
}

/// Run effects (and the effects their replies cause) synchronously until none are left.
pub fn drive(ctx: &Ctx, app: &mut App, mut effects: Vec<Effect>) {
    while !effects.is_empty() {
        let effect = effects.remove(0);
        if let Some(action) = worker::run(ctx, effect) {
            effects.extend(update::update(app, action).effects);
        }
    }
}

pub fn key(ctx: &Ctx, app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    let out = update::update(app, Action::Key(KeyEvent::new(code, modifiers)));
    drive(ctx, app, out.effects);
}

pub fn press(ctx: &Ctx, app: &mut App, code: KeyCode) {
    key(ctx, app, code, KeyModifiers::NONE);
}

pub fn ctrl(ctx: &Ctx, app: &mut App, c: char) {
    key(ctx, app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

pub fn typed(ctx: &Ctx, app: &mut App, text: &str) {
    for c in text.chars() {
        press(ctx, app, KeyCode::Char(c));
    }
}

/// The screen as text, laid out twice so the table knows its height; timings fixed.
pub fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = Theme { color: false };
    let mut h = 0;
    terminal.draw(|f| h = ui::draw(f, app, theme)).unwrap();
    update::update(app, Action::TableHeight(h));
    update::update(app, Action::ScreenSize(width, height));
    app.last_ms = Some(3);
    terminal.draw(|f| h = ui::draw(f, app, theme)).unwrap();
    terminal.backend().to_string()
}

/// An app over `db` as `user`, started (first pane loaded), with a fixed location for snapshots.
pub fn started(db: &TestDb, user: Option<&str>) -> (Ctx, App) {
    let ctx = ctx_for(db, user);
    let mut app = rolo::tui::app_for(&ctx).unwrap();
    app.location = "/data/rolo.db".into();
    // without a user: anonymous, as after Esc on "who are you?" (snap/tui_identity_snapshots
    // asks it)
    app.ask_identity = false;
    let effects = update::start(&mut app);
    drive(&ctx, &mut app, effects);
    (ctx, app)
}

/// A fresh SQLite database with the demo data and an app on it, started.
pub fn demo(user: Option<&str>) -> (TestDb, Ctx, App) {
    let db = super::sqlite();
    rolo::seed::demo::load(&mut db.conn(), None).unwrap();
    let (ctx, app) = started(&db, user);
    (db, ctx, app)
}

/// The open form (panics with the mode and message when none is open).
pub fn form(app: &App) -> &FormState {
    match &app.mode {
        Mode::Form(f) => f,
        other => panic!("no form open: {other:?} (message {:?})", app.message),
    }
}

/// Tab to a form field, as a user would.
pub fn tab_to(ctx: &Ctx, app: &mut App, name: &str) {
    let target = form(app).kind.position(name).unwrap();
    for _ in 0..100 {
        if form(app).focus == target {
            return;
        }
        press(ctx, app, KeyCode::Tab);
    }
    panic!("never reached {name}");
}

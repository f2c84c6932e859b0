//! The full-screen application. State changes only through [`Action`]s applied by the pure
//! [`update`]; database work runs on the pool off the UI thread ([`worker`]) and comes back as
//! actions; the screen redraws only when an action changed something. See docs/tui.md.

pub mod action;
pub mod complete;
pub mod effect;
pub mod forms;
pub mod fuzzy;
pub mod help;
pub mod history;
pub mod input;
pub mod keymap;
pub mod pane;
pub mod state;
mod terminal;
pub mod ui;
pub mod update;
pub mod worker;

pub use action::Action;
pub use state::App;
pub use ui::sanitize;

use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_lite::StreamExt;
use tokio::sync::mpsc;

use crate::app::Ctx;
use crate::error::AppError;

/// Build the app state for a context: backend, location, acting user, key bindings.
pub fn app_for(ctx: &Ctx) -> Result<App, AppError> {
    let keymap = keymap::Keymap::with_overrides(&ctx.settings.file.keys)
        .map_err(|e| AppError::Config(format!("{}: {e}", ctx.settings.config_path.display())))?;
    let mut app = App::new(
        ctx.url.backend().to_string(),
        location(&ctx.url),
        ctx.settings.user.clone(),
        keymap,
    );
    app.me = ctx.actor;
    app.read_only = ctx.settings.read_only;
    app.me_name = ctx.actor_name.clone();
    app.zone = ctx.zone;
    app.timeline.mine = ctx.actor.is_some();
    // a SQLite file with no acting user asks who this is (on PostgreSQL the login is the user)
    app.ask_identity = matches!(ctx.url, crate::db::DatabaseUrl::Sqlite(_)) && ctx.actor.is_none();
    if let Some(start) = &ctx.settings.file.start {
        let (pane, agenda) = match start.trim().to_ascii_lowercase().as_str() {
            "agenda" => (pane::PaneId::Activities, true),
            other => match pane::PaneId::parse(other) {
                Some(p) => (p, false),
                None => {
                    return Err(AppError::Config(format!(
                        "{}: start = '{start}' is not one of: companies, contacts, deals, activities, agenda",
                        ctx.settings.config_path.display()
                    )))
                }
            },
        };
        app.pane = pane;
        if agenda {
            app.timeline.shown = true;
        }
    }
    for (name, cols) in &ctx.settings.file.columns {
        let pane = pane::PaneId::parse(name).ok_or_else(|| {
            AppError::Config(format!(
                "{}: [columns] '{name}' is not a pane (companies, contacts, deals, activities)",
                ctx.settings.config_path.display()
            ))
        })?;
        let picked = pane.parse_columns(cols).map_err(|e| {
            AppError::Config(format!("{}: {e}", ctx.settings.config_path.display()))
        })?;
        app.columns.insert(pane, picked);
    }
    Ok(app)
}

/// Where the data lives, short: the SQLite file's path, or `host/db` for PostgreSQL.
pub fn location(url: &crate::db::DatabaseUrl) -> String {
    match url {
        crate::db::DatabaseUrl::Sqlite(p) => p.display().to_string(),
        crate::db::DatabaseUrl::Postgres(u) => {
            let rest = u.split_once("://").map_or(u.as_str(), |(_, r)| r);
            let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
            rest.split('?').next().unwrap_or(rest).to_string()
        }
    }
}

/// glibc's allocator gives threads that allocate at once arenas of their own (up to 8 per core)
/// and keeps what is freed in each for reuse. A TUI session's effects run on several threads and
/// build and drop large results (pages, names, boards), so over a session the arenas held far
/// more freed memory than the TUI used: at data set L, after 4 minutes of browsing, 307 MB RSS of
/// which `malloc_trim(0)` returned 189 MB. Two arenas keep the retained memory near what is in use
/// (benches/browse.py; docs/performance.md "TUI memory").
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fewer_malloc_arenas() {
    // SAFETY: mallopt only sets a parameter of glibc's allocator; it takes no pointers, and it is
    // called before the runtime starts its threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Freed memory that glibc keeps in the middle of its heaps is handed back to the system only by
/// `malloc_trim`: at data set L, with two arenas, a TUI at 212 MB RSS after 2 minutes of browsing
/// went to 100 MB when trimmed (SQLite held 70 MB of it). A thread of its own trims every 20 s.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim_freed_memory() {
    let spawned = std::thread::Builder::new()
        .name("rolo-trim".into())
        .spawn(|| loop {
            std::thread::sleep(std::time::Duration::from_secs(20));
            // SAFETY: malloc_trim takes no pointers; it returns free pages of glibc's heaps to
            // the system and may be called from any thread at any time.
            unsafe {
                libc::malloc_trim(0);
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("no thread to trim freed memory: {e}");
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fewer_malloc_arenas() {}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_freed_memory() {}

pub fn run(ctx: &Ctx) -> Result<(), AppError> {
    fewer_malloc_arenas();
    trim_freed_memory();
    // Effects run on the blocking pool and each needs one of the pool's connections (the board
    // a second one for its totals), so more threads than that would only wait for a connection.
    // Unbounded (tokio's default is 512) a burst of keys left dozens of idle threads, each with
    // its own malloc arena, and the TUI's heap grew past 150 MB over half an hour at data set L.
    let blocking = usize::try_from(ctx.pool.max_size())
        .unwrap_or(3)
        .saturating_add(1)
        .max(2);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(blocking)
        .enable_all()
        .build()?;
    let result = runtime.block_on(event_loop(ctx));
    // `q` quits now: a worker still waiting on the database (a stuck query, a server gone
    // silent) is not waited for; the process ends and its connection with it
    runtime.shutdown_background();
    result
}

async fn event_loop(ctx: &Ctx) -> Result<(), AppError> {
    let mut app = app_for(ctx)?;
    // the `:` and `/` lines' history, next to the logs
    app.history.file = Some(ctx.settings.dirs.state.join(history::FILE));
    let theme = ui::Theme::from_env();
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let worker = worker::Worker::new(ctx.clone(), tx.clone());
    // written as entered, and waited for on every way out of this function (panics included)
    let history_writer = worker::history_writer::Writer::spawn(tx.clone());
    worker::live::spawn(ctx, tx.clone());
    for effect in update::start(&mut app) {
        worker.spawn(effect);
    }
    let mut guard = terminal::TerminalGuard::enter()?;
    let mut events = EventStream::new();
    // effects the loop runs itself (they need the terminal), not the worker
    let mut local: Vec<effect::Effect> = Vec::new();
    let mut ticker = tokio::time::interval(Duration::from_millis(120));
    let mut dirty = true;
    while !app.quit {
        if dirty {
            let mut height = 0;
            let mut size = app.screen;
            guard.terminal.draw(|frame| {
                height = ui::draw(frame, &app, theme);
                size = (frame.area().width, frame.area().height);
            })?;
            dirty = false;
            if size != app.screen {
                dirty |= apply(
                    &mut app,
                    &worker,
                    Action::ScreenSize(size.0, size.1),
                    &mut local,
                );
            }
            if height != app.listing().height {
                dirty |= apply(&mut app, &worker, Action::TableHeight(height), &mut local);
                continue;
            }
        }
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => Some(Action::Key(key)),
                Some(Ok(Event::Resize(_, _))) => Some(Action::Resize),
                Some(Ok(_)) => None,
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            Some(action) = rx.recv() => Some(action),
            // the spinner turns only while something loads
            _ = ticker.tick(), if app.busy() => Some(Action::Tick),
        };
        if let Some(action) = action {
            let mut effects = Vec::new();
            let key = matches!(action, Action::Key(_));
            dirty |= step(&mut app, action, &mut effects, &mut local);
            if key {
                // keys already waiting (a paste, key repeat, a fast typist) are handled before
                // any of their queries starts, so a burst runs only its newest request per slot
                dirty |= drain_keys(&mut app, &mut effects, &mut local)?;
            }
            for effect in effect::newest_per_slot(effects) {
                worker.spawn(effect);
            }
        }
        // in the order they were made (two lines entered in one burst keep their order)
        while !local.is_empty() {
            let effect = local.remove(0);
            if let effect::Effect::AppendHistory { path, entry } = effect {
                if let Some(action) = history_writer.send(path, entry) {
                    dirty |= apply(&mut app, &worker, action, &mut local);
                }
                continue;
            }
            if let effect::Effect::EditText { text } = effect {
                // crossterm's reader must not take the editor's keys: stop it while it runs
                drop(events);
                let result = forms::editor::edit_suspended(&mut guard.terminal, &text);
                events = EventStream::new();
                let action = Action::Form(forms::FormAction::NotesEdited(result));
                dirty = true;
                dirty |= apply(&mut app, &worker, action, &mut local);
            }
        }
    }
    history_writer.finish();
    Ok(())
}

fn apply(
    app: &mut App,
    worker: &worker::Worker,
    action: Action,
    local: &mut Vec<effect::Effect>,
) -> bool {
    let mut effects = Vec::new();
    let redraw = step(app, action, &mut effects, local);
    for effect in effects {
        worker.spawn(effect);
    }
    redraw
}

/// Update for one action; the worker's effects are collected in `effects`, the loop's own in
/// `local`.
fn step(
    app: &mut App,
    action: Action,
    effects: &mut Vec<effect::Effect>,
    local: &mut Vec<effect::Effect>,
) -> bool {
    let outcome = update::update(app, action);
    for effect in outcome.effects {
        match effect {
            effect::Effect::EditText { .. } | effect::Effect::AppendHistory { .. } => {
                local.push(effect)
            }
            effect => effects.push(effect),
        }
    }
    outcome.redraw
}

/// At most this many waiting events are handled in one go before the screen is drawn again.
const BURST: usize = 512;

/// Handle the terminal events that are already waiting, without blocking. crossterm's reader is
/// shared with the event stream; while the stream's waiting thread holds it, `poll` reports
/// nothing and the stream delivers those events instead.
fn drain_keys(
    app: &mut App,
    effects: &mut Vec<effect::Effect>,
    local: &mut Vec<effect::Effect>,
) -> Result<bool, AppError> {
    let mut dirty = false;
    for _ in 0..BURST {
        let editor = local
            .iter()
            .any(|e| matches!(e, effect::Effect::EditText { .. }));
        if app.quit || editor || !crossterm::event::poll(Duration::ZERO)? {
            break;
        }
        let action = match crossterm::event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => Action::Key(key),
            Event::Resize(_, _) => Action::Resize,
            _ => continue,
        };
        dirty |= step(app, action, effects, local);
    }
    Ok(dirty)
}

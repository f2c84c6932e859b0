//! The full-screen application. For now a start screen: it shows what rolo is connected to and
//! how much is in it. The panes (companies, contacts, deal kanban, activity timeline) land with
//! their own issues on top of this loop: state changes through `Action`s, database work runs off
//! the UI thread and comes back as an action, and the screen redraws only when state changed.

mod terminal;
mod view;

pub use view::sanitize;

use crossterm::event::{Event, EventStream, KeyCode, KeyEventKind, KeyModifiers};
use futures_lite::StreamExt;
use tokio::sync::mpsc;

use crate::commands::Ctx;
use crate::db::repo::{self, Liveness};
use crate::error::AppError;

/// Plain data: what the screen shows. No ratatui types.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    pub location: String,
    pub backend: String,
    pub summary: Option<Result<Summary, String>>,
    pub quit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub companies: i64,
    pub contacts: i64,
    pub deals: i64,
    pub activities: i64,
}

/// The only way state changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SummaryLoaded(Result<Summary, String>),
    Quit,
    Resize,
}

/// Pure: apply an action; returns whether the screen must be redrawn.
pub fn update(state: &mut State, action: Action) -> bool {
    match action {
        Action::SummaryLoaded(s) => state.summary = Some(s),
        Action::Quit => state.quit = true,
        Action::Resize => {}
    }
    true
}

fn load_summary(ctx: &Ctx) -> Result<Summary, String> {
    let mut conn = ctx.conn().map_err(|e| e.to_string())?;
    let mut count = |f: fn(&mut crate::db::DbConn) -> Result<i64, crate::db::DbError>| {
        f(&mut conn).map_err(|e| e.to_string())
    };
    Ok(Summary {
        companies: count(|c| repo::company::count(c, Liveness::Live, None))?,
        contacts: count(|c| repo::contact::count(c, Liveness::Live, None))?,
        deals: count(|c| repo::deal::count(c, Liveness::Live, None))?,
        activities: count(|c| repo::activity::count(c, Liveness::Live, None))?,
    })
}

pub fn run(ctx: &Ctx) -> Result<(), AppError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(event_loop(ctx))
}

async fn event_loop(ctx: &Ctx) -> Result<(), AppError> {
    let mut state = State {
        location: ctx.url.to_string(),
        backend: ctx.url.backend().to_string(),
        ..State::default()
    };
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    {
        let ctx = ctx.clone();
        let tx = tx.clone();
        tokio::task::spawn_blocking(move || {
            let _ = tx.send(Action::SummaryLoaded(load_summary(&ctx)));
        });
    }
    let mut guard = terminal::TerminalGuard::enter()?;
    let mut events = EventStream::new();
    let mut dirty = true;
    while !state.quit {
        if dirty {
            guard.terminal.draw(|frame| view::draw(frame, &state))?;
            dirty = false;
        }
        let action = tokio::select! {
            Some(event) = events.next() => match event? {
                Event::Key(key) if key.kind == KeyEventKind::Press => match key.code {
                    KeyCode::Char('q') | KeyCode::Esc => Some(Action::Quit),
                    KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Some(Action::Quit),
                    _ => None,
                },
                Event::Resize(_, _) => Some(Action::Resize),
                _ => None,
            },
            Some(action) = rx.recv() => Some(action),
        };
        if let Some(action) = action {
            dirty |= update(&mut state, action);
        }
    }
    Ok(())
}

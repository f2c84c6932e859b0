//! The filter bar: every keystroke re-checks the filter; a valid one re-queries the pane (the
//! newest request wins), an invalid one shows its reason under the span and leaves the list alone.

use crossterm::event::{KeyCode, KeyEvent};

use super::command_assist::{self, Assisted};
use super::{requery, Outcome};
use crate::filter::{self, Context};
use crate::tui::effect::Effect;
use crate::tui::history::LineKind;
use crate::tui::state::{App, FilterBar, Mode};

/// Check a filter for a pane's entity without touching the database.
pub fn validate(app: &App, text: &str) -> Result<(), (usize, usize, String)> {
    let cx = Context::new(app.pane.entity(), app.me);
    filter::parse(text)
        .and_then(|e| match e {
            Some(expr) => filter::check::check(&expr, &cx).map(|_| ()),
            None => Ok(()),
        })
        .map_err(|e| (e.span.start, e.span.end, e.message))
}

/// Open the bar on the filter in force; the names Tab completes from are read meanwhile if they
/// changed.
pub fn open(app: &mut App) -> Vec<Effect> {
    let current = app.listing().query.filter.clone();
    app.mode = Mode::Filter(FilterBar::new(&current));
    super::command::load_names(app)
}

pub fn key(app: &mut App, key: KeyEvent) -> Outcome {
    match command_assist::key(app, key) {
        Assisted::Done { changed: true } => return retyped(app),
        Assisted::Done { changed: false } => return Outcome::redraw(vec![]),
        Assisted::Pass => {}
    }
    let Mode::Filter(bar) = &mut app.mode else {
        return Outcome::nothing();
    };
    match key.code {
        KeyCode::Esc => {
            let before = bar.before.clone();
            app.mode = Mode::Normal;
            if app.listing().query.filter != before {
                let mut q = app.listing().query.clone();
                q.filter = before;
                return Outcome::redraw(requery(app, app.pane, q));
            }
            Outcome::redraw(vec![])
        }
        KeyCode::Enter => {
            let applied = bar.error.is_none();
            let text = bar.input.text.clone();
            if applied {
                app.mode = Mode::Normal;
                let mut effects = command_assist::remember(app, LineKind::Filter, &text);
                if text.trim().is_empty() {
                    app.views.remove(&app.pane);
                }
                if app.listing().query.filter != text.trim() {
                    let mut q = app.listing().query.clone();
                    q.filter = text.trim().to_string();
                    effects.extend(requery(app, app.pane, q));
                }
                return Outcome::redraw(effects);
            }
            Outcome::redraw(vec![])
        }
        _ => {
            if !bar.input.edit(key) {
                return Outcome::redraw(vec![]);
            }
            retyped(app)
        }
    }
}

/// The bar's text changed (typed, completed, recalled): check it; a valid filter re-queries the
/// pane, an invalid one shows its reason and leaves the list alone.
fn retyped(app: &mut App) -> Outcome {
    let Mode::Filter(bar) = &app.mode else {
        return Outcome::nothing();
    };
    let text = bar.input.text.clone();
    let result = validate(app, &text);
    let Mode::Filter(bar) = &mut app.mode else {
        return Outcome::nothing();
    };
    match result {
        Ok(()) => {
            bar.error = None;
            let mut q = app.listing().query.clone();
            q.filter = text.trim().to_string();
            Outcome::redraw(requery(app, app.pane, q))
        }
        Err(e) => {
            bar.error = Some(e);
            Outcome::redraw(vec![])
        }
    }
}

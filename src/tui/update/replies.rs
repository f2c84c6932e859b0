//! Database replies. A reply whose request id is not the one in flight is stale (the user has
//! typed on since) and is dropped without a redraw.

use super::{page_if_needed, reload, Outcome};
use crate::tui::action::Action;
use crate::tui::state::prompt::Prompt;
use crate::tui::state::{App, Deleted, Mode, Undo};

pub fn reply(app: &mut App, action: Action) -> Outcome {
    match action {
        Action::SummaryLoaded(Ok(s)) => {
            app.summary = Some(s);
            if s.companies == 0 && s.contacts == 0 && s.deals == 0 && app.mode == Mode::Normal {
                app.mode = Mode::Welcome;
                return Outcome::redraw(vec![]);
            }
            // no acting user configured: ask who this is (the welcome screen asks as it closes)
            Outcome::redraw(super::identity::ask_if_needed(app))
        }
        Action::DatabaseReplaced => {
            app.error(
                "the database file was replaced (restored?): reopened it; what you see now is the new file",
            );
            let pane = app.pane;
            Outcome::redraw(reload(app, pane))
        }
        Action::SummaryLoaded(Err(e)) => {
            app.error(format!("cannot read the database: {e}"));
            Outcome::redraw(vec![])
        }
        Action::RowsLoaded {
            pane,
            req,
            from,
            result,
            ms,
        } => {
            let l = app.listings.entry(pane).or_default();
            if l.pending.as_ref().map(|(r, _)| *r) != Some(req) {
                return Outcome::nothing();
            }
            l.pending = None;
            if l.refresh.take() == Some(req) {
                // a live update's re-read of the window: in place, then what left it
                match result {
                    Ok(page) => {
                        let gone = l.apply_refresh(&from, page);
                        super::live::rows_refreshed(app, pane, gone);
                    }
                    Err(e) => l.error = Some(e),
                }
                app.last_ms = Some(ms);
                let more = page_if_needed(app, pane);
                return Outcome::redraw(more);
            }
            match result {
                Ok(page) => l.apply(&from, page),
                Err(e) => l.failed(e),
            }
            app.last_ms = Some(ms);
            let more = page_if_needed(app, pane);
            Outcome::redraw(more)
        }
        Action::Counted { pane, req, result } => {
            let l = app.listings.entry(pane).or_default();
            if l.count_req != Some(req) {
                return Outcome::nothing();
            }
            l.count_req = None;
            match result {
                Ok(c) => l.count = Some(c),
                Err(e) => l.error = Some(e),
            }
            Outcome::redraw(vec![])
        }
        Action::DetailLoaded { req, result, ms } => {
            if super::live::detail_refreshed(app, req, &result) {
                return Outcome::redraw(vec![]);
            }
            let Some(d) = app.detail.as_mut().filter(|d| d.pending == Some(req)) else {
                return Outcome::nothing();
            };
            d.pending = None;
            match result {
                Ok(detail) => {
                    d.loaded(detail);
                    d.error = None;
                }
                Err(e) => d.error = Some(e),
            }
            app.last_ms = Some(ms);
            Outcome::redraw(vec![])
        }
        a @ (Action::Deleted { .. } | Action::Restored { .. }) => record_changed(app, a),
        a @ (Action::ViewLoaded { .. } | Action::ViewSaved { .. }) => view(app, a),
        a @ (Action::ViewsListed(_) | Action::ViewChanged(_)) => super::views::reply(app, a),
        Action::DemoLoaded(result) => match result {
            Ok(()) => {
                app.info("Demo data loaded");
                app.mode = Mode::Normal;
                let mut effects = vec![crate::tui::effect::Effect::LoadSummary];
                for pane in crate::tui::pane::PaneId::ALL {
                    let l = app.listings.entry(pane).or_default();
                    l.loaded = false;
                    l.rows.clear();
                }
                effects.extend(reload(app, app.pane));
                Outcome::redraw(effects)
            }
            Err(e) => {
                app.error(format!("could not load the demo data: {e}"));
                Outcome::redraw(vec![])
            }
        },
        a
        @ (Action::BoardLoaded { .. } | Action::CardsLoaded { .. } | Action::DealMoved { .. }) => {
            super::board::reply(app, a)
        }
        a @ Action::MarkedDone { .. } => super::done::reply(app, a),
        a @ (Action::TimelineLoaded { .. } | Action::Completed { .. }) => {
            super::timeline::reply(app, a)
        }
        a @ (Action::StagesLoaded { .. } | Action::StageChanged { .. }) => {
            super::stages::reply(app, a)
        }
        Action::KnownLoaded(result) => {
            match (result, &mut app.mode) {
                (Ok(known), Mode::Builder(b)) => {
                    b.known = known;
                    b.refresh_choices();
                }
                (Err(e), _) => app.error(format!("could not load values for the builder: {e}")),
                _ => return Outcome::nothing(),
            }
            Outcome::redraw(vec![])
        }
        Action::Key(_)
        | Action::Resize
        | Action::Tick
        | Action::TableHeight(_)
        | Action::ScreenSize(..)
        | Action::Changed(_)
        | Action::LiveDue
        | Action::LiveStatus(_)
        | Action::AccessReloaded(_)
        | Action::NamesLoaded(_)
        | Action::HistoryLoaded(_)
        | Action::HistorySaved(_)
        | Action::Form(_)
        | Action::Identity(_) => Outcome::nothing(),
    }
}

/// A record deleted or restored (or not): say so, offer the undo, reload what shows it.
fn record_changed(app: &mut App, action: Action) -> Outcome {
    match action {
        Action::Deleted {
            pane,
            id,
            label,
            result,
        } => {
            let mut more = match result {
                Ok(()) => {
                    app.listings.entry(pane).or_default().remove(id);
                    let mut more = Vec::new();
                    if app.detail.as_ref().is_some_and(|d| d.id == id) {
                        more = super::normal::back(app);
                    }
                    let undo = app.keymap.hint(crate::tui::keymap::KeyCommand::Undo);
                    app.info(format!("Deleted {label} — {undo} to undo"));
                    app.undo.push(Undo::Deleted(Deleted { pane, id, label }));
                    more
                }
                Err(e) => {
                    app.error(format!("could not delete {label}: {e}"));
                    vec![]
                }
            };
            more.extend(page_if_needed(app, pane));
            if pane == crate::tui::pane::PaneId::Deals && app.board.shown {
                more.extend(reload(app, pane));
            }
            Outcome::redraw(more)
        }
        Action::Restored {
            pane,
            id,
            label,
            result,
        } => match result {
            Ok(()) => {
                app.info(format!("Restored {label}"));
                // the list comes back with the restored record selected
                app.listings.entry(pane).or_default().follow = Some(id);
                Outcome::redraw(reload(app, pane))
            }
            Err(e) => {
                app.error(format!("could not restore {label}: {e}"));
                Outcome::redraw(vec![])
            }
        },
        _ => Outcome::nothing(),
    }
}

/// The index among the pane's sorts and the direction of a saved sort (`name[:asc|:desc]`).
pub(super) fn sort_of(pane: crate::tui::pane::PaneId, saved: &str) -> Option<(usize, bool)> {
    let (name, descending) = match saved.trim().rsplit_once(':') {
        Some((n, "desc")) => (n, true),
        Some((n, "asc")) => (n, false),
        _ => (saved.trim(), false),
    };
    let i = pane.sort_descs().iter().position(|s| s.name == name)?;
    Some((i, descending))
}

/// A saved view found (apply it) or saved.
fn view(app: &mut App, action: Action) -> Outcome {
    match action {
        Action::ViewLoaded { name, result } => match result {
            Ok((pane, filter, sort)) => {
                app.pane = pane;
                app.detail = None;
                let mut query = app.listing().query.clone();
                query.filter = filter;
                // the view's sort, as `--sort` takes it; one this pane no longer has is left out
                if let Some((i, descending)) = sort.as_deref().and_then(|s| sort_of(pane, s)) {
                    query.sort = i;
                    query.descending = descending;
                }
                app.views.insert(pane, name);
                Outcome::redraw(super::requery(app, pane, query))
            }
            Err(e) => {
                app.error(e);
                Outcome::redraw(vec![])
            }
        },
        Action::ViewSaved {
            name,
            pane,
            filter,
            sort,
            result,
        } => {
            match result {
                Ok(true) => {
                    app.info(format!("Saved view '{name}' (:view {name})"));
                    app.views.insert(pane, name);
                }
                // one of yours has the name: ask before replacing it (unless something else is
                // on screen by now; then say how to do it)
                Ok(false) if matches!(app.mode, Mode::Normal) => {
                    app.mode = Mode::Confirm(Prompt::replace_view(name, pane, filter, sort));
                }
                Ok(false) => app.error(format!(
                    "you already have a view named '{name}'; :save {name} again to replace it"
                )),
                Err(e) => app.error(format!("could not save view '{name}': {e}")),
            }
            Outcome::redraw(vec![])
        }
        _ => Outcome::nothing(),
    }
}

//! `update(app, action)`: the one place state changes. Pure: it returns the effects to run (database
//! requests) instead of running them, so every flow is testable without a terminal or a database.

pub mod board;
mod builder;
pub mod command;
mod command_assist;
mod done;
mod filter;
pub mod form;
mod help;
pub mod identity;
pub mod live;
mod normal;
mod picker;
mod prompt;
mod read_only;
mod replies;
pub mod stages;
mod timeline;
mod views;

use super::action::Action;
use super::effect::Effect;
use super::pane::PaneId;
use super::state::listing::{PageFrom, Query, PAGE};
use super::state::{App, Mode};

/// What an action led to.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    /// Whether anything visible changed.
    pub redraw: bool,
}

impl Outcome {
    fn redraw(effects: Vec<Effect>) -> Self {
        Outcome {
            effects,
            redraw: true,
        }
    }
    fn nothing() -> Self {
        Outcome::default()
    }
}

pub fn update(app: &mut App, action: Action) -> Outcome {
    let reply = identity::write_reply(&action);
    let outcome = dispatch(app, action);
    live::note_own_writes(app, &outcome.effects);
    identity::note_anonymous(app, reply, &outcome.effects);
    outcome
}

fn dispatch(app: &mut App, action: Action) -> Outcome {
    match action {
        // F1 opens help from any mode, including those where `?` is typed text
        Action::Key(key)
            if key.code == crossterm::event::KeyCode::F(1)
                && !matches!(app.mode, Mode::Help(_)) =>
        {
            let under = std::mem::replace(&mut app.mode, Mode::Normal);
            app.mode = Mode::Help(Box::new(under));
            Outcome::redraw(vec![])
        }
        Action::Key(key) => match &app.mode {
            Mode::Normal => normal::key(app, key),
            Mode::Filter(_) => filter::key(app, key),
            Mode::CommandLine(_) => command::key(app, key),
            Mode::Help(_) => help::key(app, key),
            Mode::Confirm(_) => prompt::key(app, key),
            Mode::Welcome => normal::welcome_key(app, key),
            Mode::Builder(_) => builder::key(app, key),
            Mode::Form(_) => form::key(app, key),
            Mode::Views(_) => views::key(app, key),
            Mode::Identity(_) => identity::key(app, key),
        },
        Action::Resize => Outcome::redraw(vec![]),
        Action::Tick => {
            if app.busy() {
                app.tick = app.tick.wrapping_add(1);
                Outcome::redraw(vec![])
            } else {
                Outcome::nothing()
            }
        }
        Action::TableHeight(h) => {
            // a card takes three to five lines (title, value and date, company, owner)
            app.board.height = (h.saturating_sub(4) / 4).max(1);
            app.timeline.height = h + 1;
            app.timeline.clamp();
            let l = app.listing_mut();
            if l.height == h {
                return Outcome::nothing();
            }
            l.height = h;
            l.clamp();
            Outcome::redraw(vec![])
        }
        Action::ScreenSize(w, h) => {
            if app.screen == (w, h) {
                return Outcome::nothing();
            }
            app.screen = (w, h);
            Outcome::redraw(vec![])
        }
        Action::Form(reply) => form::reply(app, reply),
        a @ (Action::NamesLoaded(_) | Action::HistoryLoaded(_) | Action::HistorySaved(_)) => {
            command::reply(app, a)
        }
        Action::Identity(reply) => identity::reply(app, reply),
        a @ (Action::Changed(_)
        | Action::LiveDue
        | Action::LiveStatus(_)
        | Action::AccessReloaded(_)) => live::reply(app, a),
        other => replies::reply(app, other),
    }
}

/// Start the app: the summary (to decide on the welcome screen) and the first pane's rows.
pub fn start(app: &mut App) -> Vec<Effect> {
    let mut effects = vec![Effect::LoadSummary];
    if let Some(path) = app.history.file.clone() {
        effects.push(Effect::LoadHistory { path });
    }
    effects.extend(switch_pane(app, app.pane));
    effects
}

/// Ask for the first page and the count of a pane under its current query.
pub fn reload(app: &mut App, pane: PaneId) -> Vec<Effect> {
    // a full read brings whatever others changed meanwhile
    app.live.stale.remove(&pane);
    if pane == PaneId::Deals && app.board.shown {
        // only the board: the deals table (hidden behind it) is read when `b` shows it again,
        // so the board's statements have the pool and the cores to themselves
        let l = app.listings.entry(pane).or_default();
        l.loaded = false;
        let filter = l.query.filter.clone();
        let req = app.req();
        app.board.pending = Some(req);
        return vec![Effect::LoadBoard { req, filter }];
    }
    let rows = app.req();
    let count = app.req();
    let l = app.listings.entry(pane).or_default();
    l.loaded = false;
    // a record to select (saved, restored): the page that holds it, wherever it sorts
    let from = l.follow.map_or(PageFrom::Start, PageFrom::Around);
    l.request(rows, from.clone());
    l.count_req = Some(count);
    let mut effects = vec![];
    if pane == PaneId::Activities {
        effects.extend(timeline::load(app));
    }
    let l = app.listings.entry(pane).or_default();
    effects.extend([
        Effect::LoadRows {
            pane,
            req: rows,
            query: l.query.clone(),
            from,
            limit: PAGE,
        },
        Effect::Count {
            pane,
            req: count,
            filter: l.query.filter.clone(),
        },
    ]);
    effects
}

/// Change a pane's query (filter, sort) and reload it.
pub fn requery(app: &mut App, pane: PaneId, query: Query) -> Vec<Effect> {
    app.listings.entry(pane).or_default().reset_for(query);
    reload(app, pane)
}

/// Ask for more rows in one direction if the selection is near the edge of what is loaded.
pub fn page_if_needed(app: &mut App, pane: PaneId) -> Vec<Effect> {
    let Some(from) = app.listings.get(&pane).and_then(|l| l.wanted_page()) else {
        return vec![];
    };
    load_from(app, pane, from)
}

pub fn load_from(app: &mut App, pane: PaneId, from: PageFrom) -> Vec<Effect> {
    let req = app.req();
    let l = app.listings.entry(pane).or_default();
    l.request(req, from.clone());
    vec![Effect::LoadRows {
        pane,
        req,
        query: l.query.clone(),
        from,
        limit: PAGE,
    }]
}

/// Switch panes; a pane is loaded the first time it is shown.
pub fn switch_pane(app: &mut App, pane: PaneId) -> Vec<Effect> {
    app.pane = pane;
    app.detail = None;
    let l = app.listing();
    let mut effects = if !l.loaded && l.pending.is_none() {
        reload(app, pane)
    } else if let Some(changes) = app.live.stale.remove(&pane) {
        // others changed what this pane shows while it was not on screen
        live::refresh(app, pane, changes)
    } else {
        vec![]
    };
    let t = &app.timeline;
    if pane == PaneId::Activities && t.shown && !t.loaded && t.pending.is_none() {
        effects.extend(timeline::load(app));
    }
    effects
}

#[cfg(test)]
mod board_tests;
#[cfg(test)]
mod builder_tests;
#[cfg(test)]
mod column_tests;
#[cfg(test)]
mod command_assist_tests;
#[cfg(test)]
mod command_tests;
#[cfg(test)]
mod detail_tests;
#[cfg(test)]
mod filter_tests;
#[cfg(test)]
mod form_tests;
#[cfg(test)]
mod live_access_tests;
#[cfg(test)]
mod live_tests;
#[cfg(test)]
mod paging_tests;
#[cfg(test)]
mod read_only_tests;
#[cfg(test)]
mod stages_tests;
#[cfg(test)]
mod tests;

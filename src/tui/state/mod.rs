//! Everything the screen shows, as plain data (no ratatui types). Changed only by
//! [`update`](super::update::update).

pub mod board;
pub mod builder;
pub mod detail;
pub mod form;
pub mod identity;
pub mod line;
pub mod listing;
pub mod live;
pub mod prompt;
pub mod stages;
pub mod timeline;
pub mod views_list;

use std::collections::BTreeMap;

pub use super::input::TextInput;
pub use detail::{Detail, DetailState};
pub use line::{CommandLine, LineAssist};
pub use listing::{Count, Listing, Row};

use super::keymap::Keymap;
use super::pane::PaneId;
use crate::domain::zone::Zone;
use crate::domain::{Id, UserId};

/// What keys currently do.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// Moving around a table or a detail view.
    Normal,
    /// `/`: typing a filter for the current pane.
    Filter(FilterBar),
    /// `:`: a command line.
    CommandLine(CommandLine),
    /// `?`: the keys of the mode underneath.
    Help(Box<Mode>),
    /// `d`: asking before deleting.
    Confirm(prompt::Prompt),
    /// First run on an empty database.
    Welcome,
    /// `f`: building a filter from fields, operators and values.
    Builder(Box<builder::Builder>),
    /// `n` / `e`: a form to create or edit a record.
    Form(Box<form::FormState>),
    /// `:views`: the saved views, to pick, delete or rename.
    Views(views_list::ViewsList),
    /// "Who are you?": pick a user or add yourself (first run, `:user`).
    Identity(Box<identity::IdentityPicker>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FilterBar {
    pub input: TextInput,
    /// The filter in force when the bar opened (Esc goes back to it).
    pub before: String,
    /// The reason the current text does not parse, with its byte span.
    pub error: Option<(usize, usize, String)>,
    /// Tab completion and history.
    pub assist: LineAssist,
}

impl FilterBar {
    /// The bar opened on the filter in force.
    pub fn new(current: &str) -> FilterBar {
        FilterBar {
            input: TextInput::new(current),
            before: current.to_string(),
            error: None,
            assist: LineAssist::default(),
        }
    }
}

/// What `u` takes back, newest last.
#[derive(Debug, Clone, PartialEq)]
pub enum Undo {
    /// A soft delete: restore the record.
    Deleted(Deleted),
    /// A deal moved on the board (`W`, `X`, `L`, `H`): put it back where it was.
    Moved {
        deal: Id,
        title: String,
        back: board::MoveBack,
    },
    /// An activity marked done or open again (`x`): put its completion back.
    Marked {
        id: Id,
        subject: String,
        version: i32,
        before: Option<chrono::NaiveDateTime>,
    },
}

/// An activity marked done or open again: its version now, and when it was done before.
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    pub version: i32,
    pub done: bool,
    pub before: Option<chrono::NaiveDateTime>,
}

/// A soft delete that `u` can take back.
#[derive(Debug, Clone, PartialEq)]
pub struct Deleted {
    pub pane: PaneId,
    pub id: Id,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// Counts shown on the welcome screen and used to decide whether to show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub companies: i64,
    pub contacts: i64,
    pub deals: i64,
    pub activities: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct App {
    pub pane: PaneId,
    pub listings: BTreeMap<PaneId, Listing>,
    /// The deals pane's kanban board.
    pub board: board::BoardState,
    /// The activities pane's timeline (agenda).
    pub timeline: timeline::TimelineState,
    /// The record opened with Enter, over the current pane.
    pub detail: Option<DetailState>,
    /// The stages screen (`P` from the deals pane), over the board.
    pub stages: Option<stages::StagesState>,
    pub mode: Mode,
    pub keymap: Keymap,
    /// The columns each pane shows, as indices into [`PaneId::columns`] (all by default).
    pub columns: BTreeMap<PaneId, Vec<usize>>,
    /// The saved view in force per pane, by name.
    pub views: BTreeMap<PaneId, String>,
    pub undo: Vec<Undo>,
    pub message: Option<(Level, String)>,
    /// Milliseconds the last database reply took.
    pub last_ms: Option<u64>,
    /// Backend name and where the data lives (path or host/db), for the status bar.
    pub backend: String,
    pub location: String,
    /// The acting user's email, if any.
    pub user: Option<String>,
    /// The acting user, for `owner:me` when checking filters.
    pub me: Option<UserId>,
    /// The acting user's name: the default owner a form shows.
    pub me_name: Option<String>,
    pub summary: Option<Summary>,
    /// A counter for request ids: a reply whose id is not the newest for its slot is dropped.
    pub next_req: u64,
    /// Spinner phase, advanced only while something is loading.
    pub tick: u64,
    pub quit: bool,
    /// A fixed "now" for the agenda (tests); `None` is the real clock.
    pub clock: Option<chrono::NaiveDateTime>,
    /// The session's time zone (`Ctx::zone`): forms read typed times in it.
    pub zone: Zone,
    /// Changes others made, waiting to be shown (live updates).
    pub live: live::LiveState,
    /// Read-only mode: the status bar says so and every write key is refused with a message.
    pub read_only: bool,
    /// What the database knows that Tab completion offers: read once per session when a line
    /// first opens, and again on the next opening after anything changed (`names_stale`).
    pub names: crate::tui::complete::Names,
    /// The names must be read again when a line next opens: not read yet, or a change was
    /// reported by the live feed, made here, or missed (the feed paused), or the read failed.
    pub names_stale: bool,
    /// The `:` and `/` lines' history, kept across sessions.
    pub history: crate::tui::history::History,
    /// The first line the help overlay shows (it scrolls when longer than the screen).
    pub help_scroll: usize,
    /// The terminal's size as last drawn, columns and rows ((0, 0) before the first draw).
    pub screen: (u16, u16),
    /// Ask who the user is once the start-up summary is in (a SQLite file and no acting user
    /// configured; on PostgreSQL the login is the identity).
    pub ask_identity: bool,
    /// The once-per-session note that a write has no author.
    pub anonymous: identity::AnonymousNote,
}

impl App {
    pub fn new(backend: String, location: String, user: Option<String>, keymap: Keymap) -> App {
        App {
            pane: PaneId::Companies,
            listings: PaneId::ALL
                .into_iter()
                .map(|p| (p, Listing::default()))
                .collect(),
            board: board::BoardState {
                shown: true,
                ..board::BoardState::default()
            },
            timeline: timeline::TimelineState {
                shown: true,
                days: 7,
                ..timeline::TimelineState::default()
            },
            detail: None,
            stages: None,
            mode: Mode::Normal,
            keymap,
            columns: PaneId::ALL
                .into_iter()
                .map(|p| (p, (0..p.columns().len()).collect()))
                .collect(),
            views: BTreeMap::new(),
            undo: Vec::new(),
            message: None,
            last_ms: None,
            backend,
            location,
            user,
            me: None,
            me_name: None,
            summary: None,
            next_req: 1,
            tick: 0,
            quit: false,
            clock: None,
            zone: Zone::Local,
            live: live::LiveState::default(),
            read_only: false,
            names: Default::default(),
            names_stale: true,
            history: Default::default(),
            help_scroll: 0,
            screen: (0, 0),
            ask_identity: false,
            anonymous: identity::AnonymousNote::NotYet,
        }
    }

    /// The visible columns of a pane (all when not configured).
    pub fn visible_columns(&self, pane: PaneId) -> Vec<usize> {
        self.columns
            .get(&pane)
            .cloned()
            .unwrap_or_else(|| (0..pane.columns().len()).collect())
    }

    pub fn listing(&self) -> &Listing {
        &self.listings[&self.pane]
    }

    pub fn listing_mut(&mut self) -> &mut Listing {
        self.listings.entry(self.pane).or_default()
    }

    pub fn req(&mut self) -> u64 {
        let r = self.next_req;
        self.next_req += 1;
        r
    }

    /// Whether any request is in flight (the spinner turns while one is).
    pub fn busy(&self) -> bool {
        self.listings
            .values()
            .any(|l| l.pending.is_some() || l.count_req.is_some())
            || self.detail.as_ref().is_some_and(|d| d.pending.is_some())
            || self.board.pending.is_some()
            || self.timeline.pending.is_some()
            || self
                .stages
                .as_ref()
                .is_some_and(|s| s.pending.is_some() || s.writing.is_some())
    }

    /// Whether normal-mode keys go to the deals board.
    pub fn board_active(&self) -> bool {
        self.pane == PaneId::Deals && self.board.shown && self.detail.is_none()
    }

    /// Whether normal-mode keys go to the stages screen.
    pub fn stages_active(&self) -> bool {
        self.stages.is_some() && self.pane == PaneId::Deals
    }

    /// Whether the stages screen is asking before a delete.
    pub fn stage_confirming(&self) -> bool {
        self.stages_active() && self.stages.as_ref().is_some_and(|s| s.confirm.is_some())
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some((Level::Info, text.into()));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some((Level::Error, text.into()));
    }
}

//! The only way state changes: every key, resize, tick and database reply becomes an [`Action`].

use crossterm::event::KeyEvent;

use super::pane::PaneId;
use super::state::board::MoveBack;
use super::state::detail::Detail;
use super::state::listing::{Count, Loaded, PageFrom};
use super::state::Summary;
use crate::domain::Id;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Key(KeyEvent),
    /// The terminal changed size (the next draw reports the new table height as
    /// [`Action::TableHeight`]).
    Resize,
    /// The spinner advances (sent only while something loads).
    Tick,
    SummaryLoaded(Result<Summary, String>),
    /// The SQLite file was replaced under the app (a restore); the pool reopened it.
    DatabaseReplaced,
    RowsLoaded {
        pane: PaneId,
        req: u64,
        from: PageFrom,
        result: Result<Loaded, String>,
        ms: u64,
    },
    Counted {
        pane: PaneId,
        req: u64,
        result: Result<Count, String>,
    },
    DetailLoaded {
        req: u64,
        result: Result<Detail, String>,
        ms: u64,
    },
    Deleted {
        pane: PaneId,
        id: Id,
        label: String,
        result: Result<(), String>,
    },
    Restored {
        pane: PaneId,
        id: Id,
        label: String,
        result: Result<(), String>,
    },
    /// A saved view was found (`:view NAME`): its pane, filter and sort (`name[:desc]`).
    ViewLoaded {
        name: String,
        result: Result<(PaneId, String, Option<String>), String>,
    },
    /// The saved views for the `:views` list.
    ViewsListed(Result<Vec<crate::tui::state::views_list::ViewItem>, String>),
    /// A view deleted or renamed from the list: what to say, or why it failed.
    ViewChanged(Result<String, String>),
    /// A view saved (`Ok(true)`), or left alone because one of yours has that name and the save
    /// did not say to replace it (`Ok(false)`); the request comes back to be asked about.
    ViewSaved {
        name: String,
        pane: PaneId,
        filter: String,
        sort: Option<String>,
        result: Result<bool, String>,
    },
    DemoLoaded(Result<(), String>),
    /// The "who are you?" picker's replies.
    Identity(super::state::identity::IdentityAction),
    BoardLoaded {
        req: u64,
        result: Result<super::state::board::BoardData, String>,
        ms: u64,
    },
    CardsLoaded {
        req: u64,
        stage: Id,
        result: Result<
            (
                Vec<super::state::board::CardView>,
                Option<crate::db::repo::Cursor>,
            ),
            String,
        >,
    },
    DealMoved {
        deal: Id,
        version: i32,
        title: String,
        result: Result<Moved, MoveFailure>,
    },
    TimelineLoaded {
        req: u64,
        result: Result<Vec<super::state::timeline::Line>, String>,
        ms: u64,
    },
    Completed {
        subject: String,
        result: Result<(), String>,
    },
    MarkedDone {
        id: crate::domain::Id,
        subject: String,
        /// The mark was an undo.
        undo: bool,
        result: Result<super::state::Marked, String>,
    },
    StagesLoaded {
        req: u64,
        result: Result<Vec<super::state::stages::StageRow>, String>,
    },
    /// A stage change went through (the message to show) or did not.
    StageChanged {
        id: Id,
        name: String,
        result: Result<String, StageFailure>,
    },
    KnownLoaded(Result<super::state::builder::Known, String>),
    /// What Tab completion offers from the database arrived.
    NamesLoaded(Result<super::complete::Names, String>),
    /// The history file's entries, or why it could not be read.
    HistoryLoaded(Result<Vec<super::history::Entry>, String>),
    /// An entry was added to the history file, or why not.
    HistorySaved(Result<(), String>),
    /// A reply for an open form (record, picker candidates, save, edited notes).
    Form(super::forms::FormAction),
    /// The table area is this many rows high (sent by the view after layout).
    TableHeight(usize),
    /// The terminal is this many columns wide and rows high (sent after a draw when it changed):
    /// the help overlay scrolls through the lines it lays out at that size.
    ScreenSize(u16, u16),
    /// Others committed these changes (the change feed, see `db::changes`).
    Changed(Vec<crate::db::changes::Change>),
    /// The debounce after [`Action::Changed`] is over: refetch what is stale and on screen.
    LiveDue,
    /// The change feed lost its connection (why), or has it again (`Ok`).
    LiveStatus(Result<(), String>),
    /// The session's access was read again: what changed for the user (`Ok(None)`: nothing that
    /// decides what they see), and the acting user's name as it is now.
    AccessReloaded(Result<AccessReloaded, String>),
}

/// See [`Action::AccessReloaded`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessReloaded {
    pub changed: Option<String>,
    pub name: Option<String>,
}

/// Why a move failed, for the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveFailure {
    /// Ask for a lost reason, then try again.
    NeedsReason {
        stage: Id,
        stage_name: String,
    },
    /// Someone changed the deal since the board loaded it.
    Conflict(String),
    Other(String),
}

/// A move that went through: the stage the deal is in now, and how to take it back.
#[derive(Debug, Clone, PartialEq)]
pub struct Moved {
    pub stage: String,
    /// The deal's version now.
    pub version: i32,
    /// What `u` puts back; `None` when nothing changed (already there) or this was an undo.
    pub undo: Option<MoveBack>,
    /// An undo: the version the undone move was made from (the deal is as it was then).
    pub undid: Option<i32>,
}

/// Why a stage change did not go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageFailure {
    /// The stage changed (or went) since the screen read it; nothing was written.
    Conflict(String),
    /// The repository refused: a stage holding deals cannot be deleted, a name is taken, …
    Refused(String),
    Other(String),
}

impl StageFailure {
    pub fn describe(&self) -> &str {
        match self {
            StageFailure::Conflict(e) | StageFailure::Refused(e) | StageFailure::Other(e) => e,
        }
    }
}

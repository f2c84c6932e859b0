//! What `update` asks the outside world to do. The loop hands database effects to the worker,
//! which runs them on the pool off the UI thread and replies with an [`Action`](super::Action).

use super::pane::PaneId;
use super::state::listing::{PageFrom, Query};
use crate::db::repo::board::MoveTarget;
use crate::domain::Id;

/// What `x` does to an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoneTo {
    /// Done now if open, open again if done.
    Toggle,
    /// Back to how it was (the undo): done at that time, or open.
    Back(Option<chrono::NaiveDateTime>),
}

/// A change made on the stages screen (creating and editing go through the stage form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageChange {
    /// Swap places with the neighbour: up (earlier on the board) or down.
    Shift { up: bool },
    /// Show on the board, or hide it (its deals stay in it).
    SetActive(bool),
    /// Soft-delete; the repository refuses a stage holding deals.
    Delete,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadSummary,
    LoadRows {
        pane: PaneId,
        req: u64,
        query: Query,
        from: PageFrom,
        limit: usize,
    },
    Count {
        pane: PaneId,
        req: u64,
        filter: String,
    },
    LoadDetail {
        pane: PaneId,
        req: u64,
        id: Id,
    },
    Delete {
        pane: PaneId,
        id: Id,
        version: i32,
        label: String,
    },
    Restore {
        pane: PaneId,
        id: Id,
        label: String,
    },
    FindView {
        name: String,
    },
    /// The saved views you can use (`:views`).
    LoadViews,
    DeleteView {
        id: Id,
        name: String,
    },
    RenameView {
        view: crate::tui::state::views_list::ViewItem,
        to: String,
    },
    SaveView {
        name: String,
        pane: PaneId,
        filter: String,
        sort: Option<String>,
        /// Replace your view of the same name; without it, such a view is left alone and the
        /// reply says it exists (the TUI then asks).
        replace: bool,
    },
    SeedDemo,
    /// The "who are you?" picker: list users, act as one, add yourself.
    Identity(super::state::identity::IdentityEffect),
    LoadBoard {
        req: u64,
        filter: String,
    },
    LoadCards {
        req: u64,
        stage: Id,
        filter: String,
        after: crate::db::repo::Cursor,
    },
    /// Move a card, with a lost reason when its new stage needs one.
    MoveDeal {
        deal: Id,
        version: i32,
        title: String,
        to: MoveTarget,
        reason: Option<String>,
    },
    /// Undo a move: put the deal back where it was (`u` after a move).
    PutBack {
        deal: Id,
        title: String,
        back: super::state::board::MoveBack,
    },
    LoadTimeline {
        req: u64,
        mine: bool,
        days: u32,
        /// `None`: now.
        now: Option<chrono::NaiveDateTime>,
    },
    CompleteActivity {
        id: Id,
        version: i32,
        subject: String,
    },
    /// `x` in the activities table: done or open again; `Back` is its undo.
    MarkDone {
        id: Id,
        version: i32,
        subject: String,
        to: DoneTo,
    },
    /// Every live stage, active or not, with its deal count (the stages screen).
    LoadStages {
        req: u64,
    },
    /// One repository call on one stage, checked against the version the screen read.
    ChangeStage {
        id: Id,
        version: i32,
        name: String,
        change: StageChange,
    },
    /// User emails, stage names and tag names, offered as values by the filter builder.
    LoadKnown,
    /// What Tab completion offers from the database: users, stages, tags, saved views.
    LoadNames,
    /// Read the `:` and `/` lines' history file (at the start).
    LoadHistory {
        path: std::path::PathBuf,
    },
    /// Add an entered line to the history file.
    AppendHistory {
        path: std::path::PathBuf,
        entry: super::history::Entry,
    },
    /// A form's database work (read, pick, save).
    Form(super::forms::FormEffect),
    /// Send [`Action::LiveDue`](super::Action::LiveDue) after this many milliseconds: live
    /// updates gather the changes that arrive meanwhile and refetch once.
    Debounce {
        ms: u64,
    },
    /// Read the session's access again (a user, a team or the visibility rule changed); the
    /// worker's session takes it from then on.
    ReloadAccess,
    /// Suspend the screen and edit this text in `$EDITOR`; run by the loop, not the worker.
    EditText {
        text: String,
    },
}

/// A kind of request whose newer instance supersedes an older one: only the newest of a slot is
/// worth running, and only its reply is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// A pane's page of rows.
    Rows(PaneId),
    /// A pane's live count.
    Count(PaneId),
    /// The record open over a pane.
    Detail(PaneId),
    /// A form's picker candidates, by the pane the picker lists.
    Pick(PaneId),
    /// The deals board.
    Board,
    /// The activities timeline.
    Timeline,
    /// The stages screen's list.
    Stages,
}

impl Effect {
    /// Requests of the same slot supersede each other: only the newest is worth running.
    pub fn slot(&self) -> Option<Slot> {
        match self {
            Effect::LoadRows { pane, .. } => Some(Slot::Rows(*pane)),
            Effect::Count { pane, .. } => Some(Slot::Count(*pane)),
            Effect::LoadDetail { pane, .. } => Some(Slot::Detail(*pane)),
            Effect::LoadBoard { .. } => Some(Slot::Board),
            Effect::LoadTimeline { .. } => Some(Slot::Timeline),
            Effect::LoadStages { .. } => Some(Slot::Stages),
            Effect::Form(super::forms::FormEffect::Pick { pane, .. }) => Some(Slot::Pick(*pane)),
            _ => None,
        }
    }

    pub fn req(&self) -> Option<u64> {
        match self {
            Effect::LoadRows { req, .. }
            | Effect::Count { req, .. }
            | Effect::LoadDetail { req, .. }
            | Effect::LoadBoard { req, .. }
            | Effect::LoadTimeline { req, .. }
            | Effect::LoadStages { req }
            | Effect::Form(super::forms::FormEffect::Pick { req, .. }) => Some(*req),
            _ => None,
        }
    }
}

/// A burst of effects (from keys handled together, such as a pasted filter): a request that a
/// later one for the same slot supersedes is dropped, so the paste runs one query instead of one
/// per letter. The worker would skip such a request only if it had not started yet. Order is kept.
pub fn newest_per_slot(effects: Vec<Effect>) -> Vec<Effect> {
    let mut last = std::collections::HashMap::new();
    for (i, e) in effects.iter().enumerate() {
        if let Some(slot) = e.slot() {
            last.insert(slot, i);
        }
    }
    effects
        .into_iter()
        .enumerate()
        .filter(|(i, e)| e.slot().is_none_or(|s| last.get(&s) == Some(i)))
        .map(|(_, e)| e)
        .collect()
}

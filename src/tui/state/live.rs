//! Live updates: the changes others made that are waiting for the debounce, and what each
//! refetch in flight was for (to say what left the screen, and who changed it).

use std::collections::{BTreeMap, BTreeSet};

use crate::db::changes::Change;
use crate::domain::Id;
use crate::tui::pane::PaneId;

/// Milliseconds changes are gathered before the screen is refetched once.
pub const DEBOUNCE_MS: u64 = 300;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LiveState {
    /// Arrived since the last refetch.
    pub pending: Vec<Change>,
    /// A debounce timer is running.
    pub timer: bool,
    /// Panes not on screen whose rows changed: refetched when shown, with these changes.
    pub stale: BTreeMap<PaneId, Vec<Change>>,
    /// The changes each pane's refetch in flight is for.
    pub refreshing: BTreeMap<PaneId, Vec<Change>>,
    /// The open record's refetch in flight, and the changes it is for.
    pub detail: Option<(u64, Vec<Change>)>,
    /// The feed has lost its connection (shown in the status bar).
    pub paused: bool,
    /// Records this app is writing: the feed's report of that write (by the acting user) is
    /// this app's own, already on screen, and is dropped once.
    pub own: BTreeSet<Id>,
}

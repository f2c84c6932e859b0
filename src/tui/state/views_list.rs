//! `:views` (or `:view` alone): the saved views you can use — yours and the shared ones — to pick
//! (Enter), delete (`d`, asked first) or rename (`r`).

use crate::domain::{Entity, Id};

/// One saved view as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewItem {
    pub id: Id,
    pub version: i32,
    pub name: String,
    pub entity: Entity,
    pub filter: String,
    pub sort: Option<String>,
    /// Everyone's (no owner), rather than yours.
    pub shared: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ViewsList {
    pub items: Vec<ViewItem>,
    pub selected: usize,
    /// Waiting for the list.
    pub loading: bool,
}

impl ViewsList {
    pub fn loading() -> Self {
        ViewsList {
            loading: true,
            ..ViewsList::default()
        }
    }

    pub fn current(&self) -> Option<&ViewItem> {
        self.items.get(self.selected)
    }

    /// Move the selection by `by` rows, staying on the list.
    pub fn step(&mut self, by: isize) {
        let last = self.items.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(by).min(last);
    }

    /// The views arrived: keep the selection on the same view when it is still there.
    pub fn fill(&mut self, items: Vec<ViewItem>) {
        let keep = self.current().map(|v| v.id);
        self.items = items;
        self.loading = false;
        self.selected = keep
            .and_then(|id| self.items.iter().position(|v| v.id == id))
            .unwrap_or(0)
            .min(self.items.len().saturating_sub(1));
    }
}

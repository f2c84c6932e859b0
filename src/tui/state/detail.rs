//! The record opened with Enter: its fields and its related records, one tab each.

use crate::domain::Id;

use super::super::pane::PaneId;

/// A tab of the detail view: a small table (fields are a two-column table).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tab {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// More related rows exist than were loaded.
    pub more: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub title: String,
    pub version: i32,
    pub tabs: Vec<Tab>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DetailState {
    pub pane: PaneId,
    pub id: Id,
    pub label: String,
    pub pending: Option<u64>,
    pub detail: Option<Detail>,
    pub error: Option<String>,
    pub tab: usize,
    pub selected: usize,
}

impl DetailState {
    pub fn new(pane: PaneId, id: Id, label: String, req: u64) -> Self {
        DetailState {
            pane,
            id,
            label,
            pending: Some(req),
            detail: None,
            error: None,
            tab: 0,
            selected: 0,
        }
    }

    pub fn tab_count(&self) -> usize {
        self.detail.as_ref().map_or(0, |d| d.tabs.len())
    }

    pub fn current_tab(&self) -> Option<&Tab> {
        self.detail.as_ref().and_then(|d| d.tabs.get(self.tab))
    }

    pub fn cycle_tab(&mut self, forward: bool) {
        let n = self.tab_count();
        if n == 0 {
            return;
        }
        self.tab = if forward {
            (self.tab + 1) % n
        } else {
            (self.tab + n - 1) % n
        };
        self.selected = 0;
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.current_tab().map_or(0, |t| t.rows.len());
        if n == 0 {
            self.selected = 0;
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(n - 1);
    }
}

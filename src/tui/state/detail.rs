//! The record opened with Enter: its fields and its related records, one tab each.

use crate::domain::history::FieldChange;
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
    /// The History tab's changes, by row: every field of each, for the opened change.
    pub changes: Vec<Vec<FieldChange>>,
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
    /// The history row opened with Enter (its changes shown whole), if any.
    pub opened: Option<usize>,
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
            opened: None,
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
        self.opened = None;
    }

    /// Open the selected row's change, on a tab that has them; false if there is none.
    pub fn open_change(&mut self) -> bool {
        let has = self
            .current_tab()
            .is_some_and(|t| t.changes.get(self.selected).is_some());
        if has {
            self.opened = Some(self.selected);
        }
        has
    }

    /// The opened change: its row (when, who, action, …) and every field of it.
    pub fn opened_change(&self) -> Option<(&[String], &[FieldChange])> {
        let tab = self.current_tab()?;
        let i = self.opened?;
        Some((tab.rows.get(i)?.as_slice(), tab.changes.get(i)?.as_slice()))
    }

    /// Move the cursor; an opened change follows it (the next or previous change opens).
    pub fn move_by(&mut self, delta: isize) {
        let n = self.current_tab().map_or(0, |t| t.rows.len());
        if n == 0 {
            self.selected = 0;
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(n - 1);
        if self.opened.is_some() {
            self.opened = Some(self.selected);
        }
    }

    /// The record as read (again): the same tab, and on the History tab (newest first) the cursor
    /// and an opened change stay on the same entry when new ones came in on top.
    pub fn loaded(&mut self, detail: Detail) {
        self.tab = self.tab.min(detail.tabs.len().saturating_sub(1));
        let grew = match (self.current_tab(), detail.tabs.get(self.tab)) {
            (Some(old), Some(new)) if !new.changes.is_empty() && old.headers == new.headers => {
                new.rows.len().saturating_sub(old.rows.len())
            }
            _ => 0,
        };
        let n = detail.tabs.get(self.tab).map_or(0, |t| t.rows.len());
        self.selected = (self.selected + grew).min(n.saturating_sub(1));
        self.opened = self.opened.map(|o| o + grew).filter(|&o| o < n);
        self.detail = Some(detail);
    }
}

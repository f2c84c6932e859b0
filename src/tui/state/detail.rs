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
    /// The related record each row is, by row (a company's contacts, deals and activities):
    /// what Enter opens.
    pub links: Vec<Option<Link>>,
}

/// A related record a row of a tab opens.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub pane: PaneId,
    pub id: Id,
    pub label: String,
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
    /// The records opened before this one, oldest first, each on the tab and row it was left
    /// on: Esc goes back to the last.
    pub parents: Vec<DetailState>,
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
            parents: Vec::new(),
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

    /// The pane the first record of the stack was opened from: where this view is shown.
    pub fn home(&self) -> PaneId {
        self.parents.first().map_or(self.pane, |p| p.pane)
    }

    /// The pane of what is on screen: the open record's when one is shown over `pane`, else
    /// `pane` (edits and logged activities go to the record shown, not to the table under it).
    pub fn acting_pane(detail: Option<&DetailState>, pane: PaneId) -> PaneId {
        detail.filter(|d| d.home() == pane).map_or(pane, |d| d.pane)
    }

    /// The related record under the cursor, if the row is one.
    pub fn selected_link(&self) -> Option<&Link> {
        self.current_tab()?.links.get(self.selected)?.as_ref()
    }

    /// Open `link` over this record (request `req`): the new record, with this one (on its tab
    /// and row) on the stack under it.
    pub fn drill(mut self, link: Link, req: u64) -> DetailState {
        let mut parents = std::mem::take(&mut self.parents);
        parents.push(self);
        let mut child = DetailState::new(link.pane, link.id, link.label, req);
        child.parents = parents;
        child
    }

    /// The record this one was opened from, with the rest of the stack, if any.
    pub fn back(self) -> Option<DetailState> {
        let mut parents = self.parents;
        let mut parent = parents.pop()?;
        parent.parents = parents;
        Some(parent)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> Id {
        format!("0193a3b0-0000-7000-8000-0000000000{n:02}")
            .parse()
            .unwrap()
    }

    fn history(n: usize) -> Detail {
        let rows: Vec<Vec<String>> = (0..n).map(|i| vec![format!("row {i}")]).collect();
        Detail {
            title: "t".into(),
            version: 1,
            tabs: vec![Tab {
                name: "History".into(),
                headers: vec!["When".into()],
                changes: rows.iter().map(|_| vec![]).collect(),
                rows,
                ..Tab::default()
            }],
        }
    }

    #[test]
    fn a_reload_with_new_entries_on_top_keeps_the_cursor_and_the_opened_change_on_theirs() {
        let mut d = DetailState::new(PaneId::Deals, id(1), "Deal".into(), 1);
        d.loaded(history(3));
        d.move_by(1);
        assert!(d.open_change());
        assert_eq!((d.selected, d.opened), (1, Some(1)));
        d.loaded(history(5));
        assert_eq!((d.selected, d.opened), (3, Some(3)));
        // fewer rows (a narrower view): the cursor stays in range, a vanished change closes
        d.opened = Some(4);
        d.selected = 4;
        d.loaded(history(2));
        assert_eq!((d.selected, d.opened), (1, None));
    }

    #[test]
    fn drilling_stacks_records_and_back_returns_to_each_on_its_tab_and_row() {
        let mut company = DetailState::new(PaneId::Companies, id(1), "Acme".into(), 1);
        company.tab = 2;
        company.selected = 3;
        let deal = company.drill(
            Link {
                pane: PaneId::Deals,
                id: id(2),
                label: "Big deal".into(),
            },
            2,
        );
        assert_eq!(
            (deal.pane, deal.id, deal.pending),
            (PaneId::Deals, id(2), Some(2))
        );
        let activity = deal.drill(
            Link {
                pane: PaneId::Activities,
                id: id(3),
                label: "Call".into(),
            },
            3,
        );
        assert_eq!(activity.parents.len(), 2);
        let deal = activity.back().unwrap();
        assert_eq!((deal.id, deal.parents.len()), (id(2), 1));
        let company = deal.back().unwrap();
        assert_eq!((company.id, company.tab, company.selected), (id(1), 2, 3));
        assert!(company.back().is_none());
    }
}

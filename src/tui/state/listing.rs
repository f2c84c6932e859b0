//! A virtualized, keyset-paged table: a bounded window of rows around the selection. Scrolling
//! past either end asks for the next page in that direction; the window never holds more than
//! [`MAX_ROWS`], so memory does not grow with the table.

use crate::db::repo::Cursor;
use crate::domain::Id;

/// Rows per request.
pub const PAGE: usize = 50;
/// Rows kept in memory at most (a few screens either side of the selection).
pub const MAX_ROWS: usize = 6 * PAGE;
/// Ask for the next page when the selection comes this close to the loaded edge.
pub const PREFETCH: usize = 15;

/// One row as the table shows it. Cells are raw database text; the view sanitizes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: Id,
    pub version: i32,
    /// Where a page after (or before) this row starts.
    pub cursor: Cursor,
    /// A short name for messages ("Deleted Acme").
    pub label: String,
    pub cells: Vec<String>,
}

impl Count {
    /// Interpret a count taken with `count_up_to(cap + 1)`.
    pub fn capped(n: i64, cap: i64) -> Count {
        if n > cap {
            Count::AtLeast(cap)
        } else {
            Count::Exact(n)
        }
    }
}

/// Where a page request starts.
#[derive(Debug, Clone, PartialEq)]
pub enum PageFrom {
    /// The first rows of the sort order.
    Start,
    /// The last rows (`G`).
    End,
    /// The rows after this one.
    After(Cursor),
    /// The rows before this one (fetched in reverse, returned in display order).
    Before(Cursor),
    /// The page that holds this record, wherever it is in the sort order: some rows before it,
    /// it, and rows after (the first page when the filter does not list it). A saved or
    /// restored record is selected this way.
    Around(Id),
}

impl PageFrom {
    pub fn is_reset(&self) -> bool {
        matches!(self, PageFrom::Start | PageFrom::End | PageFrom::Around(_))
    }
}

/// What the table asks the database for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub filter: String,
    pub sort: usize,
    pub descending: bool,
}

/// A page as it comes back: rows in display order and whether more lie beyond them.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub rows: Vec<Row>,
    pub more: bool,
    /// Rows lie before the first one (a page around a record, [`PageFrom::Around`]).
    pub more_before: bool,
}

/// The number of rows a filter matches, exact or capped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Exact(i64),
    AtLeast(i64),
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Exact(n) => write!(f, "{}", thousands(*n)),
            Count::AtLeast(n) => write!(f, "{}+", thousands(*n)),
        }
    }
}

/// Counts are grouped by thousands the same way everywhere (see [`crate::domain::text::thousands`]).
pub use crate::domain::text::thousands;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listing {
    pub query: Query,
    pub rows: Vec<Row>,
    /// Index into `rows` of the selected row.
    pub selected: usize,
    /// Index into `rows` of the first visible row.
    pub offset: usize,
    /// Rows exist before `rows[0]` / after the last row.
    pub more_before: bool,
    pub more_after: bool,
    /// The request in flight, if any, and the direction it loads.
    pub pending: Option<(u64, PageFrom)>,
    pub count_req: Option<u64>,
    pub count: Option<Count>,
    /// Rows loaded at least once since the query last changed.
    pub loaded: bool,
    pub error: Option<String>,
    /// Rows visible at once, as last drawn (for PgUp/PgDn and scrolling).
    pub height: usize,
    /// Moves typed while a page is in flight that the loaded rows cannot take: every move during
    /// a jump (`g`, `G`, a reload), and moves past the edge a page is coming for. Applied to the
    /// page when it arrives, so a burst of keys counts from where the jump lands.
    pub carry: isize,
    /// After a reload: select this row again when the first page has it.
    pub follow: Option<Id>,
    /// The request in flight that re-reads the loaded window in place (a live update), if any.
    pub refresh: Option<u64>,
    /// The column under the cursor (`h`/`l`), as a position among the shown columns: `s` sorts
    /// by it.
    pub column: usize,
}

impl Listing {
    pub fn selected_row(&self) -> Option<&Row> {
        self.rows.get(self.selected)
    }

    /// The next page to ask for, given where the selection is, unless one is in flight.
    pub fn wanted_page(&self) -> Option<PageFrom> {
        if self.pending.is_some() || !self.loaded {
            return None;
        }
        if self.more_after && self.selected + PREFETCH >= self.rows.len() {
            return self.rows.last().map(|r| PageFrom::After(r.cursor.clone()));
        }
        if self.more_before && self.selected < PREFETCH {
            return self
                .rows
                .first()
                .map(|r| PageFrom::Before(r.cursor.clone()));
        }
        None
    }

    /// Record the request in flight; a jump starts counting typed moves afresh.
    pub fn request(&mut self, req: u64, from: PageFrom) {
        if from.is_reset() {
            self.carry = 0;
        }
        self.pending = Some((req, from));
    }

    /// Whether a jump (`g`, `G`, a reload) is in flight: the loaded rows are about to be replaced.
    pub fn jumping(&self) -> bool {
        self.pending
            .as_ref()
            .is_some_and(|(r, f)| f.is_reset() && self.refresh != Some(*r))
    }

    /// Where a re-read of the loaded window starts, and how many rows it asks for: from the
    /// start when the window holds the first row, else after the window's first row (which stays).
    pub fn refresh_from(&self) -> (PageFrom, usize) {
        let limit = self.rows.len().clamp(PAGE, MAX_ROWS);
        match self.rows.first() {
            Some(first) if self.more_before => (PageFrom::After(first.cursor.clone()), limit),
            _ => (PageFrom::Start, limit),
        }
    }

    /// Apply a re-read of the window ([`Listing::refresh_from`]): the rows are replaced, the
    /// selection stays on the selected record (or, if it left, on the same line), on the same
    /// screen line. Returns the rows that left the window (id, label).
    pub fn apply_refresh(&mut self, from: &PageFrom, page: Loaded) -> Vec<(Id, String)> {
        self.loaded = true;
        self.error = None;
        let keep = self.selected_row().map(|r| r.id);
        let line = self.selected.saturating_sub(self.offset);
        let mut rows = page.rows;
        match from {
            PageFrom::After(_) => {
                if let Some(first) = self.rows.first() {
                    rows.insert(0, first.clone());
                }
            }
            _ => self.more_before = false,
        }
        self.more_after = page.more;
        let old = std::mem::replace(&mut self.rows, rows);
        let gone = old
            .into_iter()
            .filter(|o| !self.rows.iter().any(|r| r.id == o.id))
            .map(|o| (o.id, o.label))
            .collect();
        if let Some(i) = keep.and_then(|id| self.rows.iter().position(|r| r.id == id)) {
            self.selected = i;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        self.offset = self.selected.saturating_sub(line);
        self.clamp();
        let carry = std::mem::take(&mut self.carry);
        if carry != 0 {
            self.move_by(carry);
        }
        gone
    }

    /// The request in flight failed: moves waiting for it are dropped.
    pub fn failed(&mut self, error: String) {
        self.loaded = true;
        self.error = Some(error);
        self.carry = 0;
    }

    /// Apply a page that arrived for the request in flight, then the moves typed meanwhile.
    pub fn apply(&mut self, from: &PageFrom, page: Loaded) {
        self.loaded = true;
        self.error = None;
        let keep_id = self.selected_row().map(|r| r.id);
        match from {
            PageFrom::Start => {
                self.rows = page.rows;
                self.more_before = false;
                self.more_after = page.more;
                let follow = self.follow.take();
                self.selected = follow
                    .and_then(|id| self.rows.iter().position(|r| r.id == id))
                    .unwrap_or(0);
                self.offset = 0;
            }
            PageFrom::Around(_) => {
                self.rows = page.rows;
                self.more_before = page.more_before;
                self.more_after = page.more;
                let follow = self.follow.take();
                self.selected = follow
                    .and_then(|id| self.rows.iter().position(|r| r.id == id))
                    .unwrap_or(0);
                // the record in the middle of the screen when rows lie before it
                self.offset = if self.more_before {
                    self.selected.saturating_sub(self.height.max(1) / 2)
                } else {
                    self.selected
                        .saturating_sub(self.height.max(1).saturating_sub(1))
                };
            }
            PageFrom::End => {
                self.rows = page.rows;
                self.more_before = page.more;
                self.more_after = false;
                self.selected = self.rows.len().saturating_sub(1);
                self.offset = self.rows.len().saturating_sub(self.height.max(1));
            }
            PageFrom::After(_) => {
                self.more_after = page.more;
                self.rows.extend(page.rows);
                if self.rows.len() > MAX_ROWS {
                    let drop = self.rows.len() - MAX_ROWS;
                    self.rows.drain(..drop);
                    self.more_before = true;
                    self.selected = self.selected.saturating_sub(drop);
                    self.offset = self.offset.saturating_sub(drop);
                }
            }
            PageFrom::Before(_) => {
                self.more_before = page.more;
                let added = page.rows.len();
                let mut rows = page.rows;
                rows.append(&mut self.rows);
                self.rows = rows;
                self.selected += added;
                self.offset += added;
                if self.rows.len() > MAX_ROWS {
                    self.rows.truncate(MAX_ROWS);
                    self.more_after = true;
                }
            }
        }
        if let (Some(id), true) = (keep_id, !from.is_reset()) {
            if let Some(i) = self.rows.iter().position(|r| r.id == id) {
                self.selected = i;
            }
        }
        self.clamp();
        let carry = std::mem::take(&mut self.carry);
        if carry != 0 && self.pending.is_none() {
            self.move_by(carry);
        }
    }

    /// Move the selection by `delta` rows, keeping it visible. While a jump is in flight the move
    /// waits for its page; past a loaded edge whose next page is in flight, the rest waits too.
    pub fn move_by(&mut self, delta: isize) {
        if self.jumping() {
            self.carry = self.carry.saturating_add(delta);
            return;
        }
        if self.rows.is_empty() {
            return;
        }
        let last = self.rows.len() - 1;
        let target = (self.selected as isize).saturating_add(delta);
        let (after, before) = match &self.pending {
            Some((_, PageFrom::After(_))) => (self.more_after, false),
            Some((_, PageFrom::Before(_))) => (false, self.more_before),
            _ => (false, false),
        };
        if after && target > last as isize {
            self.carry = self.carry.saturating_add(target - last as isize);
        } else if before && target < 0 {
            self.carry = self.carry.saturating_add(target);
        }
        self.selected = target.clamp(0, last as isize) as usize;
        self.clamp();
    }

    /// Keep `selected` in range and inside the visible window.
    pub fn clamp(&mut self) {
        if self.rows.is_empty() {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        self.selected = self.selected.min(self.rows.len() - 1);
        let h = self.height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(1));
    }

    /// Forget the rows' position after the query changed; the old rows stay on screen until the
    /// new ones arrive.
    pub fn reset_for(&mut self, query: Query) {
        self.query = query;
        self.loaded = false;
        self.count = None;
    }

    /// Remove a row (after a delete) and keep the selection on its neighbour.
    pub fn remove(&mut self, id: Id) {
        if let Some(i) = self.rows.iter().position(|r| r.id == id) {
            self.rows.remove(i);
            self.count = match self.count {
                Some(Count::Exact(n)) => Some(Count::Exact((n - 1).max(0))),
                c => c,
            };
            self.clamp();
        }
    }
}

#[cfg(test)]
mod tests;

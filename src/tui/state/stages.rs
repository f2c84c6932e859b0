//! The stages screen (`P` on the board): every live pipeline stage, active or not, in board order,
//! with its deal count. Plain data; the worker fills it, `update/stages.rs` changes it.

use crate::domain::Id;

/// One stage as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageRow {
    pub id: Id,
    pub version: i32,
    pub name: String,
    /// open, won or lost.
    pub kind: String,
    pub probability: i32,
    /// A colour name or `#rrggbb`, as stored.
    pub color: String,
    pub active: bool,
    /// Live deals in the stage.
    pub deals: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StagesState {
    pub rows: Vec<StageRow>,
    pub selected: usize,
    /// The list being read.
    pub pending: Option<u64>,
    /// Why the list could not be read.
    pub error: Option<String>,
    /// A change in flight (its label): further changes wait for it and the reload after it.
    pub writing: Option<String>,
    /// Asking before deleting an empty stage.
    pub confirm: Option<super::prompt::Prompt>,
    /// A stage just changed: the next load selects it wherever it went.
    pub follow: Option<Id>,
}

impl StagesState {
    pub fn row(&self) -> Option<&StageRow> {
        self.rows.get(self.selected)
    }

    pub fn move_by(&mut self, delta: isize) {
        if !self.rows.is_empty() {
            self.selected = self
                .selected
                .saturating_add_signed(delta)
                .min(self.rows.len() - 1);
        }
    }

    /// Replace the list, keeping the selection on the followed or the same stage.
    pub fn apply(&mut self, rows: Vec<StageRow>) {
        let keep = self.follow.take().or_else(|| self.row().map(|r| r.id));
        self.selected = keep
            .and_then(|id| rows.iter().position(|r| r.id == id))
            .unwrap_or(self.selected)
            .min(rows.len().saturating_sub(1));
        self.rows = rows;
        self.error = None;
    }
}

//! The deal board: one column per active stage with its totals, a bounded page of cards per
//! column (more on scroll), and a focus. Plain data; the worker fills it.

use crate::db::repo::Cursor;
use crate::domain::Id;

/// Cards loaded per request per column.
pub const CARDS: usize = 20;

/// How to undo a move (`u`): the deal's version after it, the version it was made from, and
/// where the deal was before.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveBack {
    pub version: i32,
    pub from: i32,
    pub place: crate::db::repo::deal::Placement,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardView {
    pub id: Id,
    pub version: i32,
    pub title: String,
    pub company: String,
    /// Value in major units with its currency, e.g. "12,500.00 USD".
    pub value: String,
    pub close: Option<String>,
    /// The owner's name ("" when nobody owns the deal).
    pub owner: String,
    pub overdue: bool,
    pub stale: bool,
}

/// A currency's total in a column: value and weighted value, formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    pub currency: String,
    pub value: String,
    pub weighted: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardColumn {
    pub stage: Id,
    pub name: String,
    /// open, won or lost.
    pub kind: String,
    pub probability: i32,
    pub deals: i64,
    pub totals: Vec<Money>,
    pub cards: Vec<CardView>,
    pub next: Option<Cursor>,
    pub pending: Option<u64>,
    pub selected: usize,
}

/// The summary line for the filtered pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub open_deals: i64,
    pub open: Vec<Money>,
    pub won_deals: i64,
    pub lost_deals: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BoardData {
    /// The filter the board was read for: counts and totals are shown only under it.
    pub filter: String,
    pub columns: Vec<BoardColumn>,
    pub summary: Summary,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BoardState {
    /// Board (true) or the plain deals table (false); `b` switches.
    pub shown: bool,
    pub data: Option<BoardData>,
    pub focus: usize,
    pub pending: Option<u64>,
    pub error: Option<String>,
    /// Asking for a lost reason; it waits here while another pane or mode is shown.
    pub prompt: Option<super::prompt::Prompt>,
    /// Rows of cards that fit in a column, as last drawn.
    pub height: usize,
    /// A card just moved: the next load focuses it in its new column.
    pub follow: Option<Id>,
}

impl BoardState {
    pub fn column(&self) -> Option<&BoardColumn> {
        self.data.as_ref().and_then(|d| d.columns.get(self.focus))
    }

    pub fn column_mut(&mut self) -> Option<&mut BoardColumn> {
        let focus = self.focus;
        self.data.as_mut().and_then(|d| d.columns.get_mut(focus))
    }

    pub fn card(&self) -> Option<&CardView> {
        self.column().and_then(|c| c.cards.get(c.selected))
    }

    pub fn move_focus(&mut self, delta: isize) {
        let n = self.data.as_ref().map_or(0, |d| d.columns.len());
        if n > 0 {
            self.focus = self.focus.saturating_add_signed(delta).min(n - 1);
        }
    }

    pub fn move_card_selection(&mut self, delta: isize) {
        if let Some(c) = self.column_mut() {
            if !c.cards.is_empty() {
                c.selected = c
                    .selected
                    .saturating_add_signed(delta)
                    .min(c.cards.len() - 1);
            }
        }
    }

    /// The column (by index) whose next page should be fetched, if the selection nears its end.
    pub fn wanted_cards(&self) -> Option<(usize, Cursor)> {
        let c = self.column()?;
        if c.pending.is_some() {
            return None;
        }
        let next = c.next.clone()?;
        (c.selected + 5 >= c.cards.len()).then_some((self.focus, next))
    }

    /// Replace the board, keeping the focus on the same stage and card where they still exist.
    pub fn apply(&mut self, mut data: BoardData) {
        if let Some(id) = self.follow.take() {
            let found = data
                .columns
                .iter()
                .enumerate()
                .find_map(|(ci, c)| c.cards.iter().position(|k| k.id == id).map(|ki| (ci, ki)));
            if let Some((ci, ki)) = found {
                data.columns[ci].selected = ki;
                self.focus = ci;
                self.data = Some(data);
                self.error = None;
                return;
            }
        }
        let old_stage = self.column().map(|c| c.stage);
        let old_card = self.card().map(|c| c.id);
        let old_selected = self.column().map_or(0, |c| c.selected);
        if let Some(i) = old_stage.and_then(|s| data.columns.iter().position(|c| c.stage == s)) {
            self.focus = i;
            let col = &mut data.columns[i];
            col.selected = old_card
                .and_then(|id| col.cards.iter().position(|c| c.id == id))
                .unwrap_or(old_selected)
                .min(col.cards.len().saturating_sub(1));
        } else {
            self.focus = self.focus.min(data.columns.len().saturating_sub(1));
        }
        self.data = Some(data);
        self.error = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(stage: u128, cards: usize) -> BoardColumn {
        BoardColumn {
            stage: Id(uuid::Uuid::from_u128(stage)),
            name: format!("S{stage}"),
            kind: "open".into(),
            probability: 10,
            deals: cards as i64,
            totals: vec![],
            cards: (0..cards)
                .map(|i| CardView {
                    id: Id(uuid::Uuid::from_u128(stage * 1000 + i as u128)),
                    version: 1,
                    title: format!("d{i}"),
                    company: String::new(),
                    value: String::new(),
                    close: None,
                    owner: String::new(),
                    overdue: false,
                    stale: false,
                })
                .collect(),
            next: None,
            pending: None,
            selected: 0,
        }
    }

    #[test]
    fn reloading_keeps_the_focused_card_when_it_still_exists() {
        let mut b = BoardState::default();
        b.apply(BoardData {
            filter: String::new(),
            columns: vec![col(1, 3), col(2, 3)],
            summary: Summary::default(),
        });
        b.move_focus(1);
        b.move_card_selection(2);
        let id = b.card().unwrap().id;
        // the column lost its first card (moved away) and gained nothing
        let mut c2 = col(2, 3);
        c2.cards.remove(0);
        b.apply(BoardData {
            filter: String::new(),
            columns: vec![col(1, 4), c2],
            summary: Summary::default(),
        });
        assert_eq!(b.focus, 1);
        assert_eq!(b.card().unwrap().id, id);
        b.move_focus(5);
        assert_eq!(b.focus, 1);
        b.move_focus(-5);
        assert_eq!(b.focus, 0);
    }
}

//! The activities timeline (agenda): overdue, today, the next days grouped by day, and what was
//! completed today. Flattened into lines for drawing; the selection moves over items only.

use crate::domain::Id;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemView {
    pub id: Id,
    pub version: i32,
    /// One letter per kind: C call, E email, M meeting, N note, T task.
    pub symbol: char,
    pub kind: String,
    pub subject: String,
    /// Local time as shown ("09:30" or "Mon 24 Nov 09:30").
    pub when: String,
    /// Company / contact / deal, joined.
    pub links: String,
    pub owner: String,
    pub outcome: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A section heading: Overdue, Today, Upcoming, Done today.
    Section {
        name: String,
        count: usize,
        more: bool,
    },
    /// A day inside Upcoming.
    Day(String),
    Item(ItemView),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimelineState {
    /// Timeline (true) or the plain activities table (false); `b` switches.
    pub shown: bool,
    /// Only the acting user's agenda (`a` switches to everyone's).
    pub mine: bool,
    /// How many days after today "Upcoming" covers.
    pub days: u32,
    pub lines: Vec<Line>,
    /// Index into `lines` (always an item when there is one).
    pub selected: usize,
    pub offset: usize,
    pub pending: Option<u64>,
    pub loaded: bool,
    pub error: Option<String>,
    pub height: usize,
}

impl TimelineState {
    pub fn item(&self) -> Option<&ItemView> {
        match self.lines.get(self.selected) {
            Some(Line::Item(i)) => Some(i),
            _ => None,
        }
    }

    fn items(&self) -> Vec<usize> {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| matches!(l, Line::Item(_)))
            .map(|(i, _)| i)
            .collect()
    }

    /// Move by `delta` items.
    pub fn move_by(&mut self, delta: isize) {
        let items = self.items();
        if items.is_empty() {
            self.selected = 0;
            return;
        }
        let at = items.iter().position(|i| *i >= self.selected).unwrap_or(0);
        let to = at.saturating_add_signed(delta).min(items.len() - 1);
        self.selected = items[to];
        self.clamp();
    }

    /// Jump to the first item of the next (or previous) section.
    pub fn jump_section(&mut self, forward: bool) {
        let sections: Vec<usize> = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| matches!(l, Line::Section { .. }))
            .map(|(i, _)| i)
            .collect();
        let current = sections
            .iter()
            .rposition(|s| *s <= self.selected)
            .unwrap_or(0);
        let order: Vec<usize> = if forward {
            (current + 1..sections.len()).collect()
        } else {
            (0..current).rev().collect()
        };
        // the first later (or earlier) section that has an item; empty ones are skipped
        for target in order {
            let start = sections[target];
            let end = sections
                .get(target + 1)
                .copied()
                .unwrap_or(self.lines.len());
            if let Some(i) = (start..end).find(|i| matches!(self.lines[*i], Line::Item(_))) {
                self.selected = i;
                break;
            }
        }
        self.clamp();
    }

    pub fn clamp(&mut self) {
        // not drawn yet: nothing to keep in view
        if self.height == 0 {
            return;
        }
        let h = self.height;
        if self.selected < self.offset {
            // show the section heading above the first item too
            self.offset = self.selected.saturating_sub(2);
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
    }

    /// Replace the lines, keeping the selected item when it is still there.
    pub fn apply(&mut self, lines: Vec<Line>) {
        let keep = self.item().map(|i| i.id);
        self.lines = lines;
        self.loaded = true;
        self.error = None;
        let found = keep.and_then(|id| {
            self.lines
                .iter()
                .position(|l| matches!(l, Line::Item(i) if i.id == id))
        });
        match found {
            Some(i) => self.selected = i,
            None => {
                self.selected = 0;
                self.move_by(0);
            }
        }
        self.clamp();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(n: u128) -> Line {
        Line::Item(ItemView {
            id: Id(uuid::Uuid::from_u128(n)),
            version: 1,
            symbol: 'T',
            kind: "task".into(),
            subject: format!("t{n}"),
            when: String::new(),
            links: String::new(),
            owner: String::new(),
            outcome: String::new(),
            done: false,
        })
    }

    fn section(name: &str) -> Line {
        Line::Section {
            name: name.into(),
            count: 1,
            more: false,
        }
    }

    #[test]
    fn selection_skips_headings_and_jumps_between_sections() {
        let mut t = TimelineState {
            height: 10,
            ..TimelineState::default()
        };
        t.apply(vec![
            section("Overdue"),
            item(1),
            section("Today"),
            section("Upcoming"),
            Line::Day("Mon".into()),
            item(2),
            item(3),
        ]);
        assert_eq!(t.item().unwrap().subject, "t1");
        t.move_by(1);
        assert_eq!(t.item().unwrap().subject, "t2");
        t.jump_section(false);
        assert_eq!(t.item().unwrap().subject, "t1");
        t.jump_section(true);
        // Today is empty: skipped
        assert_eq!(t.item().unwrap().subject, "t2");
        t.move_by(5);
        assert_eq!(t.item().unwrap().subject, "t3");
        // a reload that drops t3 keeps a valid selection
        t.apply(vec![section("Overdue"), item(1)]);
        assert_eq!(t.item().unwrap().subject, "t1");
    }
}

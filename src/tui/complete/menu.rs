//! What Tab does on a line, like a shell or k9s: one candidate is taken (with what follows it:
//! `industry` becomes `industry:`); several complete to their common prefix and are listed; Tab
//! and shift-Tab then cycle through the list, putting each in the line; Enter takes the one
//! shown, Esc goes back to what was typed, and any other key keeps the line as it is and goes on.

use super::{Candidate, Target};
use crate::tui::input::TextInput;

/// The candidates listed above the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Menu {
    /// Where the completed word starts in the line.
    pub start: usize,
    /// The word as it was before cycling (Esc puts it back).
    pub typed: String,
    pub items: Vec<Candidate>,
    /// The candidate in the line, once Tab has cycled to one.
    pub selected: Option<usize>,
}

/// What a Tab did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pressed {
    /// Nothing fits the word.
    NoMatch,
    /// The only candidate was put in the line.
    Completed,
    /// Several fit: the common part was put in the line and the list is shown.
    Listed,
    /// The next (or previous) listed candidate is in the line.
    Cycled,
}

fn replace(input: &mut TextInput, start: usize, with: &str) {
    let end = input.cursor.max(start).min(input.text.len());
    let start = start.min(end);
    input.text.replace_range(start..end, with);
    input.cursor = start + with.len();
}

/// Tab (`back`: shift-Tab): cycle the open list, else complete the word at the cursor from
/// `target` (called only when no list is open).
pub fn press(
    input: &mut TextInput,
    menu: &mut Option<Menu>,
    back: bool,
    target: impl FnOnce(&str, usize) -> Target,
) -> Pressed {
    if let Some(m) = menu.as_mut().filter(|m| !m.items.is_empty()) {
        let n = m.items.len();
        let next = match (m.selected, back) {
            (None, false) => 0,
            (None, true) => n - 1,
            (Some(i), false) => (i + 1) % n,
            (Some(i), true) => (i + n - 1) % n,
        };
        m.selected = Some(next);
        let text = m.items[next].text.clone();
        replace(input, m.start, &text);
        return Pressed::Cycled;
    }
    let t = target(&input.text, input.cursor);
    let word = input.text.get(t.start..t.end).unwrap_or("").to_string();
    match t.candidates.len() {
        0 => Pressed::NoMatch,
        1 => {
            let c = &t.candidates[0];
            let follows = input
                .text
                .get(input.cursor..)
                .is_some_and(|rest| !c.then.is_empty() && rest.starts_with(c.then));
            let then = if follows { "" } else { c.then };
            replace(input, t.start, &format!("{}{then}", c.text));
            if follows {
                input.cursor += c.then.len();
            }
            *menu = None;
            Pressed::Completed
        }
        _ => {
            let common = common_prefix(&t.candidates);
            let fits = common.to_lowercase().starts_with(&word.to_lowercase());
            let typed = if fits && common.chars().count() > word.chars().count() {
                replace(input, t.start, &common);
                common
            } else {
                word
            };
            *menu = Some(Menu {
                start: t.start,
                typed,
                items: t.candidates,
                selected: None,
            });
            Pressed::Listed
        }
    }
}

/// Enter with a candidate cycled into the line: keep it, with what follows it; `false` when no
/// candidate is selected (Enter then does what it does without a list).
pub fn accept(input: &mut TextInput, menu: &mut Option<Menu>) -> bool {
    let Some(m) = menu.take() else {
        return false;
    };
    let Some(c) = m.selected.and_then(|i| m.items.get(i)) else {
        return false;
    };
    let follows = input
        .text
        .get(input.cursor..)
        .is_some_and(|rest| rest.starts_with(c.then));
    if !follows {
        input.text.insert_str(input.cursor, c.then);
    }
    input.cursor += c.then.len();
    true
}

/// Esc with the list open: back to the word as typed; the list closes.
pub fn cancel(input: &mut TextInput, menu: &mut Option<Menu>) {
    if let Some(m) = menu.take() {
        if m.selected.is_some() {
            replace(input, m.start, &m.typed);
        }
    }
}

/// The longest start all candidates share, ignoring case (in the first one's spelling).
fn common_prefix(items: &[Candidate]) -> String {
    let Some(first) = items.first() else {
        return String::new();
    };
    let mut len = first.text.len();
    for c in &items[1..] {
        let mut shared = 0;
        for ((i, a), b) in first.text.char_indices().zip(c.text.chars()) {
            if !a.to_lowercase().eq(b.to_lowercase()) {
                break;
            }
            shared = i + a.len_utf8();
        }
        len = len.min(shared);
    }
    first.text[..len].to_string()
}

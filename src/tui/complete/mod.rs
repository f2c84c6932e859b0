//! Tab completion on the `:` command line and the `/` filter bar: what the word before the cursor
//! may become. Pure functions of the text, the cursor and [`Names`]: commands from the command
//! table (`keymap::LINE_COMMANDS`), fields and keywords from the filter's field catalogue (as
//! the builder offers them, related fields by `company.` and so on), enum values, the pane's
//! sorts, and the names the database knows (users, stages, tags, saved views), which the worker
//! loads when a line opens ([`Names`], kept in state). [`menu`] is what Tab does with them.

mod command;
mod filter;
pub mod menu;

pub use command::command_target;
pub use filter::filter_target;
pub use menu::{Menu, Pressed};

use crate::domain::Entity;
use crate::tui::state::builder::Known;

/// What the database knows that completion offers, loaded off the UI thread when a line opens.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Names {
    /// Users' emails, stage names, tag names.
    pub known: Known,
    /// The saved views you can use, with what each lists.
    pub views: Vec<(String, Entity)>,
    /// Values in use of free-text fields (`industry`, `city`, …), by entity and field name.
    pub values: Vec<(Entity, &'static str, Vec<String>)>,
}

impl Names {
    /// The values in use of a free-text field, if they were read.
    pub fn values_of(&self, entity: Entity, field: &str) -> &[String] {
        self.values
            .iter()
            .find(|(e, f, _)| *e == entity && *f == field)
            .map_or(&[], |(_, _, v)| v.as_slice())
    }
}

/// One thing the word may become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// What replaces the word (a value quoted when the filter language needs it).
    pub text: String,
    /// Typed after it when it is taken alone or accepted: `:` after a field, a space after a
    /// command or a value, nothing after `company.`.
    pub then: &'static str,
}

impl Candidate {
    fn new(text: impl Into<String>, then: &'static str) -> Self {
        Candidate {
            text: text.into(),
            then,
        }
    }
}

/// The word being completed: its byte range in the text (up to the cursor) and its candidates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Target {
    pub start: usize,
    pub end: usize,
    pub candidates: Vec<Candidate>,
}

/// The candidates for `word`: those starting with it (ignoring case), in their order; when none
/// does, the closest by fuzzy match (`industy` finds `industry`), best first, else the nearest by
/// edit distance (`stauts` finds `status`).
fn matching(word: &str, all: Vec<Candidate>) -> Vec<Candidate> {
    let key = |c: &Candidate| c.text.trim_start_matches(['"', '\'']).to_lowercase();
    let w = word.trim_start_matches(['"', '\'']).to_lowercase();
    let mut seen = std::collections::HashSet::new();
    let all: Vec<Candidate> = all
        .into_iter()
        .filter(|c| seen.insert(c.text.clone()))
        .collect();
    let prefixed: Vec<Candidate> = all
        .iter()
        .filter(|c| key(c).starts_with(&w))
        .cloned()
        .collect();
    if !prefixed.is_empty() || w.is_empty() {
        return prefixed;
    }
    let keys: Vec<String> = all.iter().map(key).collect();
    let fuzzy: Vec<Candidate> = crate::tui::fuzzy::rank(&w, &keys)
        .into_iter()
        .take(20)
        .map(|i| all[i].clone())
        .collect();
    if !fuzzy.is_empty() {
        return fuzzy;
    }
    // letters swapped (`stauts`): the nearest by edit distance
    crate::domain::fields::nearest(&w, keys.iter().map(String::as_str))
        .and_then(|n| keys.iter().position(|k| k == n))
        .map(|i| vec![all[i].clone()])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;

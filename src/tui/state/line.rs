//! What the `:` and `/` lines hold besides their text: the completion list shown above the line
//! and the walk through the line's history (Up/Down).

use super::TextInput;
use crate::tui::complete::Menu;
use crate::tui::history::Recall;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineAssist {
    /// Tab's candidates, listed above the line.
    pub menu: Option<Menu>,
    /// Up/Down: the history entry shown and what was typed before.
    pub recall: Option<Recall>,
    /// Tab found nothing for the word (said under the line until the next key).
    pub no_match: bool,
}

/// `:`: the command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommandLine {
    pub input: TextInput,
    pub assist: LineAssist,
}

//! Normal-mode key bindings: a command per key, defaults below, overridable in the config file:
//!
//! ```toml
//! [keys]
//! down = ["j", "Down", "ctrl-n"]
//! delete = ["D"]
//! ```

use std::collections::BTreeMap;

use crossterm::event::KeyEvent;

mod key;
pub use key::{Key, KeyCodeKey};

pub mod help;
mod line;
pub use line::{LineArg, LineCommand, LINE_COMMANDS};

/// What a key does in normal mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCommand {
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Open,
    Back,
    FilterBar,
    FilterBuilder,
    CommandLine,
    New,
    Edit,
    Delete,
    Undo,
    Refresh,
    Sort,
    Reverse,
    NextPane,
    PrevPane,
    /// Show the companies pane.
    Companies,
    /// Show the contacts pane.
    Contacts,
    /// Show the deals pane (board or table).
    Deals,
    /// Show the activities pane (timeline or table).
    Activities,
    NextTab,
    PrevTab,
    MoveNext,
    MovePrev,
    Won,
    Lost,
    ToggleView,
    Complete,
    Scope,
    Log,
    Stages,
    ShiftDown,
    ShiftUp,
    Help,
    Quit,
}

impl KeyCommand {
    pub const ALL: [KeyCommand; 39] = [
        KeyCommand::Down,
        KeyCommand::Up,
        KeyCommand::Top,
        KeyCommand::Bottom,
        KeyCommand::PageDown,
        KeyCommand::PageUp,
        KeyCommand::Open,
        KeyCommand::Back,
        KeyCommand::FilterBar,
        KeyCommand::FilterBuilder,
        KeyCommand::CommandLine,
        KeyCommand::New,
        KeyCommand::Edit,
        KeyCommand::Delete,
        KeyCommand::Undo,
        KeyCommand::Refresh,
        KeyCommand::Sort,
        KeyCommand::Reverse,
        KeyCommand::NextPane,
        KeyCommand::PrevPane,
        KeyCommand::Companies,
        KeyCommand::Contacts,
        KeyCommand::Deals,
        KeyCommand::Activities,
        KeyCommand::NextTab,
        KeyCommand::PrevTab,
        KeyCommand::MoveNext,
        KeyCommand::MovePrev,
        KeyCommand::Won,
        KeyCommand::Lost,
        KeyCommand::ToggleView,
        KeyCommand::Complete,
        KeyCommand::Scope,
        KeyCommand::Log,
        KeyCommand::Stages,
        KeyCommand::ShiftDown,
        KeyCommand::ShiftUp,
        KeyCommand::Help,
        KeyCommand::Quit,
    ];

    /// The name used in the config file.
    pub fn name(self) -> &'static str {
        match self {
            KeyCommand::Down => "down",
            KeyCommand::Up => "up",
            KeyCommand::Top => "top",
            KeyCommand::Bottom => "bottom",
            KeyCommand::PageDown => "page-down",
            KeyCommand::PageUp => "page-up",
            KeyCommand::Open => "open",
            KeyCommand::Back => "back",
            KeyCommand::FilterBar => "filter",
            KeyCommand::FilterBuilder => "filter-builder",
            KeyCommand::CommandLine => "command",
            KeyCommand::New => "new",
            KeyCommand::Edit => "edit",
            KeyCommand::Delete => "delete",
            KeyCommand::Undo => "undo",
            KeyCommand::Refresh => "refresh",
            KeyCommand::Sort => "sort",
            KeyCommand::Reverse => "reverse",
            KeyCommand::NextPane => "next-pane",
            KeyCommand::PrevPane => "prev-pane",
            KeyCommand::Companies => "companies",
            KeyCommand::Contacts => "contacts",
            KeyCommand::Deals => "deals",
            KeyCommand::Activities => "activities",
            KeyCommand::NextTab => "next-tab",
            KeyCommand::PrevTab => "prev-tab",
            KeyCommand::MoveNext => "move-next",
            KeyCommand::MovePrev => "move-prev",
            KeyCommand::Won => "won",
            KeyCommand::Lost => "lost",
            KeyCommand::ToggleView => "toggle-view",
            KeyCommand::Complete => "complete",
            KeyCommand::Scope => "scope",
            KeyCommand::Log => "log-activity",
            KeyCommand::Stages => "stages",
            KeyCommand::ShiftDown => "shift-down",
            KeyCommand::ShiftUp => "shift-up",
            KeyCommand::Help => "help",
            KeyCommand::Quit => "quit",
        }
    }

    /// One line for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            KeyCommand::Down => "move down",
            KeyCommand::Up => "move up",
            KeyCommand::Top => "first row",
            KeyCommand::Bottom => "last row",
            KeyCommand::PageDown => "page down",
            KeyCommand::PageUp => "page up",
            KeyCommand::Open => "open the record",
            KeyCommand::Back => "back / cancel",
            KeyCommand::FilterBar => "filter (type the filter language)",
            KeyCommand::FilterBuilder => "filter builder",
            KeyCommand::CommandLine => {
                "command line (:companies FILTER, :view NAME, :save NAME, :q)"
            }
            KeyCommand::New => "new record",
            KeyCommand::Edit => "edit the record",
            KeyCommand::Delete => "delete the record (asks first)",
            KeyCommand::Undo => "undo the last delete or deal move",
            KeyCommand::Refresh => "reload from the database",
            KeyCommand::Sort => "sort by the column under the cursor",
            KeyCommand::Reverse => "reverse the sort order",
            KeyCommand::NextPane => "next pane",
            KeyCommand::PrevPane => "previous pane",
            KeyCommand::Companies => "companies pane",
            KeyCommand::Contacts => "contacts pane",
            KeyCommand::Deals => "deals pane",
            KeyCommand::Activities => "activities pane",
            KeyCommand::NextTab => "next tab (record) / column (table, board) / section (timeline)",
            KeyCommand::PrevTab => "previous tab / column / section",
            KeyCommand::MoveNext => "board: move the deal to the next stage",
            KeyCommand::MovePrev => "board: move the deal to the previous stage",
            KeyCommand::Won => "board: mark the deal won",
            KeyCommand::Lost => "board: mark the deal lost (asks why)",
            KeyCommand::ToggleView => "deals: board or table; activities: timeline or table",
            KeyCommand::Complete => "activities: done / open again; stages: activate / deactivate",
            KeyCommand::Scope => "activities: my agenda or everyone's",
            KeyCommand::Log => "log a call/email/meeting/note/task on the selected record",
            KeyCommand::Stages => "deals: manage the pipeline stages",
            KeyCommand::ShiftDown => "stages: move the stage down (later on the board)",
            KeyCommand::ShiftUp => "stages: move the stage up (earlier on the board)",
            KeyCommand::Help => "this help",
            KeyCommand::Quit => "quit",
        }
    }

    fn defaults(self) -> &'static [&'static str] {
        match self {
            KeyCommand::Down => &["j", "Down"],
            KeyCommand::Up => &["k", "Up"],
            KeyCommand::Top => &["g", "Home"],
            KeyCommand::Bottom => &["G", "End"],
            KeyCommand::PageDown => &["PageDown", "ctrl-d"],
            KeyCommand::PageUp => &["PageUp", "ctrl-u"],
            KeyCommand::Open => &["Enter"],
            KeyCommand::Back => &["Esc"],
            KeyCommand::FilterBar => &["/"],
            KeyCommand::FilterBuilder => &["f"],
            KeyCommand::CommandLine => &[":"],
            KeyCommand::New => &["n"],
            KeyCommand::Edit => &["e"],
            KeyCommand::Delete => &["d"],
            KeyCommand::Undo => &["u"],
            KeyCommand::Refresh => &["r"],
            KeyCommand::Sort => &["s"],
            KeyCommand::Reverse => &["S"],
            KeyCommand::NextPane => &["Tab"],
            KeyCommand::PrevPane => &["BackTab"],
            KeyCommand::Companies => &["1"],
            KeyCommand::Contacts => &["2"],
            KeyCommand::Deals => &["3"],
            KeyCommand::Activities => &["4"],
            KeyCommand::NextTab => &["l", "Right"],
            KeyCommand::PrevTab => &["h", "Left"],
            KeyCommand::MoveNext => &["L", ">"],
            KeyCommand::MovePrev => &["H", "<"],
            KeyCommand::Won => &["W"],
            KeyCommand::Lost => &["X"],
            KeyCommand::ToggleView => &["b"],
            KeyCommand::Complete => &["x"],
            KeyCommand::Scope => &["a"],
            KeyCommand::Log => &["A"],
            KeyCommand::Stages => &["P"],
            KeyCommand::ShiftDown => &["J"],
            KeyCommand::ShiftUp => &["K"],
            KeyCommand::Help => &["?"],
            KeyCommand::Quit => &["q", "ctrl-c"],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Key, KeyCommand>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut bindings = BTreeMap::new();
        for c in KeyCommand::ALL {
            for k in c.defaults() {
                if let Ok(key) = Key::parse(k) {
                    bindings.insert(key, c);
                }
            }
        }
        Keymap { bindings }
    }
}

impl Keymap {
    /// The defaults with the config file's `[keys]` table applied: a command listed there gets
    /// exactly the keys given (its default keys are removed).
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        for (name, keys) in overrides {
            let command = KeyCommand::ALL
                .into_iter()
                .find(|c| c.name() == name)
                .ok_or_else(|| {
                    format!(
                        "[keys] '{name}' is not a command; commands: {}",
                        KeyCommand::ALL.map(KeyCommand::name).join(", ")
                    )
                })?;
            map.bindings.retain(|_, c| *c != command);
            for k in keys {
                let key = Key::parse(k).map_err(|e| format!("[keys] {name}: {e}"))?;
                map.bindings.insert(key, command);
            }
        }
        Ok(map)
    }

    pub fn command(&self, ev: &KeyEvent) -> Option<KeyCommand> {
        let key = Key::from_event(ev)?;
        // SHIFT is ignored: a shifted letter arrives as 'G' with or without it
        self.bindings.get(&key).copied()
    }

    /// The keys bound to a command, for help and hints.
    pub fn keys_for(&self, command: KeyCommand) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .bindings
            .iter()
            .filter(|(_, c)| **c == command)
            .map(|(k, _)| *k)
            .collect();
        // plain keys before modified ones: `q` is the hint for quit, not `ctrl-c`
        keys.sort_by_key(|k| (k.ctrl || k.alt, !matches!(k.code, KeyCodeKey::Char(_))));
        keys
    }

    /// The first key of a command as text (for hints in the status bar).
    pub fn hint(&self, command: KeyCommand) -> String {
        self.keys_for(command)
            .first()
            .map_or_else(|| "(unbound)".into(), |k| k.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn ev(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn defaults_cover_the_documented_keys() {
        let m = Keymap::default();
        assert_eq!(
            m.command(&ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(KeyCommand::Down)
        );
        assert_eq!(
            m.command(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(KeyCommand::Bottom)
        );
        assert_eq!(
            m.command(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(KeyCommand::Quit)
        );
        assert_eq!(
            m.command(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(KeyCommand::PrevPane)
        );
        assert_eq!(m.command(&ev(KeyCode::Char('z'), KeyModifiers::NONE)), None);
    }

    #[test]
    fn overrides_replace_a_commands_keys_and_report_mistakes() {
        let mut o = BTreeMap::new();
        o.insert(
            "delete".to_string(),
            vec!["D".to_string(), "ctrl-x".to_string()],
        );
        let m = Keymap::with_overrides(&o).unwrap();
        assert_eq!(m.command(&ev(KeyCode::Char('d'), KeyModifiers::NONE)), None);
        assert_eq!(
            m.command(&ev(KeyCode::Char('D'), KeyModifiers::SHIFT)),
            Some(KeyCommand::Delete)
        );
        assert_eq!(
            m.command(&ev(KeyCode::Char('x'), KeyModifiers::CONTROL)),
            Some(KeyCommand::Delete)
        );
        o.insert("dlete".to_string(), vec!["x".to_string()]);
        assert!(Keymap::with_overrides(&o)
            .unwrap_err()
            .contains("'dlete' is not a command"));
        let mut bad = BTreeMap::new();
        bad.insert(
            "up".to_string(),
            vec!["ctrl-".to_string(), "Hyper".to_string()],
        );
        assert!(Keymap::with_overrides(&bad)
            .unwrap_err()
            .contains("unknown key"));
    }
}

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

/// The command line's commands (`:`), as its help lists them; `update/command.rs` runs them.
pub const COMMAND_LINE: &[(&str, &str)] = &[
    (
        ":companies [FILTER]",
        "show companies, filtered (also :contacts, :deals, :activities)",
    ),
    (":view NAME", "apply a saved view"),
    (":save NAME", "save the current filter as a view"),
    (":sort FIELD [desc]", "sort the table"),
    (
        ":stages",
        "manage the pipeline stages (the deal board's columns)",
    ),
    (":q", "quit"),
];

/// What a key does in normal mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
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

impl Command {
    pub const ALL: [Command; 39] = [
        Command::Down,
        Command::Up,
        Command::Top,
        Command::Bottom,
        Command::PageDown,
        Command::PageUp,
        Command::Open,
        Command::Back,
        Command::FilterBar,
        Command::FilterBuilder,
        Command::CommandLine,
        Command::New,
        Command::Edit,
        Command::Delete,
        Command::Undo,
        Command::Refresh,
        Command::Sort,
        Command::Reverse,
        Command::NextPane,
        Command::PrevPane,
        Command::Companies,
        Command::Contacts,
        Command::Deals,
        Command::Activities,
        Command::NextTab,
        Command::PrevTab,
        Command::MoveNext,
        Command::MovePrev,
        Command::Won,
        Command::Lost,
        Command::ToggleView,
        Command::Complete,
        Command::Scope,
        Command::Log,
        Command::Stages,
        Command::ShiftDown,
        Command::ShiftUp,
        Command::Help,
        Command::Quit,
    ];

    /// The name used in the config file.
    pub fn name(self) -> &'static str {
        match self {
            Command::Down => "down",
            Command::Up => "up",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::PageDown => "page-down",
            Command::PageUp => "page-up",
            Command::Open => "open",
            Command::Back => "back",
            Command::FilterBar => "filter",
            Command::FilterBuilder => "filter-builder",
            Command::CommandLine => "command",
            Command::New => "new",
            Command::Edit => "edit",
            Command::Delete => "delete",
            Command::Undo => "undo",
            Command::Refresh => "refresh",
            Command::Sort => "sort",
            Command::Reverse => "reverse",
            Command::NextPane => "next-pane",
            Command::PrevPane => "prev-pane",
            Command::Companies => "companies",
            Command::Contacts => "contacts",
            Command::Deals => "deals",
            Command::Activities => "activities",
            Command::NextTab => "next-tab",
            Command::PrevTab => "prev-tab",
            Command::MoveNext => "move-next",
            Command::MovePrev => "move-prev",
            Command::Won => "won",
            Command::Lost => "lost",
            Command::ToggleView => "toggle-view",
            Command::Complete => "complete",
            Command::Scope => "scope",
            Command::Log => "log-activity",
            Command::Stages => "stages",
            Command::ShiftDown => "shift-down",
            Command::ShiftUp => "shift-up",
            Command::Help => "help",
            Command::Quit => "quit",
        }
    }

    /// One line for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Command::Down => "move down",
            Command::Up => "move up",
            Command::Top => "first row",
            Command::Bottom => "last row",
            Command::PageDown => "page down",
            Command::PageUp => "page up",
            Command::Open => "open the record",
            Command::Back => "back / cancel",
            Command::FilterBar => "filter (type the filter language)",
            Command::FilterBuilder => "filter builder",
            Command::CommandLine => "command line (:companies FILTER, :view NAME, :save NAME, :q)",
            Command::New => "new record",
            Command::Edit => "edit the record",
            Command::Delete => "delete the record (asks first)",
            Command::Undo => "undo the last delete or deal move",
            Command::Refresh => "reload from the database",
            Command::Sort => "cycle the sort order",
            Command::Reverse => "reverse the sort order",
            Command::NextPane => "next pane",
            Command::PrevPane => "previous pane",
            Command::Companies => "companies pane",
            Command::Contacts => "contacts pane",
            Command::Deals => "deals pane",
            Command::Activities => "activities pane",
            Command::NextTab => "next tab (record) / column (board) / section (timeline)",
            Command::PrevTab => "previous tab / column / section",
            Command::MoveNext => "board: move the deal to the next stage",
            Command::MovePrev => "board: move the deal to the previous stage",
            Command::Won => "board: mark the deal won",
            Command::Lost => "board: mark the deal lost (asks why)",
            Command::ToggleView => "deals: board or table; activities: timeline or table",
            Command::Complete => "activities: done / open again; stages: activate / deactivate",
            Command::Scope => "activities: my agenda or everyone's",
            Command::Log => "log a call/email/meeting/note/task on the selected record",
            Command::Stages => "deals: manage the pipeline stages",
            Command::ShiftDown => "stages: move the stage down (later on the board)",
            Command::ShiftUp => "stages: move the stage up (earlier on the board)",
            Command::Help => "this help",
            Command::Quit => "quit",
        }
    }

    fn defaults(self) -> &'static [&'static str] {
        match self {
            Command::Down => &["j", "Down"],
            Command::Up => &["k", "Up"],
            Command::Top => &["g", "Home"],
            Command::Bottom => &["G", "End"],
            Command::PageDown => &["PageDown", "ctrl-d"],
            Command::PageUp => &["PageUp", "ctrl-u"],
            Command::Open => &["Enter"],
            Command::Back => &["Esc"],
            Command::FilterBar => &["/"],
            Command::FilterBuilder => &["f"],
            Command::CommandLine => &[":"],
            Command::New => &["n"],
            Command::Edit => &["e"],
            Command::Delete => &["d"],
            Command::Undo => &["u"],
            Command::Refresh => &["r"],
            Command::Sort => &["s"],
            Command::Reverse => &["S"],
            Command::NextPane => &["Tab"],
            Command::PrevPane => &["BackTab"],
            Command::Companies => &["1"],
            Command::Contacts => &["2"],
            Command::Deals => &["3"],
            Command::Activities => &["4"],
            Command::NextTab => &["l", "Right"],
            Command::PrevTab => &["h", "Left"],
            Command::MoveNext => &["L", ">"],
            Command::MovePrev => &["H", "<"],
            Command::Won => &["W"],
            Command::Lost => &["X"],
            Command::ToggleView => &["b"],
            Command::Complete => &["x"],
            Command::Scope => &["a"],
            Command::Log => &["A"],
            Command::Stages => &["P"],
            Command::ShiftDown => &["J"],
            Command::ShiftUp => &["K"],
            Command::Help => &["?"],
            Command::Quit => &["q", "ctrl-c"],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Key, Command>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut bindings = BTreeMap::new();
        for c in Command::ALL {
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
            let command = Command::ALL
                .into_iter()
                .find(|c| c.name() == name)
                .ok_or_else(|| {
                    format!(
                        "[keys] '{name}' is not a command; commands: {}",
                        Command::ALL.map(Command::name).join(", ")
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

    pub fn command(&self, ev: &KeyEvent) -> Option<Command> {
        let key = Key::from_event(ev)?;
        // SHIFT is ignored: a shifted letter arrives as 'G' with or without it
        self.bindings.get(&key).copied()
    }

    /// The keys bound to a command, for help and hints.
    pub fn keys_for(&self, command: Command) -> Vec<Key> {
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
    pub fn hint(&self, command: Command) -> String {
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
            Some(Command::Down)
        );
        assert_eq!(
            m.command(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Command::Bottom)
        );
        assert_eq!(
            m.command(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Command::Quit)
        );
        assert_eq!(
            m.command(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Command::PrevPane)
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
            Some(Command::Delete)
        );
        assert_eq!(
            m.command(&ev(KeyCode::Char('x'), KeyModifiers::CONTROL)),
            Some(Command::Delete)
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

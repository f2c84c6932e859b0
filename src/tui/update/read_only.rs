//! Read-only mode in the TUI: a key that would write says why it does nothing, instead of
//! opening a form or asking the database (which would refuse it too).

use crate::tui::keymap::Command;
use crate::tui::pane::PaneId;
use crate::tui::state::App;

/// What `command` would write on the screen the app shows, or None when it only reads (or does
/// nothing there).
pub fn write_of(app: &App, command: Command) -> Option<&'static str> {
    let stages = app.stages_active();
    let board = app.board_active();
    Some(match command {
        Command::New if stages => "adding a stage",
        Command::Edit | Command::Open if stages => "editing a stage",
        Command::ShiftDown | Command::ShiftUp if stages => "reordering the stages",
        Command::Complete if stages => "(de)activating a stage",
        Command::Delete if stages => "deleting a stage",
        Command::New => "creating a record",
        Command::Edit => "editing a record",
        Command::Log => "logging an activity",
        Command::Delete => "deleting a record",
        Command::Undo => "undoing a change",
        Command::MoveNext | Command::MovePrev | Command::Won | Command::Lost if board => {
            "moving a deal"
        }
        Command::Complete if app.pane == PaneId::Activities => "marking an activity done",
        _ => return None,
    })
}

/// The message a refused write shows.
pub fn refusal(what: &str) -> String {
    format!("read-only mode: {what} is not allowed; nothing was changed")
}

/// In read-only mode, refuse `command` if it writes: true when it was refused (the message is
/// set).
pub fn refuse(app: &mut App, command: Command) -> bool {
    if !app.read_only {
        return false;
    }
    match write_of(app, command) {
        Some(what) => {
            app.error(refusal(what));
            true
        }
        None => false,
    }
}

//! Read-only mode in the TUI: a key that would write says why it does nothing, instead of
//! opening a form or asking the database (which would refuse it too).

use crate::tui::keymap::KeyCommand;
use crate::tui::pane::PaneId;
use crate::tui::state::App;

/// What `command` would write on the screen the app shows, or None when it only reads (or does
/// nothing there).
pub fn write_of(app: &App, command: KeyCommand) -> Option<&'static str> {
    let stages = app.stages_active();
    let board = app.board_active();
    Some(match command {
        KeyCommand::New if stages => "adding a stage",
        KeyCommand::Edit | KeyCommand::Open if stages => "editing a stage",
        KeyCommand::ShiftDown | KeyCommand::ShiftUp if stages => "reordering the stages",
        KeyCommand::Complete if stages => "(de)activating a stage",
        KeyCommand::Delete if stages => "deleting a stage",
        KeyCommand::New => "creating a record",
        KeyCommand::Edit => "editing a record",
        KeyCommand::Log => "logging an activity",
        KeyCommand::Delete => "deleting a record",
        KeyCommand::Undo => "undoing a change",
        KeyCommand::MoveNext | KeyCommand::MovePrev | KeyCommand::Won | KeyCommand::Lost
            if board =>
        {
            "moving a deal"
        }
        KeyCommand::Complete if app.pane == PaneId::Activities => "marking an activity done",
        _ => return None,
    })
}

/// The message a refused write shows.
pub fn refusal(what: &str) -> String {
    format!("read-only mode: {what} is not allowed; nothing was changed")
}

/// In read-only mode, refuse `command` if it writes: true when it was refused (the message is
/// set).
pub fn refuse(app: &mut App, command: KeyCommand) -> bool {
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

//! `x` in the activities table: the selected activity is marked done, or open again when it was
//! done; `u` puts it back as it was (done at its old time, or open).

use super::Outcome;
use crate::tui::action::Action;
use crate::tui::effect::{DoneTo, Effect};
use crate::tui::keymap::KeyCommand;
use crate::tui::pane::PaneId;
use crate::tui::state::{App, Undo};

/// `x` on the selected row of the activities table.
pub fn toggle(app: &mut App) -> Vec<Effect> {
    match app.listing().selected_row() {
        Some(row) => vec![Effect::MarkDone {
            id: row.id,
            version: row.version,
            subject: row.label.clone(),
            to: DoneTo::Toggle,
        }],
        None => {
            app.info("nothing to mark done: no activity is selected");
            vec![]
        }
    }
}

pub fn reply(app: &mut App, action: Action) -> Outcome {
    let Action::MarkedDone {
        id,
        subject,
        undo,
        result,
    } = action
    else {
        return Outcome::nothing();
    };
    match result {
        Ok(marked) => {
            let state = if marked.done { "done" } else { "open" };
            if undo {
                app.info(format!("Undid: {subject} is {state} again"));
            } else {
                let key = app.keymap.hint(KeyCommand::Undo);
                let what = if marked.done { "Done" } else { "Reopened" };
                app.info(format!("{what}: {subject} — {key} to undo"));
                app.undo.push(Undo::Marked {
                    id,
                    subject,
                    version: marked.version,
                    before: marked.before,
                });
            }
            app.listings.entry(PaneId::Activities).or_default().follow = Some(id);
            Outcome::redraw(super::reload(app, PaneId::Activities))
        }
        Err(e) => {
            app.error(format!("could not mark '{subject}': {e}"));
            Outcome::redraw(super::reload(app, PaneId::Activities))
        }
    }
}

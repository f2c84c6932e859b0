//! The `:views` list: j/k (arrows) move, Enter applies the view, `d` deletes it (asked first),
//! `r` renames it, Esc closes. Deleting and renaming go to the worker; the list reloads after.

use crossterm::event::{KeyCode, KeyEvent};

use super::Outcome;
use crate::tui::effect::Effect;
use crate::tui::state::prompt::Prompt;
use crate::tui::state::views_list::ViewsList;
use crate::tui::state::{App, Mode};

/// Open the list (`:views`, `:view` alone), loading the views.
pub fn open(app: &mut App) -> Vec<Effect> {
    reopen(app)
}

/// Show the list again, fresh from the database.
pub fn reopen(app: &mut App) -> Vec<Effect> {
    app.mode = Mode::Views(ViewsList::loading());
    vec![Effect::LoadViews]
}

pub fn key(app: &mut App, key: KeyEvent) -> Outcome {
    let Mode::Views(list) = &mut app.mode else {
        return Outcome::nothing();
    };
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => {
            app.mode = Mode::Normal;
            Outcome::redraw(vec![])
        }
        KeyCode::Down | KeyCode::Char('j') => {
            list.step(1);
            Outcome::redraw(vec![])
        }
        KeyCode::Up | KeyCode::Char('k') => {
            list.step(-1);
            Outcome::redraw(vec![])
        }
        KeyCode::Enter => match list.current() {
            Some(v) => {
                let name = v.name.clone();
                app.mode = Mode::Normal;
                Outcome::redraw(vec![Effect::FindView { name }])
            }
            None => Outcome::nothing(),
        },
        KeyCode::Char('d') if app.read_only => {
            app.error(super::read_only::refusal("deleting a view"));
            Outcome::redraw(vec![])
        }
        KeyCode::Char('r') if app.read_only => {
            app.error(super::read_only::refusal("renaming a view"));
            Outcome::redraw(vec![])
        }
        KeyCode::Char('d') => match list.current() {
            Some(v) => {
                app.mode = Mode::Confirm(Prompt::delete_view(v.id, v.name.clone()));
                Outcome::redraw(vec![])
            }
            None => Outcome::nothing(),
        },
        KeyCode::Char('r') => match list.current() {
            Some(v) => {
                app.mode = Mode::Confirm(Prompt::rename_view(v.clone()));
                Outcome::redraw(vec![])
            }
            None => Outcome::nothing(),
        },
        _ => Outcome::nothing(),
    }
}

/// The worker's replies for the list.
pub fn reply(app: &mut App, action: crate::tui::action::Action) -> Outcome {
    use crate::tui::action::Action;
    match action {
        Action::ViewsListed(result) => {
            match (result, &mut app.mode) {
                (Ok(items), Mode::Views(list)) => list.fill(items),
                (Err(e), Mode::Views(_)) => {
                    app.mode = Mode::Normal;
                    app.error(format!("could not list the saved views: {e}"));
                }
                // closed meanwhile
                _ => {}
            }
            Outcome::redraw(vec![])
        }
        Action::ViewChanged(result) => {
            match result {
                Ok(done) => app.info(done),
                Err(e) => app.error(e),
            }
            let effects = if matches!(app.mode, Mode::Normal) {
                reopen(app)
            } else {
                vec![]
            };
            Outcome::redraw(effects)
        }
        _ => Outcome::nothing(),
    }
}

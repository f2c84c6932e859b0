//! The `:` command line: `:companies [FILTER]` (and the other panes), `:view NAME`, `:views` (or
//! `:view` alone: the list of saved views), `:save NAME`,
//! `:sort FIELD [desc]`, `:help`, `:q`. Tab completes, Up/Down recall (`command_assist.rs`).

use crossterm::event::{KeyCode, KeyEvent};

use super::command_assist::{self, Assisted};
use super::{filter::validate, requery, Outcome};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::history::LineKind;
use crate::tui::pane::PaneId;
use crate::tui::state::{App, CommandLine, Mode};

/// Open the command line; the names Tab completes from are read meanwhile if they changed.
pub fn open(app: &mut App) -> Vec<Effect> {
    app.mode = Mode::CommandLine(CommandLine::default());
    load_names(app)
}

/// [`Effect::LoadNames`] when the names in hand may be out of date (`app.names_stale`), else
/// nothing: a line opens on what was read, not on a new read of every name in use.
pub fn load_names(app: &mut App) -> Vec<Effect> {
    if std::mem::take(&mut app.names_stale) {
        vec![Effect::LoadNames]
    } else {
        vec![]
    }
}

pub fn key(app: &mut App, key: KeyEvent) -> Outcome {
    if let Assisted::Done { .. } = command_assist::key(app, key) {
        return Outcome::redraw(vec![]);
    }
    let Mode::CommandLine(line) = &mut app.mode else {
        return Outcome::nothing();
    };
    let input = &mut line.input;
    match key.code {
        KeyCode::Esc => {
            app.mode = Mode::Normal;
            Outcome::redraw(vec![])
        }
        KeyCode::Enter => {
            let line = input.text.trim().to_string();
            app.mode = Mode::Normal;
            let mut effects = command_assist::remember(app, LineKind::Command, &line);
            effects.extend(run(app, &line));
            Outcome::redraw(effects)
        }
        KeyCode::Backspace if input.text.is_empty() => {
            app.mode = Mode::Normal;
            Outcome::redraw(vec![])
        }
        _ => {
            input.edit(key);
            Outcome::redraw(vec![])
        }
    }
}

/// The worker's replies for the lines: the names to complete from, the history file.
pub fn reply(app: &mut App, action: Action) -> Outcome {
    match action {
        Action::NamesLoaded(Ok(names)) => {
            app.names = names;
            Outcome::nothing()
        }
        Action::NamesLoaded(Err(e)) => {
            app.names_stale = true;
            app.error(format!(
                "completion: could not read the names to offer: {e}"
            ));
            Outcome::redraw(vec![])
        }
        Action::HistoryLoaded(Ok(entries)) => {
            app.history.loaded(entries);
            Outcome::nothing()
        }
        Action::HistoryLoaded(Err(e)) | Action::HistorySaved(Err(e)) => {
            // said once: a file that cannot be written stays so for the session
            if app.history.reported {
                return Outcome::nothing();
            }
            app.history.reported = true;
            app.error(e);
            Outcome::redraw(vec![])
        }
        _ => Outcome::nothing(),
    }
}

/// The pane's sort as a view stores it (`close:desc`), as `--sort` takes it.
pub(super) fn current_sort(app: &App) -> Option<String> {
    let q = &app.listing().query;
    let s = app.pane.sort_descs().get(q.sort)?;
    Some(format!(
        "{}{}",
        s.name,
        if q.descending { ":desc" } else { "" }
    ))
}

/// Run one command line (without the `:`).
pub fn run(app: &mut App, line: &str) -> Vec<Effect> {
    let (word, rest) = match line.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (line, ""),
    };
    match word {
        "" => vec![],
        "q" | "quit" | "q!" => {
            app.quit = true;
            vec![]
        }
        "view" | "v" if !rest.is_empty() => vec![Effect::FindView {
            name: rest.to_string(),
        }],
        "views" | "view" | "v" => super::views::open(app),
        "save" if app.read_only => {
            app.error(super::read_only::refusal("saving a view"));
            vec![]
        }
        "save" if !rest.is_empty() => vec![Effect::SaveView {
            name: rest.to_string(),
            pane: app.pane,
            filter: app.listing().query.filter.clone(),
            sort: current_sort(app),
            replace: false,
        }],
        "sort" => sort(app, rest),
        "stages" => super::stages::open(app),
        "user" | "whoami" => super::identity::open(app),
        "users" => super::identity::open_users(app),
        "help" | "h" => {
            app.mode = Mode::Help(Box::new(Mode::Normal));
            vec![]
        }
        w => match PaneId::parse(w) {
            Some(pane) => {
                app.pane = pane;
                app.detail = None;
                if let Err((start, end, reason)) = validate(app, rest) {
                    let bad = rest.get(start..end).unwrap_or(rest);
                    app.error(format!("filter: {reason} (at '{bad}')"));
                    return vec![];
                }
                app.views.remove(&pane);
                let mut q = app.listing().query.clone();
                q.filter = rest.to_string();
                requery(app, pane, q)
            }
            None => {
                app.error(unknown(w));
                vec![]
            }
        },
    }
}

/// What an unknown command word is told: the closest command, else all of them.
fn unknown(word: &str) -> String {
    let names: Vec<&str> = crate::tui::keymap::LINE_COMMANDS
        .iter()
        .map(|c| c.name)
        .collect();
    // a typo (`sotr`), else a command the word's letters run through (`vews`)
    let near = crate::domain::fields::nearest(word, names.iter().copied()).or_else(|| {
        crate::tui::fuzzy::rank(word, &names)
            .first()
            .map(|&i| names[i])
    });
    match near {
        Some(n) => {
            format!("unknown command ':{word}' — did you mean :{n}? (Tab completes commands)")
        }
        None => format!(
            "unknown command ':{word}'; commands: {} (Tab completes them)",
            names
                .iter()
                .map(|n| format!(":{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `:sort NAME [asc|desc]` (or `NAME:desc`, as `--sort` takes it): NAME is a sort's typed name
/// (`first_name`), as on the command line, or its label (`first name`) as the status bar shows it.
fn sort(app: &mut App, rest: &str) -> Vec<Effect> {
    let pane = app.pane;
    let rest = rest.trim();
    let (name, desc) = match rest
        .rsplit_once(char::is_whitespace)
        .or_else(|| rest.rsplit_once(':'))
    {
        Some((n, "desc")) => (n.trim(), true),
        Some((n, "asc")) => (n.trim(), false),
        _ => (rest, false),
    };
    let sorts = pane.sort_descs();
    let found = pane.desc().sort_named(name).or_else(|unknown| {
        let label = name.replace('_', " ");
        sorts.iter().find(|s| s.label == label).ok_or(unknown)
    });
    match found {
        Ok(s) => {
            let mut q = app.listing().query.clone();
            // (found among these sorts, so always there; 0 is the default)
            q.sort = sorts.iter().position(|d| d == s).unwrap_or_default();
            q.descending = desc;
            requery(app, pane, q)
        }
        Err(unknown) => {
            app.error(unknown.to_string());
            vec![]
        }
    }
}

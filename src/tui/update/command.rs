//! The `:` command line: `:companies [FILTER]` (and the other panes), `:view NAME`, `:views` (or
//! `:view` alone: the list of saved views), `:save NAME`,
//! `:sort FIELD [desc]`, `:help`, `:q`.

use crossterm::event::{KeyCode, KeyEvent};

use super::{filter::validate, requery, Outcome};
use crate::tui::effect::Effect;
use crate::tui::pane::PaneId;
use crate::tui::state::{App, Mode};

pub fn key(app: &mut App, key: KeyEvent) -> Outcome {
    let Mode::CommandLine(input) = &mut app.mode else {
        return Outcome::nothing();
    };
    match key.code {
        KeyCode::Esc => {
            app.mode = Mode::Normal;
            Outcome::redraw(vec![])
        }
        KeyCode::Enter => {
            let line = input.text.trim().to_string();
            app.mode = Mode::Normal;
            Outcome::redraw(run(app, &line))
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
                app.error(format!(
                    "unknown command ':{w}' — try :companies, :contacts, :deals, :activities, :stages, :view NAME, :views, :save NAME, :sort FIELD, :q"
                ));
                vec![]
            }
        },
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

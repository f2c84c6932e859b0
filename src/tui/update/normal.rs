//! Normal mode: moving through a table or an open record, switching panes, deleting and undoing.

use crossterm::event::{KeyCode, KeyEvent};

use super::{load_from, page_if_needed, reload, requery, switch_pane, Outcome};
use crate::tui::effect::Effect;
use crate::tui::keymap::KeyCommand;
use crate::tui::pane::PaneId;
use crate::tui::state::detail::DetailState;
use crate::tui::state::listing::PageFrom;
use crate::tui::state::prompt::Prompt;
use crate::tui::state::{App, Mode, Undo};

pub fn key(app: &mut App, key: KeyEvent) -> Outcome {
    if super::prompt::asking(app) {
        return super::prompt::key(app, key);
    }
    match app.keymap.command(&key) {
        Some(command) => run(app, command),
        None => Outcome::nothing(),
    }
}

pub fn run(app: &mut App, command: KeyCommand) -> Outcome {
    app.message = None;
    if super::read_only::refuse(app, command) {
        return Outcome::redraw(vec![]);
    }
    if let Some(out) = screen_command(app, command) {
        return out;
    }
    let pane = app.pane;
    let effects = match command {
        KeyCommand::Quit => {
            app.quit = true;
            vec![]
        }
        KeyCommand::Down
        | KeyCommand::Up
        | KeyCommand::PageDown
        | KeyCommand::PageUp
        | KeyCommand::Top
        | KeyCommand::Bottom => table_move(app, command),
        KeyCommand::Open => match app.listing().selected_row() {
            Some(row) => {
                let (id, label) = (row.id, row.label.clone());
                let req = app.req();
                app.detail = Some(DetailState::new(pane, id, label, req));
                vec![Effect::LoadDetail { pane, req, id }]
            }
            None => vec![],
        },
        KeyCommand::Back => {
            if !app.listing().query.filter.is_empty() {
                let mut q = app.listing().query.clone();
                q.filter.clear();
                app.views.remove(&pane);
                app.info("Filter cleared");
                requery(app, pane, q)
            } else {
                vec![]
            }
        }
        KeyCommand::FilterBar => super::filter::open(app),
        KeyCommand::CommandLine => super::command::open(app),
        KeyCommand::FilterBuilder => return super::builder::open(app),
        KeyCommand::New => super::form::open_new(app),
        KeyCommand::Edit => super::form::open_edit(app),
        KeyCommand::Log => super::form::open_log(app),
        KeyCommand::Stages => super::stages::open(app),
        KeyCommand::Delete => {
            ask_delete(app, pane);
            vec![]
        }
        KeyCommand::Undo => undo(app),
        KeyCommand::Refresh => {
            app.listing_mut().rows.clear();
            reload(app, pane)
        }
        KeyCommand::Sort => sort_by_column(app),
        KeyCommand::Reverse => {
            let mut q = app.listing().query.clone();
            q.descending = !q.descending;
            requery(app, pane, q)
        }
        KeyCommand::NextPane => switch_pane(app, next(pane, 1)),
        KeyCommand::PrevPane => switch_pane(app, next(pane, PaneId::ALL.len() - 1)),
        KeyCommand::Companies => switch_pane(app, PaneId::Companies),
        KeyCommand::Contacts => switch_pane(app, PaneId::Contacts),
        KeyCommand::Deals => switch_pane(app, PaneId::Deals),
        KeyCommand::Activities => switch_pane(app, PaneId::Activities),
        KeyCommand::NextTab => move_column(app, 1),
        KeyCommand::PrevTab => move_column(app, -1),
        KeyCommand::MoveNext
        | KeyCommand::MovePrev
        | KeyCommand::Won
        | KeyCommand::Lost
        | KeyCommand::ShiftDown
        | KeyCommand::ShiftUp => vec![],
        KeyCommand::ToggleView if pane == PaneId::Deals => super::board::toggle(app),
        KeyCommand::ToggleView if pane == PaneId::Activities => super::timeline::toggle(app),
        KeyCommand::Scope if pane == PaneId::Activities => super::timeline::toggle_mine(app),
        KeyCommand::Complete if pane == PaneId::Activities => super::done::toggle(app),
        KeyCommand::ToggleView | KeyCommand::Complete | KeyCommand::Scope => vec![],
        KeyCommand::Help => {
            let under = std::mem::replace(&mut app.mode, Mode::Normal);
            app.mode = Mode::Help(Box::new(under));
            vec![]
        }
    };
    Outcome::redraw(effects)
}

/// The screen over the table (stages, an open record, the board, the timeline) takes the
/// commands it knows; `None` leaves the command to the table.
fn screen_command(app: &mut App, command: KeyCommand) -> Option<Outcome> {
    if app.stages_active() {
        if let Some(out) = super::stages::command(app, command) {
            return Some(out);
        }
    }
    if app.detail.is_some() {
        if let Some(out) = detail_command(app, command) {
            return Some(out);
        }
    }
    if app.board_active() {
        if let Some(out) = super::board::command(app, command) {
            return Some(out);
        }
    }
    if super::timeline::active(app) {
        if let Some(out) = super::timeline::command(app, command) {
            return Some(out);
        }
    }
    None
}

/// Moving the selection in the table; a jump or a move past the loaded rows asks for a page.
fn table_move(app: &mut App, command: KeyCommand) -> Vec<Effect> {
    let pane = app.pane;
    match command {
        KeyCommand::Down => step(app, 1),
        KeyCommand::Up => step(app, -1),
        KeyCommand::PageDown => {
            let h = app.listing().height.max(1) as isize;
            step(app, h)
        }
        KeyCommand::PageUp => {
            let h = app.listing().height.max(1) as isize;
            step(app, -h)
        }
        // during a jump the loaded rows are about to go: jump again rather than move in them
        KeyCommand::Top => {
            let l = app.listing_mut();
            if l.more_before || l.jumping() {
                load_from(app, pane, PageFrom::Start)
            } else {
                l.selected = 0;
                l.clamp();
                vec![]
            }
        }
        KeyCommand::Bottom => {
            let l = app.listing_mut();
            if l.more_after || l.jumping() {
                load_from(app, pane, PageFrom::End)
            } else {
                l.selected = l.rows.len().saturating_sub(1);
                l.clamp();
                vec![]
            }
        }
        _ => vec![],
    }
}

fn next(pane: PaneId, by: usize) -> PaneId {
    PaneId::ALL[(pane.index() + by) % PaneId::ALL.len()]
}

fn step(app: &mut App, delta: isize) -> Vec<crate::tui::effect::Effect> {
    app.listing_mut().move_by(delta);
    page_if_needed(app, app.pane)
}

/// Keys that mean something else while a record is open; `None` falls through to the table.
fn detail_command(app: &mut App, command: KeyCommand) -> Option<Outcome> {
    let d = app.detail.as_mut()?;
    let pane = d.pane;
    match command {
        // an opened change closes first, then the record (back to the one it was opened from)
        KeyCommand::Back if d.opened.is_some() => d.opened = None,
        KeyCommand::Back => return Some(Outcome::redraw(back(app))),
        KeyCommand::Open => {
            if !d.open_change() {
                if let Some(link) = d.selected_link().cloned() {
                    let req = app.req();
                    let (pane, id) = (link.pane, link.id);
                    app.detail = app.detail.take().map(|d| d.drill(link, req));
                    return Some(Outcome::redraw(vec![Effect::LoadDetail { pane, req, id }]));
                }
            }
        }
        KeyCommand::Down => d.move_by(1),
        KeyCommand::Up => d.move_by(-1),
        KeyCommand::PageDown => d.move_by(10),
        KeyCommand::PageUp => d.move_by(-10),
        KeyCommand::Top => d.move_by(isize::MIN / 2),
        KeyCommand::Bottom => d.move_by(isize::MAX / 2),
        KeyCommand::NextTab => d.cycle_tab(true),
        KeyCommand::PrevTab => d.cycle_tab(false),
        KeyCommand::Refresh => {
            let id = d.id;
            let req = app.req();
            if let Some(d) = app.detail.as_mut() {
                d.pending = Some(req);
            }
            return Some(Outcome::redraw(vec![Effect::LoadDetail { pane, req, id }]));
        }
        KeyCommand::Delete => {
            let (id, label) = (d.id, d.label.clone());
            let version = d.detail.as_ref().map(|x| x.version);
            if let Some(version) = version {
                app.mode = Mode::Confirm(Prompt::delete_record(pane, id, version, label));
            }
        }
        KeyCommand::Sort | KeyCommand::Reverse | KeyCommand::FilterBar => {}
        _ => return None,
    }
    Some(Outcome::redraw(vec![]))
}

/// Close the open record: back to the record it was opened from (on the tab and row it was left
/// on, read again), or to the table.
pub fn back(app: &mut App) -> Vec<Effect> {
    let Some(parent) = app.detail.take().and_then(|d| d.back()) else {
        return vec![];
    };
    let req = app.req();
    let (pane, id) = (parent.pane, parent.id);
    app.detail = Some(DetailState {
        pending: Some(req),
        ..parent
    });
    vec![Effect::LoadDetail { pane, req, id }]
}

fn ask_delete(app: &mut App, pane: PaneId) {
    if let Some(row) = app.listing().selected_row() {
        app.mode = Mode::Confirm(Prompt::delete_record(
            pane,
            row.id,
            row.version,
            row.label.clone(),
        ));
    }
}

fn undo(app: &mut App) -> Vec<Effect> {
    match app.undo.pop() {
        Some(Undo::Deleted(d)) => vec![Effect::Restore {
            pane: d.pane,
            id: d.id,
            label: d.label,
        }],
        Some(Undo::Moved { deal, title, back }) => vec![Effect::PutBack { deal, title, back }],
        Some(Undo::Marked {
            id,
            subject,
            version,
            before,
        }) => vec![Effect::MarkDone {
            id,
            version,
            subject,
            to: crate::tui::effect::DoneTo::Back(before),
        }],
        None => {
            app.info("Nothing to undo");
            vec![]
        }
    }
}

/// The first-run screen: `d` loads the demo data, `n` starts a company, `i` asks who you are,
/// `?` the help (as it says; closing it comes back here), Esc goes to the tables (asking who you
/// are first when no acting user is configured).
pub fn welcome_key(app: &mut App, key: KeyEvent) -> Outcome {
    match key.code {
        KeyCode::Char('?') => {
            app.mode = Mode::Help(Box::new(Mode::Welcome));
            Outcome::redraw(vec![])
        }
        KeyCode::Char('d') if app.read_only => {
            app.error(super::read_only::refusal("loading the demo data"));
            Outcome::redraw(vec![])
        }
        KeyCode::Char('d') => {
            app.info("Loading the demo data…");
            Outcome::redraw(vec![Effect::SeedDemo])
        }
        KeyCode::Char('n') => {
            app.mode = Mode::Normal;
            run(app, KeyCommand::New)
        }
        KeyCode::Char('q') => {
            app.quit = true;
            Outcome::redraw(vec![])
        }
        KeyCode::Char('i') => {
            app.mode = Mode::Normal;
            Outcome::redraw(super::identity::open(app))
        }
        KeyCode::Esc | KeyCode::Enter => {
            // to the tables; without an acting user, first "who are you?"
            app.mode = Mode::Normal;
            Outcome::redraw(super::identity::ask_if_needed(app))
        }
        _ => Outcome::nothing(),
    }
}

/// `h` / `l` in a table: the column cursor moves among the shown columns (it stops at the ends).
fn move_column(app: &mut App, by: isize) -> Vec<Effect> {
    let shown = app.visible_columns(app.pane).len();
    let l = app.listing_mut();
    l.column = l
        .column
        .saturating_add_signed(by)
        .min(shown.saturating_sub(1));
    vec![]
}

/// `s`: sort by the column under the cursor; again on the sorted column, the other way round.
fn sort_by_column(app: &mut App) -> Vec<Effect> {
    let pane = app.pane;
    let visible = app.visible_columns(pane);
    let Some(&column) = visible.get(app.listing().column).or(visible.first()) else {
        return vec![];
    };
    let header = pane.columns().get(column).map_or("", |c| c.header);
    let Some(sort) = pane.sort_of_column(column) else {
        app.error(format!(
            "{} can't be sorted by {header}; sort by a column with h/l then s, or :sort {}",
            pane.title().to_lowercase(),
            pane.sort_descs()
                .iter()
                .map(|s| s.name)
                .collect::<Vec<_>>()
                .join("|")
        ));
        return vec![];
    };
    let mut q = app.listing().query.clone();
    q.descending = q.sort == sort && !q.descending;
    q.sort = sort;
    let arrow = if q.descending { "↓" } else { "↑" };
    app.info(format!("Sorted by {} {arrow}", pane.sorts()[sort]));
    requery(app, pane, q)
}

//! Overlays: the help for the current mode, and the first-run welcome.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{display_width, fit, pad, sanitize, Theme};
use crate::tui::keymap::KeyCommand;
use crate::tui::keymap::COMMAND_LINE as COMMANDS;
use crate::tui::state::{App, Mode};

pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// The lines of help for a mode (also used by tests).
pub fn help_lines(app: &App, mode: &Mode) -> Vec<(String, String)> {
    match mode {
        Mode::Form(f) => super::form::help_lines(f),
        Mode::Filter(_) => vec![
            (
                "text".into(),
                "the filter language, e.g. industry:software status:customer".into(),
            ),
            ("Enter".into(), "apply and close the bar".into()),
            ("Esc".into(), "cancel: back to the filter before".into()),
            ("ctrl-w / ctrl-u".into(), "delete a word / the line".into()),
            ("←/→ Home/End".into(), "move the cursor".into()),
        ],
        Mode::Builder(_) => [
            ("type", "search fields or values (fuzzy)"),
            ("↑/↓ ctrl-p/ctrl-n", "choose"),
            ("Enter", "pick; in the summary: apply the filter"),
            ("Tab", "tick several values (one of)"),
            ("a / o", "add a condition (and) / start an OR group"),
            ("x", "remove the last condition"),
            ("s", "save the filter as a named view"),
            ("Esc", "back a step; in the summary: cancel"),
        ]
        .iter()
        .map(|(k, d)| (k.to_string(), d.to_string()))
        .collect(),
        Mode::CommandLine(_) => COMMANDS
            .iter()
            .map(|(k, d)| (k.to_string(), d.to_string()))
            .collect(),
        _ if app.stages_active() => STAGE_KEYS
            .iter()
            .map(|(c, d)| (keys_of(app, *c), d.to_string()))
            .collect(),
        _ if app.detail.is_some() => DETAIL_KEYS
            .iter()
            .map(|(c, d)| (keys_of(app, *c), d.to_string()))
            .collect(),
        _ => KeyCommand::ALL
            .into_iter()
            .map(|c| (keys_of(app, c), c.describe().to_string()))
            .collect(),
    }
}

/// What each key does on the stages screen, in the order the help lists them.
const STAGE_KEYS: &[(KeyCommand, &str)] = &[
    (KeyCommand::Down, "next stage"),
    (KeyCommand::Up, "previous stage"),
    (KeyCommand::Top, "first stage"),
    (KeyCommand::Bottom, "last stage"),
    (KeyCommand::New, "add a stage (it goes last)"),
    (
        KeyCommand::Edit,
        "edit name, kind, probability, colour, active",
    ),
    (KeyCommand::Open, "edit the stage"),
    (
        KeyCommand::ShiftDown,
        "move the stage down (later on the board)",
    ),
    (
        KeyCommand::ShiftUp,
        "move the stage up (earlier on the board)",
    ),
    (
        KeyCommand::Complete,
        "activate / deactivate (hidden from the board; its deals stay)",
    ),
    (
        KeyCommand::Delete,
        "delete an empty stage (asks first; one holding deals is refused)",
    ),
    (KeyCommand::Refresh, "reload the list"),
    (KeyCommand::Back, "back to the board (it reloads)"),
    (KeyCommand::CommandLine, "command line"),
    (KeyCommand::Help, "this help"),
    (KeyCommand::Quit, "quit"),
];

/// What each key does in an open record, in the order the help lists them.
const DETAIL_KEYS: &[(KeyCommand, &str)] = &[
    (KeyCommand::NextTab, "next tab"),
    (KeyCommand::PrevTab, "previous tab"),
    (
        KeyCommand::Down,
        "next row (an opened change: the next change)",
    ),
    (
        KeyCommand::Up,
        "previous row (an opened change: the previous one)",
    ),
    (KeyCommand::Top, "first row"),
    (KeyCommand::Bottom, "last row"),
    (
        KeyCommand::Open,
        "open the related record (History: the change, every field)",
    ),
    (
        KeyCommand::Back,
        "close the change; back to the record before; close",
    ),
    (KeyCommand::Edit, "edit the record"),
    (KeyCommand::Log, "log an activity on the record"),
    (KeyCommand::Delete, "delete the record (asks first)"),
    (KeyCommand::Refresh, "reload the record"),
    (KeyCommand::CommandLine, "command line"),
    (KeyCommand::Help, "this help"),
    (KeyCommand::Quit, "quit"),
];

fn keys_of(app: &App, c: KeyCommand) -> String {
    let keys: Vec<String> = app
        .keymap
        .keys_for(c)
        .iter()
        .map(|k| k.to_string())
        .collect();
    if keys.is_empty() {
        "(unbound)".into()
    } else {
        keys.join(" ")
    }
}

pub fn help(frame: &mut Frame, area: Rect, app: &App, under: &Mode, _theme: Theme) {
    let lines = help_lines(app, under);
    let key_width = lines
        .iter()
        .map(|(k, _)| display_width(k))
        .max()
        .unwrap_or(0);
    let cells: Vec<String> = lines
        .iter()
        .map(|(k, d)| format!("{}  {d}", pad(k, key_width)))
        .collect();
    // two columns when one does not fit the height
    let rows = usize::from(area.height.saturating_sub(4));
    let two = cells.len() > rows && rows > 0;
    // one column is at most 100 wide; two take the whole width, so neither is clipped
    let width = if two {
        area.width.saturating_sub(4)
    } else {
        area.width.saturating_sub(4).min(100)
    };
    let text: Vec<Line> = if two {
        let half = cells.len().div_ceil(2);
        let col = usize::from(width.saturating_sub(4)) / 2;
        (0..half)
            .map(|i| {
                let left = pad(&cells[i], col);
                let right = cells.get(i + half).map_or(String::new(), |c| fit(c, col));
                Line::raw(format!("{left}  {right}"))
            })
            .collect()
    } else {
        cells.into_iter().map(Line::raw).collect()
    };
    let title = match under {
        Mode::Filter(_) => " Help: filter bar (any key closes) ",
        Mode::CommandLine(_) => " Help: command line (any key closes) ",
        Mode::Builder(_) => " Help: filter builder (any key closes) ",
        Mode::Form(_) => " Help: form (any key closes) ",
        _ if app.stages_active() => {
            " Help: pipeline stages (any key closes; remap in config.toml [keys]) "
        }
        _ => " Help: keys (any key closes; remap in config.toml [keys]) ",
    };
    let height = u16::try_from(text.len() + 2).unwrap_or(u16::MAX);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(text).block(Block::default().borders(Borders::ALL).title(title)),
        rect,
    );
}

pub fn welcome(frame: &mut Frame, area: Rect, app: &App, _theme: Theme) {
    let text = vec![
        Line::raw("Welcome to rolo, the CRM in your terminal."),
        Line::raw(""),
        Line::raw(format!(
            "The database ({} {}) is empty.",
            app.backend,
            sanitize(&app.location)
        )),
        Line::raw(""),
        Line::raw("  d    load the demo data (3 users, 8 companies, deals, activities)"),
        Line::raw("  n    create your first company"),
        Line::raw(if app.backend != "sqlite" {
            "  i    who you are: your database login"
        } else if app.me.is_some() {
            "  i    act as someone else"
        } else {
            "  i    say who you are (until then edits are anonymous)"
        }),
        Line::raw("  Esc  start with empty tables"),
        Line::raw("  q    quit"),
        Line::raw(""),
        Line::raw("Press ? at any time for every key."),
    ];
    let rect = centered(area, area.width.saturating_sub(4).min(72), 14);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(" Welcome ")),
        rect,
    );
}

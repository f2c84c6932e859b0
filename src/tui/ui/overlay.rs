//! Overlays: the help for the current screen, and the first-run welcome.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use ratatui::style::{Modifier, Style};

use super::{fit, sanitize, Theme};
use crate::tui::help::{self, HelpLine};
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

/// The key rows of the help for a mode, as (keys, what they do) (for tests).
pub fn help_lines(app: &App, mode: &Mode) -> Vec<(String, String)> {
    help::page(app, mode)
        .lines
        .into_iter()
        .filter_map(|l| match l {
            HelpLine::Key(k, d) => Some((k, d)),
            _ => None,
        })
        .collect()
}

/// The help for the screen under it ([`help::page`]), over `body` (the whole screen when it is
/// too small for the rest): as tall as it needs, up to the body's height; past that it scrolls
/// (`app.help_scroll`, the first line shown) and its last line says which lines show. Laid out
/// by [`help::geometry`], the same as `update` scrolls through.
pub fn help(frame: &mut Frame, body: Rect, app: &App, under: &Mode, theme: Theme) {
    let page = help::page(app, under);
    let screen = (frame.area().width, frame.area().height);
    let (inner, room) = help::geometry(screen, usize::from(body.height.saturating_sub(3)));
    let rows = help::rows(&page, inner);
    let total = rows.len();
    let shown = total.min(room);
    let first = app.help_scroll.min(total.saturating_sub(room));
    let mut text: Vec<Line> = rows
        .into_iter()
        .skip(first)
        .take(shown)
        .map(|r| {
            let cell = fit(&r.text, inner);
            if r.heading {
                Line::styled(cell, Style::new().add_modifier(Modifier::BOLD))
            } else {
                Line::raw(cell)
            }
        })
        .collect();
    let hint = help::hint(first, shown, total, inner);
    text.push(Line::styled(fit(&hint, inner), theme.dim()));
    let width = u16::try_from(inner + 2).unwrap_or(u16::MAX);
    let height = u16::try_from(text.len() + 2).unwrap_or(u16::MAX);
    let rect = centered(body, width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(text).block(
            Block::default()
                .borders(Borders::ALL)
                .title(fit(&format!(" Help: {} ", page.title), inner)),
        ),
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

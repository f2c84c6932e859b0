//! Drawing: widgets borrow [`App`] and draw it; nothing here changes state. Database text is
//! sanitized before it reaches the terminal. Nothing is conveyed by colour alone: the selection
//! is reversed and marked, errors say "error", and `NO_COLOR` turns colour off.

mod bars;
mod board;
mod board_card;
mod board_head;
mod builder;
mod complete;
mod detail;
mod form;
mod identity;
mod overlay;
pub use overlay::help_lines;
mod prompt;
mod stages;
mod table;
mod timeline;
mod views;
#[cfg(test)]
mod width_tests;
mod widths;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::pane::PaneId;
use super::state::{App, Mode};

/// Below this the screen says "terminal too small".
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

/// Control characters (including ESC, which starts terminal escape sequences) are replaced,
/// and text is fitted by display width (CJK and emoji take two columns); shared with the CLI.
pub use crate::domain::text::{fit, pad, sanitize, width as display_width};

/// Colours, or none (`NO_COLOR`).
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
    pub fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    pub fn header(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
}

/// Draw the whole screen; returns the number of table rows that fit (the loop tells `update`).
pub fn draw(frame: &mut Frame, app: &App, theme: Theme) -> usize {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        // the help still opens (and scrolls) over the whole screen
        if let Mode::Help(under) = &app.mode {
            overlay::help(frame, area, app, under, theme);
            return 1;
        }
        frame.render_widget(
            Paragraph::new(format!(
                "terminal too small for rolo: {}x{}, needs {MIN_WIDTH}x{MIN_HEIGHT} (? help, q quit)",
                area.width, area.height
            ))
            .wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return 1;
    }
    let bottom = match app.mode {
        Mode::Filter(_) => 3,
        _ => 2,
    };
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(bottom),
    ])
    .areas(area);
    draw_header(frame, header, app, theme);
    let height = table_height(body);
    match (&app.detail, &app.stages) {
        (_, Some(s)) if app.pane == PaneId::Deals => stages::draw(frame, body, app, s, theme),
        (Some(d), _) if d.home() == app.pane => detail::draw(frame, body, d, theme),
        _ if app.pane == PaneId::Deals && app.board.shown => board::draw(frame, body, app, theme),
        _ if app.pane == PaneId::Activities && app.timeline.shown => {
            timeline::draw(frame, body, app, theme)
        }
        _ => table::draw(frame, body, app, theme),
    }
    bars::draw(frame, footer, app, theme);
    let line = Rect {
        y: footer.y + 1,
        height: 1,
        ..footer
    };
    complete::draw(frame, body, line, app, theme);
    match &app.mode {
        Mode::Help(under) => {
            if let Mode::Form(f) = under.as_ref() {
                form::draw(frame, area, f, theme);
            }
            overlay::help(frame, body, app, under, theme)
        }
        Mode::Form(f) => form::draw(frame, area, f, theme),
        Mode::Welcome => overlay::welcome(frame, area, app, theme),
        Mode::Builder(b) => builder::draw(frame, area, app, b, theme),
        Mode::Views(v) => views::draw(frame, area, v, theme),
        Mode::Identity(p) => identity::draw(frame, area, p, theme),
        _ => {}
    }
    height
}

/// The reason the filter being typed does not parse, if it does not: the pane then shows
/// nothing of the last filter that did (no rows, counts or totals that the bar does not say).
pub fn filter_error(app: &App) -> Option<&str> {
    match &app.mode {
        Mode::Filter(bar) => bar.error.as_ref().map(|(_, _, reason)| reason.as_str()),
        _ => None,
    }
}

/// Rows of data in a table drawn in `body` (borders and the header row take three).
pub fn table_height(body: Rect) -> usize {
    usize::from(body.height.saturating_sub(3)).max(1)
}

fn draw_header(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let mut spans = vec![Span::styled(
        " rolo ",
        Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
    )];
    for pane in PaneId::ALL {
        let label = format!(" {} {} ", pane.index() + 1, pane.title());
        if pane == app.pane {
            spans.push(Span::styled(
                format!("[{}]", label.trim()),
                theme.header().patch(theme.fg(Color::Cyan)),
            ));
        } else {
            spans.push(Span::styled(label, theme.dim()));
        }
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_never_reach_the_terminal() {
        assert_eq!(
            sanitize("Acme\x1b[2J\r\nCorp"),
            "Acme\u{fffd}[2J\u{fffd}\u{fffd}Corp"
        );
    }
}

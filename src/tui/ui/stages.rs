//! The stages screen: one line per live stage in board order — place, name, kind, probability,
//! colour (a swatch and its name: never colour alone), whether the board shows it, deal count —
//! and a line under the table counting them (the keys are in the status bar and `?`). Inactive stages say "hidden".

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{fit, sanitize, Theme};
use crate::tui::keymap::KeyCommand;
use crate::tui::state::stages::{StageRow, StagesState};
use crate::tui::state::App;

/// A stored colour as a terminal colour: the sixteen names, or `#rrggbb`.
pub fn color_of(name: &str) -> Option<Color> {
    if let Some(hex) = name.strip_prefix('#').filter(|h| h.len() == 6) {
        let byte = |i: usize| {
            hex.get(i..i + 2)
                .and_then(|b| u8::from_str_radix(b, 16).ok())
        };
        return Some(Color::Rgb(byte(0)?, byte(2)?, byte(4)?));
    }
    Some(match name {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" => Color::Gray,
        "dark-gray" => Color::DarkGray,
        "light-red" => Color::LightRed,
        "light-green" => Color::LightGreen,
        "light-yellow" => Color::LightYellow,
        "light-blue" => Color::LightBlue,
        "light-magenta" => Color::LightMagenta,
        "light-cyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    })
}

const HEADERS: [&str; 7] = ["   #", "Name", "Kind", "Prob.", "Colour", "Board", "Deals"];

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &StagesState, theme: Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Pipeline stages · board order (Esc: back to the board) ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [table_area, keys_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let k = |c| app.keymap.hint(c);
    let hidden = s.rows.iter().filter(|r| !r.active).count();
    let mut status = format!(
        "{} stage(s), {hidden} hidden from the board · {} help",
        s.rows.len(),
        k(KeyCommand::Help)
    );
    if let Some(name) = &s.writing {
        status = format!("saving {}… · {status}", sanitize(name));
    }
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(&status, usize::from(keys_area.width)),
            theme.dim(),
        )),
        keys_area,
    );
    if s.rows.is_empty() {
        let text = match (&s.error, s.pending) {
            (Some(e), _) => Line::styled(
                format!("error: cannot read the stages: {}", sanitize(e)),
                theme.fg(Color::Red),
            ),
            (None, Some(_)) => Line::raw("Loading the stages…"),
            (None, None) => Line::raw(format!(
                "No stages yet. Press {} to add the first.",
                k(KeyCommand::New)
            )),
        };
        frame.render_widget(Paragraph::new(text), table_area);
        return;
    }
    let name_width = usize::from(table_area.width)
        .saturating_sub(2 + 3 + 5 + 5 + 15 + 6 + 6 + 7)
        .clamp(8, 40);
    let widths = [
        Constraint::Length(5),
        Constraint::Length(u16::try_from(name_width).unwrap_or(8)),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(15),
        Constraint::Length(6),
        Constraint::Length(6),
    ];
    let header = Row::new(HEADERS.map(Cell::from)).style(theme.header());
    // keep the selection in view
    let height = usize::from(table_area.height.saturating_sub(1)).max(1);
    let skip = (s.selected + 1).saturating_sub(height);
    let rows = s
        .rows
        .iter()
        .enumerate()
        .skip(skip)
        .take(height)
        .map(|(i, r)| row(i, r, i == s.selected, name_width, theme));
    let table = Table::new(rows, widths).header(header).column_spacing(1);
    frame.render_widget(table, table_area);
}

fn row(i: usize, r: &StageRow, selected: bool, name_width: usize, theme: Theme) -> Row<'static> {
    let marker = if selected { "›" } else { " " };
    let swatch = match color_of(&r.color) {
        Some(c) => Span::styled("■ ", theme.fg(c)),
        None => Span::raw("  "),
    };
    let colour = Line::from(vec![swatch, Span::raw(fit(&r.color, 13))]);
    let board = if r.active { "shown" } else { "hidden" };
    let cells = vec![
        Cell::from(format!("{marker} {:>2}", i + 1)),
        Cell::from(fit(&r.name, name_width)),
        Cell::from(fit(&r.kind, 5)),
        Cell::from(format!("{:>3} %", r.probability)),
        Cell::from(colour),
        Cell::from(board),
        Cell::from(format!("{:>5}", r.deals)),
    ];
    let row = Row::new(cells);
    if selected {
        row.style(theme.selected())
    } else if !r.active {
        row.style(theme.dim())
    } else {
        row
    }
}

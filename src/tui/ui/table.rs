//! A pane's table: only the visible slice of the loaded window is drawn.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{display_width, fit, table_height, Theme};
use crate::tui::state::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let pane = app.pane;
    let l = app.listing();
    let sort = pane.sorts().get(l.query.sort).copied().unwrap_or("");
    let arrow = if l.query.descending { "↓" } else { "↑" };
    let title = format!(" {} · sorted by {sort} {arrow} ", pane.title());
    let block = Block::default().borders(Borders::ALL).title(title);
    if let Some(e) = &l.error {
        let text = vec![
            Line::styled("error: the query failed", theme.fg(Color::Red)),
            Line::raw(""),
            Line::raw(super::sanitize(e)),
        ];
        frame.render_widget(
            Paragraph::new(text)
                .wrap(ratatui::widgets::Wrap { trim: false })
                .block(block),
            area,
        );
        return;
    }
    if l.rows.is_empty() {
        let text = if !l.loaded {
            "Loading…".to_string()
        } else if l.query.filter.is_empty() {
            format!(
                "No {} yet. Press {} to create one, or load the demo data with `rolo seed demo`.",
                pane.title().to_lowercase(),
                app.keymap.hint(crate::tui::keymap::KeyCommand::New)
            )
        } else {
            format!(
                "No {} match `{}`. Press Esc to clear the filter.",
                pane.title().to_lowercase(),
                super::sanitize(&l.query.filter)
            )
        };
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    }
    let visible = app.visible_columns(pane);
    let columns: Vec<_> = visible
        .iter()
        .filter_map(|i| pane.columns().get(*i))
        .collect();
    let inner_width = usize::from(area.width.saturating_sub(2));
    let widths = column_widths(columns.iter().map(|c| c.width).collect(), inner_width);
    let height = table_height(area);
    let header = Row::new(columns.iter().map(|c| Cell::from(c.header))).style(theme.header());
    let rows = l
        .rows
        .iter()
        .enumerate()
        .skip(l.offset)
        .take(height)
        .map(|(i, r)| {
            let selected = i == l.selected;
            let shown = visible
                .iter()
                .map(|i| r.cells.get(*i).map_or("", String::as_str));
            let cells = shown.zip(&widths).enumerate().map(|(c, (text, w))| {
                let marker = if c == 0 && selected {
                    "› "
                } else if c == 0 {
                    "  "
                } else {
                    ""
                };
                let w = usize::from(*w).saturating_sub(display_width(marker));
                Cell::from(format!("{marker}{}", fit(text, w)))
            });
            let row = Row::new(cells);
            if selected {
                row.style(theme.selected())
            } else {
                row
            }
        });
    let constraints: Vec<Constraint> = widths.iter().map(|w| Constraint::Length(*w)).collect();
    let table = Table::new(rows, constraints)
        .header(header)
        .column_spacing(1)
        .block(block);
    frame.render_widget(table, area);
}

/// Shrink the asked widths proportionally to fit, or give the spare width to the first column.
fn column_widths(asked: Vec<u16>, available: usize) -> Vec<u16> {
    let n = asked.len();
    let spacing = n.saturating_sub(1);
    let available = available.saturating_sub(spacing);
    let total: usize = asked.iter().map(|w| usize::from(*w)).sum();
    if total == 0 {
        return asked;
    }
    if total <= available {
        let mut w = asked;
        if let Some(first) = w.first_mut() {
            *first += u16::try_from(available - total).unwrap_or(0);
        }
        return w;
    }
    let mut w: Vec<u16> = asked
        .iter()
        .map(|a| {
            u16::try_from(usize::from(*a) * available / total)
                .unwrap_or(1)
                .max(3)
        })
        .collect();
    // rounding leftovers go to the first column
    let used: usize = w.iter().map(|x| usize::from(*x)).sum();
    if used < available {
        w[0] += u16::try_from(available - used).unwrap_or(0);
    }
    w
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn widths_fill_the_line_exactly() {
        let w = column_widths(vec![24, 14, 10, 8, 14, 12], 76);
        assert_eq!(w.iter().map(|x| *x as usize).sum::<usize>() + 5, 76);
        let w = column_widths(vec![24, 14, 10], 200);
        assert_eq!(w[0], 24 + 200 - 2 - 48);
    }
}

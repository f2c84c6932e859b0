//! A pane's table: only the visible slice of the loaded window is drawn.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::widths::{widths, Ask};
use super::{display_width, fit, sanitize, table_height, Theme};
use crate::domain::describe::FieldType;
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
    if super::filter_error(app).is_some() {
        // the rows and "no match" of the last filter that parsed are not what the bar shows
        let text = "The filter below has an error: nothing is listed until it is fixed (Esc goes back to the filter you had).";
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
    let sorted = pane.sort_descs().get(l.query.sort).map(|s| s.field);
    // the sorted column's header carries the sort's arrow
    let heading = |c: &crate::domain::describe::ColumnDesc| {
        if sorted == Some(c.field) {
            format!("{} {arrow}", c.header)
        } else {
            c.header.to_string()
        }
    };
    let inner_width = usize::from(area.width.saturating_sub(2));
    // sized by the loaded rows (not only the visible ones), so widths hold still while scrolling
    let asks: Vec<Ask> = columns
        .iter()
        .zip(&visible)
        .enumerate()
        .map(|(n, (c, i))| {
            let marker = if n == 0 { MARKER } else { 0 };
            let content = l
                .rows
                .iter()
                .map(|r| r.cells.get(*i).map_or(0, |t| display_width(&sanitize(t))))
                .max()
                .unwrap_or(0)
                .max(display_width(&heading(c)));
            Ask {
                min: usize::from(c.min) + marker,
                max: usize::from(c.width) + marker,
                content: content + marker,
            }
        })
        .collect();
    let widths = widths(&asks, inner_width);
    // money reads right-aligned, so the decimal points line up
    let right: Vec<bool> = columns
        .iter()
        .map(|c| {
            pane.desc()
                .field(c.field)
                .is_some_and(|f| f.ty == FieldType::Money)
        })
        .collect();
    let height = table_height(area);
    let header = Row::new(columns.iter().zip(&right).zip(&widths).enumerate().map(
        |(n, ((c, right), w))| {
            let lead = if n == 0 { "  " } else { "" };
            // the column cursor (`h`/`l`; `s` sorts by it) is shown reversed
            let text = cell(&format!("{lead}{}", heading(c)), *w, *right);
            if n == l.column.min(columns.len().saturating_sub(1)) {
                text.style(theme.header().add_modifier(Modifier::REVERSED))
            } else {
                text
            }
        },
    ))
    .style(theme.header());
    let rows =
        l.rows
            .iter()
            .enumerate()
            .skip(l.offset)
            .take(height)
            .map(|(i, r)| {
                let selected = i == l.selected;
                let shown = visible
                    .iter()
                    .map(|i| r.cells.get(*i).map_or("", String::as_str));
                let cells = shown.zip(widths.iter().zip(&right)).enumerate().map(
                    |(c, (text, (w, right)))| {
                        if c == 0 {
                            let marker = if selected { "› " } else { "  " };
                            let w = w.saturating_sub(MARKER);
                            Cell::from(format!("{marker}{}", fit(text, w)))
                        } else {
                            cell(text, *w, *right)
                        }
                    },
                );
                let row = Row::new(cells);
                if selected {
                    row.style(theme.selected())
                } else {
                    row
                }
            });
    let constraints: Vec<Constraint> = widths
        .iter()
        .map(|w| Constraint::Length(u16::try_from(*w).unwrap_or(u16::MAX)))
        .collect();
    let table = Table::new(rows, constraints)
        .header(header)
        .column_spacing(1)
        .block(block);
    frame.render_widget(table, area);
}

/// Columns the selection mark (`› `) takes in the first column.
const MARKER: usize = 2;

/// A cell cut to `width` with `…`, right-aligned when asked.
fn cell(text: &str, width: usize, right: bool) -> Cell<'static> {
    let text = fit(text, width);
    if right {
        let pad = width.saturating_sub(display_width(&text));
        Cell::from(format!("{}{text}", " ".repeat(pad)))
    } else {
        Cell::from(text)
    }
}

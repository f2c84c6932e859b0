//! An open record: title, tab bar, and the current tab as a table.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{display_width, fit, sanitize, Theme};
use crate::tui::state::DetailState;

pub fn draw(frame: &mut Frame, area: Rect, d: &DetailState, theme: Theme) {
    let title = format!(" {} · {} ", d.pane.title(), sanitize(&d.label));
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(detail) = &d.detail else {
        let text = match &d.error {
            Some(e) => Line::styled(format!("error: {}", sanitize(e)), theme.fg(Color::Red)),
            None => Line::raw("Loading…"),
        };
        frame.render_widget(Paragraph::new(text), inner);
        return;
    };
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let mut spans = Vec::new();
    for (i, t) in detail.tabs.iter().enumerate() {
        let label = format!(" {} ", t.name);
        if i == d.tab {
            spans.push(Span::styled(format!("[{}]", t.name), theme.selected()));
        } else {
            spans.push(Span::styled(label, theme.dim()));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), tabs_area);
    let Some(tab) = detail.tabs.get(d.tab) else {
        return;
    };
    if tab.rows.is_empty() {
        frame.render_widget(Paragraph::new("  (none)"), body);
        return;
    }
    let widths = widths(tab, usize::from(body.width));
    let visible = usize::from(body.height.saturating_sub(1)).max(1);
    let offset = d.selected.saturating_sub(visible - 1);
    let rows = tab
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, r)| {
            let cells = r
                .iter()
                .zip(&widths)
                .map(|(c, w)| Cell::from(fit(c, usize::from(*w))));
            let row = Row::new(cells);
            if i == d.selected {
                row.style(theme.selected())
            } else {
                row
            }
        });
    let header = Row::new(tab.headers.iter().map(|h| Cell::from(h.as_str()))).style(theme.header());
    let constraints: Vec<Constraint> = widths.iter().map(|w| Constraint::Length(*w)).collect();
    let mut table = Table::new(rows, constraints)
        .header(header)
        .column_spacing(1);
    if tab.more {
        table =
            table.footer(Row::new([Cell::from("… more; showing the newest")]).style(theme.dim()));
    }
    frame.render_widget(table, body);
}

/// Each column as wide as its widest cell, capped so all fit; the last column takes the rest.
fn widths(tab: &crate::tui::state::detail::Tab, width: usize) -> Vec<u16> {
    let n = tab.headers.len().max(1);
    let natural = |i: usize| {
        tab.rows
            .iter()
            .filter_map(|r| r.get(i))
            .chain(tab.headers.get(i))
            .map(|c| display_width(c))
            .max()
            .unwrap_or(4)
    };
    let cap = (width / n).max(8);
    let mut out: Vec<usize> = (0..n - 1).map(|i| natural(i).min(cap)).collect();
    let used: usize = out.iter().sum::<usize>() + n - 1;
    out.push(width.saturating_sub(used).max(8));
    out.into_iter()
        .map(|w| u16::try_from(w).unwrap_or(u16::MAX))
        .collect()
}

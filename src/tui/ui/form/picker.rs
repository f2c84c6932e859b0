//! The picker popup: the query, how many match, and the best matches with the highlighted one
//! reversed and marked `›`.

use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::super::{display_width, fit, pad, sanitize, Theme};
use crate::tui::state::form::{FormState, Picker};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

pub fn draw(frame: &mut Frame, area: Rect, form: &FormState, p: &Picker, theme: Theme) {
    let label = form.fields.get(p.field).map_or("record", |f| f.spec.label);
    // as tall as the matches need, up to 12 of them
    let rows = u16::try_from(p.ranked.len().clamp(1, 12)).unwrap_or(12);
    let rect = centered(
        area,
        area.width.saturating_sub(4).min(72),
        (rows + 4).min(area.height),
    );
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {label}: pick a {} ", p.kind.what()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let before = p
        .input
        .text
        .get(..p.input.cursor.min(p.input.text.len()))
        .map_or(0, |s| display_width(&sanitize(s)));
    let mut lines = vec![Line::raw(format!("search: {}", sanitize(&p.input.text)))];
    let status = match (&p.error, p.pending) {
        (Some(e), _) => Line::styled(fit(&format!("error: {e}"), width), theme.fg(Color::Red)),
        (None, true) => Line::styled(format!("{} · searching…", matches(p)), theme.dim()),
        (None, false) if p.ranked.is_empty() => Line::raw("no match"),
        (None, false) => Line::styled(matches(p), theme.dim()),
    };
    lines.push(status);
    let rows = usize::from(inner.height).saturating_sub(lines.len()).max(1);
    let offset = p.selected.saturating_sub(rows - 1);
    let name_width = width.saturating_sub(4) * 3 / 5;
    for (n, i) in p.ranked.iter().enumerate().skip(offset).take(rows) {
        let Some(c) = p.candidates.get(*i) else {
            continue;
        };
        let selected = n == p.selected;
        let text = format!(
            "{}{} {}",
            if selected { "› " } else { "  " },
            pad(&c.label, name_width),
            sanitize(&c.detail)
        );
        let line = Line::raw(fit(&text, width));
        lines.push(if selected {
            line.style(theme.selected())
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let x = inner.x
        + u16::try_from(8 + before)
            .unwrap_or(0)
            .min(inner.width.saturating_sub(1));
    frame.set_cursor_position(Position::new(x, inner.y));
}

fn matches(p: &Picker) -> String {
    let n = p.ranked.len();
    let s = if n == 1 { "" } else { "es" };
    format!("{n} match{s} of {} found", p.candidates.len())
}

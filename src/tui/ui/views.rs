//! The `:views` list: one line per saved view (name, what it lists, whose, its filter and sort),
//! the selected one marked, the keys under it.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::overlay::centered;
use super::{pad, Theme};
use crate::tui::state::views_list::ViewsList;

pub fn draw(frame: &mut Frame, area: Rect, list: &ViewsList, _theme: Theme) {
    let width = area.width.saturating_sub(4).min(110);
    let inner = usize::from(width.saturating_sub(2));
    // name, entity and owner columns; the filter (and sort) take the rest
    let name_w = (inner / 3).clamp(8, 30);
    let rest = inner.saturating_sub(2 + name_w + 1 + 10 + 1 + 6 + 1);
    let mut lines: Vec<Line> = Vec::new();
    if list.loading {
        lines.push(Line::raw(" loading…"));
    } else if list.items.is_empty() {
        lines.push(Line::raw(
            " No saved views yet: filter a list, then :save NAME",
        ));
    }
    let rows = usize::from(area.height.saturating_sub(6)).max(1);
    let first = list.selected.saturating_sub(rows.saturating_sub(1));
    for (i, v) in list.items.iter().enumerate().skip(first).take(rows) {
        let mark = if i == list.selected { "›" } else { " " };
        let whose = if v.shared { "shared" } else { "mine" };
        let mut what = if v.filter.trim().is_empty() {
            "(everything)".to_string()
        } else {
            v.filter.clone()
        };
        if let Some(s) = &v.sort {
            what.push_str(&format!("  sort {s}"));
        }
        let text = format!(
            "{mark} {} {} {} {}",
            pad(&v.name, name_w),
            pad(v.entity.as_str(), 10),
            pad(whose, 6),
            pad(&what, rest)
        );
        let style = if i == list.selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(pad(
        " Enter use · d delete · r rename · j/k move · Esc close",
        inner,
    )));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let title = format!(" Saved views ({}) ", list.items.len());
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        rect,
    );
}

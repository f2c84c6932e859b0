//! An open record: title, tab bar, and the current tab as a table.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

use super::{display_width, fit, sanitize, Theme};
use crate::domain::history::FieldChange;
use crate::tui::state::DetailState;

pub fn draw(frame: &mut Frame, area: Rect, d: &DetailState, theme: Theme) {
    // opened from another record: the way here first (`Acme › Renewal › Deals · …`)
    let trail: String = d
        .parents
        .iter()
        .map(|p| format!("{} › ", sanitize(&p.label)))
        .collect();
    let title = format!(" {trail}{} · {} ", d.pane.title(), sanitize(&d.label));
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
    if let Some((row, changes)) = d.opened_change() {
        draw_change(frame, body, row, changes, theme);
        return;
    }
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
            // the cursor, as in the panes' tables: `›` before the selected row
            let cells = r.iter().zip(&widths).enumerate().map(|(c, (text, w))| {
                let marker = match (c, i == d.selected) {
                    (0, true) => "› ",
                    (0, false) => "  ",
                    _ => "",
                };
                let w = usize::from(*w).saturating_sub(display_width(marker));
                Cell::from(format!("{marker}{}", fit(text, w)))
            });
            let row = Row::new(cells);
            if i == d.selected {
                row.style(theme.selected())
            } else {
                row
            }
        });
    let header = Row::new(
        tab.headers
            .iter()
            .enumerate()
            .map(|(i, h)| Cell::from(if i == 0 { format!("  {h}") } else { h.clone() })),
    )
    .style(theme.header());
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

/// Each column as wide as its widest cell; when they do not all fit, the widest are narrowed to
/// one cap (so a long column gives way before a short one is cut); the last takes what is left.
fn widths(tab: &crate::tui::state::detail::Tab, width: usize) -> Vec<u16> {
    let n = tab.headers.len().max(1);
    let natural: Vec<usize> = (0..n)
        .map(|i| {
            tab.rows
                .iter()
                .filter_map(|r| r.get(i))
                .chain(tab.headers.get(i))
                .map(|c| display_width(c))
                .max()
                .unwrap_or(4)
                // the first column carries the cursor
                + if i == 0 { 2 } else { 0 }
        })
        .collect();
    let available = width.saturating_sub(n - 1);
    let fits = |cap: usize| natural.iter().map(|&w| w.min(cap)).sum::<usize>() <= available;
    // the largest cap at which everything fits (at least 6 columns each)
    let (mut lo, mut hi) = (6, natural.iter().copied().max().unwrap_or(6).max(6));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut out: Vec<usize> = natural.iter().map(|&w| w.min(lo)).collect();
    let used: usize = out[..n - 1].iter().sum::<usize>() + n - 1;
    out[n - 1] = width.saturating_sub(used).max(6);
    out.into_iter()
        .map(|w| u16::try_from(w).unwrap_or(u16::MAX))
        .collect()
}

/// One opened history entry: when, who and what (the row's first three cells), then every
/// changed field as `Label: old → new`, wrapped rather than cut.
fn draw_change(
    frame: &mut Frame,
    area: Rect,
    row: &[String],
    changes: &[FieldChange],
    theme: Theme,
) {
    let cell = |i: usize| row.get(i).map_or("", String::as_str);
    let title = format!(
        " {} · {} · {} ",
        sanitize(cell(2)),
        sanitize(cell(1)),
        sanitize(cell(0))
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .title_bottom(Line::styled(
            " Esc close · j/k previous/next change ",
            theme.dim(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width).max(1);
    let mut lines: Vec<Line> = Vec::new();
    for c in changes {
        let label = format!("{}: ", sanitize(&c.label));
        let text = format!("{label}{} → {}", sanitize(&c.old), sanitize(&c.new));
        for (i, piece) in wrap(&text, width).into_iter().enumerate() {
            // the label is the start of the first piece: it keeps its style
            match piece.strip_prefix(label.as_str()).filter(|_| i == 0) {
                Some(rest) => lines.push(Line::from(vec![
                    Span::styled(label.clone(), theme.header()),
                    Span::raw(rest.to_string()),
                ])),
                None => lines.push(Line::raw(piece)),
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `text` in pieces at most `width` columns wide (by display width, so a wide character never
/// sticks out past the edge): broken after the last space that fits, or inside a word that is
/// wider than a line.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    // where `line` may be broken: its length in bytes and columns after the last space
    let mut space: Option<(usize, usize)> = None;
    for ch in text.chars() {
        let w = display_width(ch.encode_utf8(&mut [0; 4]));
        // a space that does not fit ends the line
        if ch == ' ' && used + w > width {
            out.push(std::mem::take(&mut line));
            used = 0;
            space = None;
            continue;
        }
        while used + w > width && !line.is_empty() {
            match space.take() {
                Some((bytes, cols)) if bytes < line.len() => {
                    let rest = line.split_off(bytes);
                    out.push(line.trim_end().to_string());
                    line = rest;
                    used -= cols;
                }
                _ => {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
            }
        }
        line.push(ch);
        used += w;
        if ch == ' ' {
            space = Some((line.len(), used));
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{display_width, wrap};

    #[test]
    fn wrapping_breaks_at_spaces_and_never_splits_a_wide_character_over_the_edge() {
        assert_eq!(wrap("Stage: Lead → Won", 11), vec!["Stage: Lead", "→ Won"]);
        let cjk = "Company: ∅ → 株式会社ミライ・ロボティクス";
        for width in 5..30 {
            let pieces = wrap(cjk, width);
            assert!(
                pieces.iter().all(|p| display_width(p) <= width),
                "{width}: {pieces:?}"
            );
            assert_eq!(pieces.concat().replace(' ', ""), cjk.replace(' ', ""));
        }
        assert_eq!(wrap("", 10), vec![String::new()]);
    }
}

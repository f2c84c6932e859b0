//! The deal board: a summary line, then one column per stage with its totals and its cards.
//! Overdue and stale cards carry a symbol (`!`, `~`), not only a colour.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::board_card as card;
use super::board_head::{self as head, deals};
use super::{fit, sanitize, Theme};
use crate::tui::keymap::KeyCommand;
use crate::tui::state::board::BoardColumn;
use crate::tui::state::App;

/// The narrowest a column gets (borders included) before columns go off screen; the board's
/// border then says how many lie on either side (`◀ 1 more · 2 more ▶`).
const MIN_COLUMN: u16 = 22;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let b = &app.board;
    let filter = &app.listing().query.filter;
    let title = if super::filter_error(app).is_some() {
        // not the last filter that parsed: the board shows nothing of it
        " Deals · board · the filter has an error ".to_string()
    } else if filter.is_empty() {
        " Deals · board (b: table) ".to_string()
    } else {
        format!(" Deals · board · {} ", sanitize(filter))
    };
    let mut block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    let Some(data) = &b.data else {
        frame.render_widget(block, area);
        let text = match &b.error {
            Some(e) => Line::styled(format!("error: {}", sanitize(e)), theme.fg(Color::Red)),
            None => Line::raw("Loading the board…"),
        };
        frame.render_widget(Paragraph::new(text), inner);
        return;
    };
    let prompt_rows = u16::from(b.prompt.is_some());
    let [summary_area, columns_area, prompt_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(prompt_rows),
    ])
    .areas(inner);
    // what is on screen belongs to the filter it was read for: under a new filter whose board is
    // still coming, no count or total of the old one is shown
    let current = data.filter == *filter;
    let summary = if let Some(e) = super::filter_error(app) {
        format!("The filter has an error: {}", sanitize(e))
    } else if current {
        summary_line(&data.summary, usize::from(summary_area.width))
    } else {
        "Loading the board for this filter…".to_string()
    };
    let window = Window::of(data.columns.len(), columns_area.width, b.focus);
    if let Some(more) = window.more() {
        block = block.title_top(Line::from(format!(" {more} ")).right_aligned());
    }
    frame.render_widget(block, area);
    frame.render_widget(
        Paragraph::new(fit(&summary, usize::from(summary_area.width))),
        summary_area,
    );
    if let Some(e) = &b.error {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("error: {}", sanitize(e)),
                theme.fg(Color::Red),
            )),
            columns_area,
        );
        return;
    }
    if data.columns.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(
                "No active pipeline stages. Press {} to manage the stages and add one.",
                app.keymap.hint(KeyCommand::Stages)
            )),
            columns_area,
        );
        return;
    }
    // the stages stay in place; their counts, totals and cards wait for the new filter's
    let current = current && super::filter_error(app).is_none();
    let areas = Layout::horizontal(vec![
        Constraint::Ratio(1, window.shown as u32);
        window.shown
    ])
    .split(columns_area);
    for (slot, col_index) in (window.first..window.first + window.shown).enumerate() {
        let col = &data.columns[col_index];
        draw_column(
            frame,
            areas[slot],
            col,
            col_index == b.focus,
            current,
            theme,
        );
    }
    if let Some(p) = &b.prompt {
        super::prompt::draw_prompt(frame, prompt_area, p);
    }
}

/// Which columns are on screen: as many as fit at [`MIN_COLUMN`], scrolled so the focused one
/// shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    first: usize,
    shown: usize,
    total: usize,
}

impl Window {
    fn of(total: usize, width: u16, focus: usize) -> Window {
        let fits = usize::from((width / MIN_COLUMN).max(1));
        let shown = fits.min(total);
        let first = focus
            .saturating_sub(shown.saturating_sub(1))
            .min(total - shown);
        Window {
            first,
            shown,
            total,
        }
    }

    /// "◀ 1 more · 2 more ▶": the columns off screen on either side, if any.
    fn more(self) -> Option<String> {
        let left = self.first;
        let right = self.total - self.first - self.shown;
        let parts: Vec<String> = [
            (left > 0).then(|| format!("◀ {} more", thousands(left))),
            (right > 0).then(|| format!("{} more ▶", thousands(right))),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

fn thousands(n: usize) -> String {
    crate::tui::state::listing::thousands(i64::try_from(n).unwrap_or(i64::MAX))
}

fn draw_column(
    frame: &mut Frame,
    area: Rect,
    col: &BoardColumn,
    focused: bool,
    current: bool,
    theme: Theme,
) {
    let marker = if focused { "▶ " } else { "" };
    let title = format!(" {marker}{} ", sanitize(&col.name));
    let title_style = if focused {
        theme.selected()
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    };
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        fit(&title, usize::from(area.width.saturating_sub(2))),
        title_style,
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    if !current {
        frame.render_widget(Paragraph::new(Line::styled("…", theme.dim())), inner);
        return;
    }
    let mut lines = vec![
        Line::raw(head::count_line(col, w)),
        Line::raw(head::money_line(&col.totals, false, w)),
        Line::raw(head::money_line(&col.totals, true, w)),
        Line::styled("─".repeat(w), theme.dim()),
    ];
    let cards: Vec<_> = col
        .cards
        .iter()
        .enumerate()
        .map(|(i, c)| card::lines(c, w, focused && i == col.selected))
        .collect();
    let more = i64::try_from(col.cards.len()).unwrap_or(i64::MAX) < col.deals;
    // one row kept for "loading more…" / "20 of 2,500 shown"
    let rows = usize::from(inner.height)
        .saturating_sub(lines.len())
        .saturating_sub(usize::from(col.pending.is_some() || more));
    let heights: Vec<usize> = cards.iter().map(Vec::len).collect();
    let first = card::first_shown(&heights, col.selected, rows);
    let mut used = 0;
    for (i, card_lines) in cards.into_iter().enumerate().skip(first) {
        if used + card_lines.len() > rows && i != first {
            break;
        }
        used += card_lines.len();
        let selected = focused && i == col.selected;
        for (part, text) in card_lines {
            let style = match (selected, part) {
                (true, _) => theme.selected(),
                (false, card::Part::Title) => Style::new().add_modifier(Modifier::BOLD),
                (false, card::Part::Detail) => theme.dim(),
            };
            lines.push(Line::styled(text, style));
        }
    }
    let shown = col.cards.len();
    if col.pending.is_some() {
        lines.push(Line::styled("  loading more…", theme.dim()));
    } else if more && shown > 0 {
        lines.push(Line::styled(
            head::shown_line(shown, col.deals, w),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// "Open pipeline: 38,811 deals · … · won 5,839 · lost 5,350": every count grouped the same way.
/// The longest form that fits `width`: the symbol legend goes first, then "weighted" becomes
/// "w", then the weighted amounts go, then currencies beyond the first ("+ 2 more"); the counts
/// stay.
fn summary_line(s: &crate::tui::state::board::Summary, width: usize) -> String {
    let thousands = crate::tui::state::listing::thousands;
    let counts = format!(
        "won {} · lost {}",
        thousands(s.won_deals),
        thousands(s.lost_deals)
    );
    let line = |open: &str, legend: bool| {
        let legend = if legend { "   ! overdue  ~ stale" } else { "" };
        format!(
            "Open pipeline: {} · {open} · {counts}{legend}",
            deals(s.open_deals)
        )
    };
    if s.open.is_empty() {
        let full = line("nothing open", true);
        return if super::display_width(&full) <= width {
            full
        } else {
            line("nothing open", false)
        };
    }
    let amounts = |weighted: Option<&str>, shown: usize| {
        let mut parts: Vec<String> = s
            .open
            .iter()
            .take(shown)
            .map(|m| match weighted {
                Some(w) => format!("{} {} ({w} {})", m.value, m.currency, m.weighted),
                None => format!("{} {}", m.value, m.currency),
            })
            .collect();
        if shown < s.open.len() {
            parts.push(format!("{} more", s.open.len() - shown));
        }
        parts.join(" + ")
    };
    let all = s.open.len();
    let mut tries = vec![
        line(&amounts(Some("weighted"), all), true),
        line(&amounts(Some("weighted"), all), false),
        line(&amounts(Some("w"), all), false),
        line(&amounts(None, all), false),
    ];
    tries.extend((1..all).rev().map(|n| line(&amounts(None, n), false)));
    let last = tries.pop().unwrap_or_default();
    tries
        .into_iter()
        .find(|t| super::display_width(t) <= width)
        .unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::state::board::{Money, Summary};

    #[test]
    fn the_summary_line_groups_every_count_by_thousands() {
        let s = Summary {
            open_deals: 38811,
            open: Vec::new(),
            won_deals: 5839,
            lost_deals: 5350,
        };
        assert_eq!(
            summary_line(&s, 120),
            "Open pipeline: 38,811 deals · nothing open · won 5,839 · lost 5,350   ! overdue  ~ stale"
        );
    }

    fn money(value: &str, currency: &str, weighted: &str) -> Money {
        Money {
            currency: currency.into(),
            value: value.into(),
            weighted: weighted.into(),
        }
    }

    #[test]
    fn the_summary_line_gives_up_detail_before_it_is_cut() {
        let s = Summary {
            open_deals: 5,
            open: vec![
                money("124,500.00", "EUR", "74,250.00"),
                money("43,000.00", "USD", "7,000.00"),
                money("1,200,000", "JPY", "300,000"),
            ],
            won_deals: 1,
            lost_deals: 1,
        };
        let at = |w: usize| {
            let line = summary_line(&s, w);
            (line.chars().count() <= w).then_some(line)
        };
        assert_eq!(
            at(200).as_deref(),
            Some(
                "Open pipeline: 5 deals · 124,500.00 EUR (weighted 74,250.00) + 43,000.00 USD \
                 (weighted 7,000.00) + 1,200,000 JPY (weighted 300,000) · won 1 · lost 1   ! overdue  ~ stale"
            )
        );
        assert_eq!(
            at(130).as_deref(),
            Some(
                "Open pipeline: 5 deals · 124,500.00 EUR (w 74,250.00) + 43,000.00 USD (w 7,000.00) \
                 + 1,200,000 JPY (w 300,000) · won 1 · lost 1"
            )
        );
        assert_eq!(
            at(120).as_deref(),
            Some("Open pipeline: 5 deals · 124,500.00 EUR + 43,000.00 USD + 1,200,000 JPY · won 1 · lost 1")
        );
        assert_eq!(
            at(85).as_deref(),
            Some(
                "Open pipeline: 5 deals · 124,500.00 EUR + 43,000.00 USD + 1 more · won 1 · lost 1"
            )
        );
        assert_eq!(
            at(80).as_deref(),
            Some("Open pipeline: 5 deals · 124,500.00 EUR + 2 more · won 1 · lost 1")
        );
        assert_eq!(
            at(60).as_deref(),
            None,
            "below the shortest form the caller cuts it with an ellipsis"
        );
    }
}

//! The deal board: a summary line, then one column per stage with its totals and its cards.
//! Overdue and stale cards carry a symbol (`!`, `~`), not only a colour.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{fit, sanitize, Theme};
use crate::tui::keymap::KeyCommand;
use crate::tui::state::board::{BoardColumn, Money};
use crate::tui::state::App;

/// The narrowest a column gets before the board scrolls sideways.
const MIN_COLUMN: u16 = 24;

fn money_line(m: &[Money], weighted: bool) -> String {
    match m {
        [] => "—".into(),
        [one] if weighted => format!("w {} {}", one.weighted, one.currency),
        [one] => format!("Σ {} {}", one.value, one.currency),
        [first, rest @ ..] => {
            let v = if weighted {
                &first.weighted
            } else {
                &first.value
            };
            format!(
                "{} {v} {} +{} cur.",
                if weighted { "w" } else { "Σ" },
                first.currency,
                rest.len()
            )
        }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let b = &app.board;
    let filter = &app.listing().query.filter;
    let title = if filter.is_empty() {
        " Deals · board (b: table) ".to_string()
    } else {
        format!(" Deals · board · {} ", sanitize(filter))
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(data) = &b.data else {
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
    let summary = summary_line(&data.summary);
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
    let fits = usize::from((columns_area.width / MIN_COLUMN).max(1));
    let shown = fits.min(data.columns.len());
    let first = b
        .focus
        .saturating_sub(shown - 1)
        .min(data.columns.len() - shown);
    let areas =
        Layout::horizontal(vec![Constraint::Ratio(1, shown as u32); shown]).split(columns_area);
    for (slot, col_index) in (first..first + shown).enumerate() {
        let col = &data.columns[col_index];
        draw_column(frame, areas[slot], col, col_index == b.focus, theme);
    }
    if let Some(p) = &b.prompt {
        super::prompt::draw_prompt(frame, prompt_area, p);
    }
}

fn draw_column(frame: &mut Frame, area: Rect, col: &BoardColumn, focused: bool, theme: Theme) {
    let marker = if focused { "▶ " } else { "" };
    let title = format!(" {marker}{} ", sanitize(&col.name));
    let title_style = if focused {
        theme.selected()
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, title_style));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let mut lines = vec![
        Line::raw(fit(
            &format!("{} · {} · {}%", deals(col.deals), col.kind, col.probability),
            w,
        )),
        Line::raw(fit(&money_line(&col.totals, false), w)),
        Line::raw(fit(&money_line(&col.totals, true), w)),
        Line::styled("─".repeat(w), theme.dim()),
    ];
    let room = usize::from(inner.height).saturating_sub(lines.len()) / 2;
    let offset = col.selected.saturating_sub(room.saturating_sub(1));
    for (i, card) in col.cards.iter().enumerate().skip(offset).take(room) {
        let selected = focused && i == col.selected;
        let flags = format!(
            "{}{}",
            if card.overdue { "!" } else { " " },
            if card.stale { "~" } else { " " }
        );
        let lead = if selected { "›" } else { " " };
        let first = fit(&format!("{lead}{flags}{}", card.title), w);
        let mut second = format!("   {}", card.value);
        if let Some(c) = &card.close {
            second.push_str(&format!(" · {c}"));
        }
        if !card.owner.is_empty() {
            second.push_str(&format!(" · {}", card.owner));
        }
        if !card.company.is_empty() {
            second.push_str(&format!(" · {}", card.company));
        }
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(first, style));
        lines.push(Line::styled(
            fit(&second, w),
            if selected { style } else { theme.dim() },
        ));
    }
    let shown = col.cards.len();
    if col.pending.is_some() {
        lines.push(Line::styled("  loading more…", theme.dim()));
    } else if i64::try_from(shown).unwrap_or(i64::MAX) < col.deals && shown > 0 {
        lines.push(Line::styled(
            fit(&format!("  {shown} of {} shown; j for more", col.deals), w),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// "Open pipeline: 38,811 deals · … · won 5,839 · lost 5,350": every count grouped the same way.
fn summary_line(s: &crate::tui::state::board::Summary) -> String {
    let open = match s.open.as_slice() {
        [] => "nothing open".to_string(),
        many => many
            .iter()
            .map(|m| format!("{} {} (weighted {})", m.value, m.currency, m.weighted))
            .collect::<Vec<_>>()
            .join(" + "),
    };
    let thousands = crate::tui::state::listing::thousands;
    format!(
        "Open pipeline: {} · {open} · won {} · lost {}   ! overdue  ~ stale",
        deals(s.open_deals),
        thousands(s.won_deals),
        thousands(s.lost_deals)
    )
}

/// "1 deal", "2,500 deals".
fn deals(n: i64) -> String {
    let count = crate::tui::state::listing::thousands(n);
    if n == 1 {
        format!("{count} deal")
    } else {
        format!("{count} deals")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::state::board::Summary;

    #[test]
    fn the_summary_line_groups_every_count_by_thousands() {
        let s = Summary {
            open_deals: 38811,
            open: Vec::new(),
            won_deals: 5839,
            lost_deals: 5350,
        };
        assert_eq!(
            summary_line(&s),
            "Open pipeline: 38,811 deals · nothing open · won 5,839 · lost 5,350   ! overdue  ~ stale"
        );
    }
}

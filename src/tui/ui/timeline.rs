//! The activities timeline: section headings, day headings, and one line per activity with its
//! kind letter, time, subject, links, owner and outcome. Done items are marked `✓`.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line as TextLine;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{fit, sanitize, Theme};
use crate::tui::state::timeline::Line;
use crate::tui::state::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let t = &app.timeline;
    let whose = if t.mine {
        format!("my agenda ({})", app.user.as_deref().unwrap_or("?"))
    } else {
        "everyone's agenda".to_string()
    };
    let title = format!(
        " Activities · {} · a: mine/everyone · b: table ",
        sanitize(&whose)
    );
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(e) = &t.error {
        frame.render_widget(
            Paragraph::new(TextLine::styled(
                format!("error: {}", sanitize(e)),
                theme.fg(Color::Red),
            )),
            inner,
        );
        return;
    }
    if !t.loaded {
        frame.render_widget(Paragraph::new("Loading the agenda…"), inner);
        return;
    }
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    let lines: Vec<TextLine> = t
        .lines
        .iter()
        .enumerate()
        .skip(t.offset)
        .take(h)
        .map(|(i, l)| match l {
            Line::Section { name, count, more } => {
                let n = if *more {
                    format!("{count}+")
                } else {
                    count.to_string()
                };
                let empty = if *count == 0 { " — nothing" } else { "" };
                TextLine::styled(
                    fit(&format!("▌{name} ({n}){empty}"), w),
                    Style::new().add_modifier(Modifier::BOLD),
                )
            }
            Line::Day(d) => TextLine::styled(fit(&format!("  {d}"), w), theme.header()),
            Line::Item(item) => {
                let selected = i == t.selected;
                let mark = if selected { "›" } else { " " };
                let done = if item.done { "✓" } else { " " };
                let mut text = format!(
                    "{mark}{done}[{}] {:<5} {}",
                    item.symbol, item.when, item.subject
                );
                if !item.links.is_empty() {
                    text.push_str(&format!(" — {}", item.links));
                }
                if !item.owner.is_empty() {
                    text.push_str(&format!(" · {}", item.owner));
                }
                if !item.outcome.is_empty() {
                    text.push_str(&format!(" · {}", item.outcome));
                }
                let text = fit(&text, w);
                if selected {
                    TextLine::styled(text, theme.selected())
                } else {
                    TextLine::raw(text)
                }
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

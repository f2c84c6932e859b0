//! The filter builder popup: the text it writes, the live count, the conditions so far, and the
//! current step's choices.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Color;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{display_width, fit, sanitize, Theme};
use crate::tui::state::builder::{Builder, Step};
use crate::tui::state::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, b: &Builder, theme: Theme) {
    let rect = Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(3),
    };
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Filter builder · {} ", app.pane.title()));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);

    let mut top: Vec<Line> = Vec::new();
    let text = b.text();
    top.push(Line::from(vec![
        Span::styled("Filter: ", theme.header()),
        Span::raw(if text.is_empty() {
            "(none: everything)".to_string()
        } else {
            sanitize(&text)
        }),
    ]));
    let count = match app.listing().count {
        Some(c) => format!("{c} {} match", app.pane.title().to_lowercase()),
        None => "counting…".into(),
    };
    top.push(Line::raw(format!("Matches: {count}")));
    if !b.base.is_empty() {
        top.push(Line::raw(fit(
            &format!("  kept from before: {}", b.base),
            width,
        )));
    }
    let groups: Vec<_> = b.groups.iter().filter(|g| !g.is_empty()).collect();
    for (gi, g) in groups.iter().enumerate() {
        if gi > 0 {
            top.push(Line::styled("  or", theme.header()));
        }
        for (ci, c) in g.iter().enumerate() {
            let lead = if ci == 0 { "  • " } else { "  and " };
            top.push(Line::raw(fit(&format!("{lead}{}", c.describe()), width)));
        }
    }
    let top_height = u16::try_from(top.len() + 1)
        .unwrap_or(u16::MAX)
        .min(inner.height / 2);
    let [top_area, step_area, hint_area] = Layout::vertical([
        Constraint::Length(top_height),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(top).wrap(Wrap { trim: false }), top_area);

    let (prompt, typed) = match &b.step {
        Step::Field => ("Field: ", true),
        Step::Op(f) => {
            let _ = f;
            ("Operator: ", false)
        }
        Step::Value(_, _) => ("Value: ", true),
        Step::SaveAs => ("Save as view named: ", true),
        Step::Review => ("", false),
    };
    let mut lines: Vec<Line> = Vec::new();
    match &b.step {
        Step::Review => lines.push(Line::raw("What next?")),
        Step::Op(f) => lines.push(Line::raw(format!("{} —", f.name))),
        Step::Value(f, op) => lines.push(Line::raw(format!("{} {} …", f.name, op.label(&f.kind)))),
        _ => {}
    }
    if !prompt.is_empty() {
        let shown = if typed {
            sanitize(&b.input.text)
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::styled(prompt, theme.header()),
            Span::raw(shown),
        ]));
    }
    let room = usize::from(step_area.height).saturating_sub(lines.len());
    let offset = b.selected.saturating_sub(room.saturating_sub(1));
    for (i, choice) in b.choices.iter().enumerate().skip(offset).take(room) {
        let tick = if b.ticked.contains(choice) {
            "[x] "
        } else if matches!(b.step, Step::Value(ref f, _) if f.kind.multi()) {
            "[ ] "
        } else {
            ""
        };
        let marker = if i == b.selected { "› " } else { "  " };
        let line = fit(&format!("{marker}{tick}{choice}"), width);
        lines.push(if i == b.selected {
            Line::styled(line, theme.selected())
        } else {
            Line::raw(line)
        });
    }
    frame.render_widget(Paragraph::new(lines), step_area);
    if typed {
        let before = b
            .input
            .text
            .get(..b.input.cursor)
            .map_or(0, |s| display_width(&sanitize(s)));
        let row = step_area.y + u16::from(!matches!(b.step, Step::Field | Step::SaveAs));
        let x = step_area.x + u16::try_from(display_width(prompt) + before).unwrap_or(0);
        frame.set_cursor_position(Position::new(
            x.min(step_area.right().saturating_sub(1)),
            row,
        ));
    }

    let hint = match &b.step {
        Step::Field => "type to search fields · ↑/↓ choose · Enter pick · Esc done",
        Step::Op(_) => "↑/↓ choose · Enter pick · Esc back",
        Step::Value(f, _) if f.kind.multi() => "type to search · Tab tick several · Enter use · Esc back",
        Step::Value(_, _) => "type a value (or pick one) · Enter use · Esc back",
        Step::Review => "a add condition (and) · o add an OR group · x remove last · s save as view · Enter apply · Esc cancel",
        Step::SaveAs => "Enter save and apply · Esc back",
    };
    let bottom = match &b.error {
        Some(e) => Paragraph::new(vec![
            Line::styled(fit(&format!("error: {e}"), width), theme.fg(Color::Red)),
            Line::styled(fit(hint, width), theme.dim()),
        ]),
        None => Paragraph::new(Line::styled(hint, theme.dim())).wrap(Wrap { trim: true }),
    };
    frame.render_widget(bottom, hint_area);
}

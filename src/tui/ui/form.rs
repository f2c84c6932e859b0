//! A form over the body: one line per field (label, value, the focused one marked `›`), an error
//! line under an invalid field (`✗ error:`), a `theirs:` line under a field someone else saved
//! differently, what a date or time field's text resolved to beside it (`→ Fri 4 Dec 14:30`), a
//! Save line; it scrolls to keep the focused field visible. The picker is a popup.
//! The last screen line says what Esc is asking, the form's message, or the keys.

use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::{display_width, fit, pad, sanitize, Theme};
use crate::domain::text::{skip_columns, take_columns};

mod picker;
use crate::tui::forms::{InputKind, Value};
use crate::tui::state::form::{Ask, Field, FormState};
use crate::tui::state::Level;

/// Draw the form over the screen between the header line and the status bar, and its own last line.
pub fn draw(frame: &mut Frame, area: Rect, form: &FormState, theme: Theme) {
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(3),
        ..area
    };
    let last = Rect {
        y: area.bottom().saturating_sub(1),
        height: 1,
        ..area
    };
    frame.render_widget(Clear, body);
    let title = if form.is_new() {
        format!(" New {} ", form.kind.singular())
    } else {
        let version = form
            .version
            .map(|v| format!(" (version {v})"))
            .unwrap_or_default();
        format!(
            " Edit {} · {}{version} ",
            form.kind.singular(),
            fit(&form.label(), 40)
        )
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let cursor = if form.loading.is_some() {
        frame.render_widget(Paragraph::new("Loading…"), inner);
        None
    } else if let Some(e) = &form.load_error {
        let text = vec![
            Line::styled(
                format!("error: cannot edit this record: {}", sanitize(e)),
                theme.fg(Color::Red),
            ),
            Line::raw("Esc goes back."),
        ];
        frame.render_widget(Paragraph::new(text), inner);
        None
    } else {
        fields(frame, inner, form, theme)
    };
    frame.render_widget(Clear, last);
    frame.render_widget(
        Paragraph::new(bottom_line(form, usize::from(last.width), theme)),
        last,
    );
    match &form.picker {
        Some(p) => picker::draw(frame, body, form, p, theme),
        None => {
            if let (Some(pos), None) = (cursor, form.ask) {
                frame.set_cursor_position(pos);
            }
        }
    }
}

/// The width of the label column.
fn label_width(form: &FormState) -> usize {
    form.fields
        .iter()
        .map(|f| display_width(f.spec.label))
        .max()
        .unwrap_or(8)
        + 1
}

/// The fields, scrolled so the focused one shows; returns where the text cursor goes.
fn fields(frame: &mut Frame, area: Rect, form: &FormState, theme: Theme) -> Option<Position> {
    let width = usize::from(area.width);
    let lw = label_width(form);
    let room = width.saturating_sub(lw + 2);
    let mut lines: Vec<(usize, Line)> = Vec::new();
    let mut cursor_at: Option<(usize, usize)> = None;
    if let (Some(_), Some(v)) = (&form.theirs, form.version) {
        let banner = theme.fg(Color::Yellow).add_modifier(Modifier::BOLD);
        let text = format!(
            "⚠ conflict: someone else saved this {} meanwhile (now version {v})",
            form.kind.singular()
        );
        lines.push((usize::MAX, Line::styled(fit(&text, width), banner)));
        lines.push((
            usize::MAX,
            Line::styled(
                fit(
                    "  ctrl-s saves yours over theirs · ctrl-t takes theirs · Esc discards yours",
                    width,
                ),
                banner,
            ),
        ));
    }
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let marker = if focused { "› " } else { "  " };
        let label = format!("{marker}{}", pad(f.spec.label, lw));
        let label_style = if focused {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        let (value, col) = value_text(f, focused, room);
        // a selected value shows reversed: typing replaces it
        let value = if focused && form.selected == Some(i) {
            value.patch_style(Style::new().add_modifier(Modifier::REVERSED))
        } else {
            value
        };
        if focused && f.spec.kind.takes_text() {
            cursor_at = Some((lines.len(), lw + 2 + col));
        }
        let mut spans = vec![Span::styled(label, label_style), value];
        // a date or time shows what its text resolved to: `fri 14:30 → Fri 4 Dec 14:30`
        if let Some(r) = &f.resolved {
            spans.push(Span::styled(format!("  → {r}"), theme.fg(Color::Cyan)));
        }
        if focused {
            if let Some(h) = field_hint(f.spec.kind) {
                spans.push(Span::styled(format!("  {h}"), theme.dim()));
            }
        }
        lines.push((i, Line::from(spans)));
        let indent = " ".repeat(lw + 2);
        if form.shows_error(f) {
            let reason = f.shown_error().unwrap_or_default();
            lines.push((
                i,
                Line::styled(
                    fit(&format!("{indent}✗ error: {reason}"), width),
                    theme.fg(Color::Red),
                ),
            ));
        }
        if let Some(theirs) = form.theirs_of(i) {
            let shown = match theirs.display() {
                s if s.is_empty() => "(empty)".to_string(),
                s => s.replace('\n', "⏎"),
            };
            lines.push((
                i,
                Line::styled(
                    fit(&format!("{indent}⚠ theirs: {shown}"), width),
                    theme.fg(Color::Yellow),
                ),
            ));
        }
    }
    let save_focused = form.focus == form.fields.len();
    let save = match form.saving {
        Some(_) => "[ Saving… ]",
        None => "[ Save ]",
    };
    let save_line = Line::from(vec![
        Span::raw(if save_focused { "› " } else { "  " }),
        Span::styled(
            save,
            if save_focused {
                theme.selected()
            } else {
                Style::new().add_modifier(Modifier::BOLD)
            },
        ),
        Span::styled("  ctrl-s saves from any field", theme.dim()),
    ]);
    lines.push((form.fields.len(), save_line));
    // scroll: the focused field's lines (and the conflict banner when it fits) stay visible
    let height = usize::from(area.height).max(1);
    let first = lines
        .iter()
        .position(|(i, _)| *i == form.focus)
        .unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|(i, _)| *i == form.focus)
        .unwrap_or(0);
    // one line past the focused field, so Save shows under the last one
    let end = (last + 1).min(lines.len() - 1);
    let offset = if end < height {
        0
    } else {
        (end + 1 - height).min(first)
    };
    let more_above = offset > 0;
    let more_below = lines.len() > offset + height;
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(offset)
        .take(height)
        .map(|(_, l)| l)
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
    if more_above {
        let r = Rect::new(
            area.right().saturating_sub(9),
            area.y.saturating_sub(1),
            9,
            1,
        );
        frame.render_widget(Paragraph::new(" ↑ more "), r);
    }
    if more_below {
        let r = Rect::new(area.right().saturating_sub(9), area.bottom(), 9, 1);
        frame.render_widget(Paragraph::new(" ↓ more "), r);
    }
    let (line, col) = cursor_at?;
    let y = line.checked_sub(offset).filter(|y| *y < height)?;
    let x = u16::try_from(col).ok()?.min(area.width.saturating_sub(1));
    Some(Position::new(area.x + x, area.y + u16::try_from(y).ok()?))
}

/// A field's value as shown, and the cursor's column within it (for text).
fn value_text(f: &Field, focused: bool, room: usize) -> (Span<'static>, usize) {
    match (&f.value, f.spec.kind) {
        (Value::Text(input), InputKind::Text | InputKind::Notes | InputKind::Tags) => {
            // one line: newlines show as ⏎ (one character, so the cursor stays put)
            let text = sanitize(&input.text.replace('\n', "⏎"));
            // columns, not characters: a wide character before the cursor takes two
            let before = input
                .text
                .get(..input.cursor.min(input.text.len()))
                .map_or(0, |s| display_width(&sanitize(s)));
            if focused {
                let skip = (before + 1).saturating_sub(room.max(1));
                let (rest, skipped) = skip_columns(&text, skip);
                let shown = take_columns(rest, room).to_string();
                (Span::raw(shown), before.saturating_sub(skipped))
            } else {
                (Span::raw(fit(&text, room)), before)
            }
        }
        (Value::Text(input), InputKind::Choice(options)) => {
            let name = |o: &str| {
                if o.is_empty() {
                    "(none)".to_string()
                } else {
                    o.to_string()
                }
            };
            if focused {
                let all: Vec<String> = options
                    .iter()
                    .map(|o| {
                        if *o == input.text {
                            format!("[{}]", name(o))
                        } else {
                            format!(" {} ", name(o))
                        }
                    })
                    .collect();
                (Span::raw(fit(&format!("◂{}▸", all.join("")), room)), 0)
            } else {
                (Span::raw(name(&input.text)), 0)
            }
        }
        (Value::Bool(b), _) => (Span::raw(if *b { "[x] yes" } else { "[ ] no" }), 0),
        (Value::Ref(r), _) => {
            let text = r
                .as_ref()
                .map_or("(none)".to_string(), |r| fit(&r.label, room));
            (Span::raw(text), 0)
        }
        (Value::Text(input), _) => (Span::raw(fit(&input.text, room)), 0),
    }
}

fn field_hint(kind: InputKind) -> Option<&'static str> {
    match kind {
        InputKind::Notes => Some("ctrl-e: $EDITOR"),
        InputKind::Choice(_) => Some("←/→ choose"),
        InputKind::Bool => Some("Space toggles"),
        InputKind::Ref(_) => Some("Enter: pick · ctrl-d: clear"),
        InputKind::Tags => Some("comma-separated"),
        InputKind::Text => None,
    }
}

fn bottom_line(form: &FormState, width: usize, theme: Theme) -> Line<'static> {
    if form.ask == Some(Ask::Discard) {
        let q = if form.theirs.is_some() {
            format!(
                "Discard your changes to {} and keep theirs? y/N",
                form.label()
            )
        } else {
            format!("Discard unsaved changes to {}? y/N", form.label())
        };
        return Line::styled(fit(&q, width), Style::new().add_modifier(Modifier::BOLD));
    }
    if let Some((level, m)) = &form.message {
        return match level {
            Level::Error => Line::styled(fit(&format!("error: {m}"), width), theme.fg(Color::Red)),
            Level::Info => Line::raw(fit(m, width)),
        };
    }
    if let Some(e) = form
        .focused()
        .filter(|f| form.shows_error(f))
        .and_then(|f| {
            f.shown_error()
                .map(|e| format!("error: {}: {e}", f.spec.label))
        })
    {
        return Line::styled(fit(&e, width), theme.fg(Color::Red));
    }
    let hint = if form.picker.is_some() {
        " type to search · ↑/↓ choose · Enter pick · Esc cancel · ctrl-d clear"
    } else {
        " Tab/↑/↓ move · ctrl-s save · Esc close · F1 help"
    };
    Line::styled(fit(hint, width), theme.dim())
}

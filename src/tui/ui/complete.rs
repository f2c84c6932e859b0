//! Tab's candidates, listed in a small box just above the `:` or `/` line, starting under the
//! word being completed; the one in the line is marked (`›`, reversed). A long list scrolls with
//! the selection and says where it is (`3/41`).

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::{display_width, fit, sanitize, Theme};
use crate::tui::state::{App, LineAssist, Mode, TextInput};

/// The most candidates shown at once.
const ROWS: usize = 8;

/// Draw the list (or "nothing to complete") over the body, its bottom on `above`'s top edge;
/// `line` is the row the input is on (its first column holds the `:` or `/`).
pub fn draw(frame: &mut Frame, body: Rect, line: Rect, app: &App, theme: Theme) {
    let (input, assist) = match &app.mode {
        Mode::CommandLine(l) => (&l.input, &l.assist),
        Mode::Filter(b) => (&b.input, &b.assist),
        _ => return,
    };
    let (lines, title, start) = match content(input, assist) {
        Some(c) => c,
        None => return,
    };
    let widest = lines
        .iter()
        .map(|(t, _)| display_width(t))
        .chain([display_width(&title).saturating_sub(2)])
        .max()
        .unwrap_or(0);
    let width = u16::try_from(widest + 5)
        .unwrap_or(u16::MAX)
        .clamp(12, line.width.max(12))
        .min(body.width);
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(body.height);
    // under the word: the prompt's column, then the text before the word
    let col = 1 + input
        .text
        .get(..start.min(input.text.len()))
        .map_or(0, |s| display_width(&sanitize(s)));
    let x = (line.x + u16::try_from(col).unwrap_or(0))
        .saturating_sub(3)
        .min(line.right().saturating_sub(width));
    let rect = Rect {
        x: x.max(body.x),
        y: (body.y + body.height).saturating_sub(height),
        width,
        height,
    };
    let inner = usize::from(width.saturating_sub(2));
    let text: Vec<Line> = lines
        .into_iter()
        .map(|(t, selected)| {
            let mark = if selected { "›" } else { " " };
            let cell = fit(&format!("{mark} {}", sanitize(&t)), inner);
            if selected {
                Line::styled(cell, theme.selected())
            } else {
                Line::raw(cell)
            }
        })
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(text).block(
            Block::default()
                .borders(Borders::ALL)
                .title(title)
                .border_style(theme.dim()),
        ),
        rect,
    );
}

/// The rows (text, whether it is the one in the line), the title, and where the word starts.
type Content = (Vec<(String, bool)>, String, usize);

fn content(input: &TextInput, assist: &LineAssist) -> Option<Content> {
    if assist.no_match {
        let word_start = input.cursor;
        return Some((
            vec![("nothing to complete here".to_string(), false)],
            String::new(),
            word_start,
        ));
    }
    let m = assist.menu.as_ref()?;
    let n = m.items.len();
    let first = m.selected.map_or(0, |s| {
        s.saturating_sub(ROWS - 1).min(n.saturating_sub(ROWS))
    });
    let rows = m
        .items
        .iter()
        .enumerate()
        .skip(first)
        .take(ROWS)
        .map(|(i, c)| (c.text.clone(), m.selected == Some(i)))
        .collect();
    let title = match m.selected {
        Some(s) => format!(" {}/{n} · Tab ", s + 1),
        None => format!(" {n} · Tab "),
    };
    Some((rows, title, m.start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::complete::{Candidate, Menu};

    #[test]
    fn a_long_list_follows_the_selection() {
        let items: Vec<Candidate> = (0..20)
            .map(|i| Candidate {
                text: format!("f{i}"),
                then: ":",
            })
            .collect();
        let mut assist = LineAssist {
            menu: Some(Menu {
                start: 0,
                typed: "f".into(),
                items,
                selected: None,
            }),
            ..LineAssist::default()
        };
        let input = TextInput::new("f");
        let (rows, title, _) = content(&input, &assist).unwrap();
        assert_eq!(rows.len(), ROWS);
        assert_eq!(rows[0], ("f0".to_string(), false));
        assert_eq!(title, " 20 · Tab ");
        for (selected, first) in [(0, "f0"), (7, "f0"), (8, "f1"), (19, "f12")] {
            assist.menu.as_mut().unwrap().selected = Some(selected);
            let (rows, title, _) = content(&input, &assist).unwrap();
            assert_eq!(rows[0].0, first, "{selected}");
            assert!(rows.iter().any(|(t, s)| *s && *t == format!("f{selected}")));
            assert_eq!(title, format!(" {}/20 · Tab ", selected + 1));
        }
    }
}

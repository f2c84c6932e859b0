//! Drawing the start screen from [`State`](super::State). Text from the database is never drawn
//! raw: control characters are replaced first.

use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::State;

/// Replace control characters (including ESC, which starts terminal escape sequences).
pub fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

pub fn draw(frame: &mut Frame, state: &State) {
    let area = frame.area();
    if area.width < 40 || area.height < 10 {
        frame.render_widget(
            Paragraph::new("terminal too small for rolo (need 40x10)"),
            area,
        );
        return;
    }
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                " rolo ",
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ),
            Span::raw("  the CRM in your terminal"),
        ])),
        header,
    );
    let mut lines = vec![
        Line::from(format!(
            "Database: {} ({})",
            sanitize(&state.location),
            state.backend
        )),
        Line::from(""),
    ];
    match &state.summary {
        None => lines.push(Line::from("Loading…")),
        Some(Err(e)) => lines.push(Line::from(format!(
            "Could not read the database: {}",
            sanitize(e)
        ))),
        Some(Ok(s)) => {
            lines.push(Line::from(format!("Companies   {:>10}", s.companies)));
            lines.push(Line::from(format!("Contacts    {:>10}", s.contacts)));
            lines.push(Line::from(format!("Deals       {:>10}", s.deals)));
            lines.push(Line::from(format!("Activities  {:>10}", s.activities)));
            if s.companies == 0 {
                lines.push(Line::from(""));
                lines.push(Line::from(
                    "The database is empty. Load the demo data with: rolo seed demo",
                ));
            }
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(
        "The panes arrive next; meanwhile every record is scriptable: rolo --help",
    ));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(" Start ")),
        body,
    );
    frame.render_widget(Paragraph::new(" q quit"), status);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_never_reach_the_terminal() {
        assert_eq!(
            sanitize("Acme\x1b[2J\r\nCorp"),
            "Acme\u{fffd}[2J\u{fffd}\u{fffd}Corp"
        );
    }
}

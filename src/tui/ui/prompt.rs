//! Drawing a prompt ([`Prompt`]): its question (and what is typed), bold, on one line.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::fit;
use crate::tui::state::prompt::Prompt;

pub fn draw_prompt(frame: &mut Frame, area: Rect, prompt: &Prompt) {
    frame.render_widget(
        Paragraph::new(fit(&prompt.text(), usize::from(area.width)))
            .style(Style::new().add_modifier(Modifier::BOLD)),
        area,
    );
}

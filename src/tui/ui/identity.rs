//! "Who are you?": the active users (narrowed by what is typed, the highlighted one reversed and
//! marked `›`), the row to add yourself, and the keys; or the two fields of adding yourself.

use ratatui::layout::{Position, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::overlay::centered;
use super::{display_width, fit, pad, sanitize, Theme};
use crate::domain::Role;
use crate::tui::input::TextInput;
use crate::tui::state::identity::{IdentityPicker, NewSelf};

fn role_note(role: Role) -> String {
    match role {
        Role::Admin => "admin (the first user of this database)".into(),
        role => format!(
            "{} (an admin can change it)",
            role.as_str().replace('_', " ")
        ),
    }
}

/// Columns of `input` before its cursor, as drawn.
fn cursor_x(input: &TextInput) -> u16 {
    let before = input
        .text
        .get(..input.cursor.min(input.text.len()))
        .map_or(0, |s| display_width(&sanitize(s)));
    u16::try_from(before).unwrap_or(u16::MAX)
}

pub fn draw(frame: &mut Frame, area: Rect, p: &IdentityPicker, theme: Theme) {
    match &p.adding {
        Some(new) => draw_adding(frame, area, p, new, theme),
        None => draw_list(frame, area, p, theme),
    }
}

fn draw_list(frame: &mut Frame, area: Rect, p: &IdentityPicker, theme: Theme) {
    let width = area.width.saturating_sub(4).min(76);
    let inner_w = usize::from(width.saturating_sub(2));
    // the list as tall as it needs, up to what the screen leaves
    let rows_wanted = p.ranked.len() + 1;
    let room = usize::from(area.height.saturating_sub(2 + 7)).max(1);
    let rows = rows_wanted.min(room);
    let height = u16::try_from(rows + 7 + 2).unwrap_or(u16::MAX);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let title = if p.manage {
        format!(" Users ({}) ", p.users().len())
    } else {
        " Who are you? ".to_string()
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let intro = if p.manage {
        [
            "Every user of this database: Enter edits one (name, email, role, team,",
            "login, active); the last row makes a new one.",
        ]
    } else {
        [
            "rolo records who made each change. Pick yourself or add yourself;",
            "the choice is remembered in the config file.",
        ]
    };
    let mut lines = vec![
        Line::raw(fit(intro[0], inner_w)),
        Line::raw(fit(intro[1], inner_w)),
        Line::raw(""),
        Line::raw(fit(
            &format!("search: {}", sanitize(&p.input.text)),
            inner_w,
        )),
    ];
    let status = match (&p.error, &p.choices) {
        (Some(e), _) => Line::styled(fit(&format!("error: {e}"), inner_w), theme.fg(Color::Red)),
        (None, None) => Line::styled("reading the users…", theme.dim()),
        (None, Some(c)) if c.users.is_empty() => {
            Line::styled("no users yet: add yourself", theme.dim())
        }
        (None, Some(c)) => {
            let n = p.ranked.len();
            let which = if p.manage { "users" } else { "active users" };
            Line::styled(
                format!("{n} of {} {which} match", c.users.len()),
                theme.dim(),
            )
        }
    };
    lines.push(status);
    let name_w = inner_w.saturating_sub(2) * 2 / 5;
    let offset = p.selected.saturating_sub(rows.saturating_sub(1));
    for row in (0..=p.ranked.len()).skip(offset).take(rows) {
        let selected = row == p.selected;
        let mark = if selected { "› " } else { "  " };
        let text = match p.ranked.get(row).and_then(|i| p.users().get(*i)) {
            Some(u) => format!("{mark}{} {}", pad(&u.label, name_w), sanitize(&u.detail)),
            None if p.choices.is_none() => continue,
            None if p.manage => format!("{mark}+ new user"),
            None => format!("{mark}+ add yourself, as {}", role_note(p.new_role())),
        };
        let line = Line::raw(fit(&text, inner_w));
        lines.push(if selected {
            line.style(theme.selected())
        } else {
            line
        });
    }
    lines.push(Line::raw(""));
    let keys = if p.saving {
        "saving…"
    } else if p.manage {
        "Enter edit · ↑↓ move · type to narrow · Esc close"
    } else {
        "Enter choose · ↑↓ move · type to narrow · Esc skip (edits stay anonymous)"
    };
    lines.push(Line::styled(fit(keys, inner_w), theme.dim()));
    frame.render_widget(Paragraph::new(lines), inner);
    let x = inner.x + (8 + cursor_x(&p.input)).min(inner.width.saturating_sub(1));
    frame.set_cursor_position(Position::new(x, inner.y + 3));
}

fn draw_adding(frame: &mut Frame, area: Rect, p: &IdentityPicker, new: &NewSelf, theme: Theme) {
    let width = area.width.saturating_sub(4).min(76);
    let inner_w = usize::from(width.saturating_sub(2));
    // the fields, the role, an error (wrapped) and the keys
    let error_lines = new
        .error
        .as_ref()
        .map_or(1, |e| (display_width(e) + 7).div_ceil(inner_w.max(1)));
    let height = u16::try_from(8 + error_lines).unwrap_or(u16::MAX);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Who are you? Add yourself ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let field = |label: &str, input: &TextInput, focused: bool| {
        let mark = if focused { "›" } else { " " };
        Line::raw(fit(
            &format!("{mark} {label:<6} {}", sanitize(&input.text)),
            inner_w,
        ))
    };
    let mut lines = vec![
        field("Name", &new.name, new.focus == 0),
        field("Email", &new.email, new.focus == 1),
        Line::raw(fit(
            &format!("  {:<6} {}", "Role", role_note(p.new_role())),
            inner_w,
        )),
        Line::raw(""),
    ];
    match &new.error {
        Some(e) => lines.push(Line::styled(format!("error: {e}"), theme.fg(Color::Red))),
        None => lines.push(Line::raw("")),
    }
    lines.push(Line::raw(""));
    let keys = if p.saving {
        "saving…"
    } else if new.focus == 0 {
        "Enter next · Tab switch · Esc back to the list"
    } else {
        "Enter add and act as yourself · Tab switch · Esc back to the list"
    };
    lines.push(Line::styled(fit(keys, inner_w), theme.dim()));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let input = if new.focus == 0 {
        &new.name
    } else {
        &new.email
    };
    let x = inner.x + (9 + cursor_x(input)).min(inner.width.saturating_sub(1));
    frame.set_cursor_position(Position::new(x, inner.y + u16::from(new.focus == 1)));
}

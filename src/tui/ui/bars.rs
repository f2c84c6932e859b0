//! The bottom lines: the status bar, then the filter bar, command line, a question, a message,
//! or key hints.

use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{display_width, fit, sanitize, Theme};
use crate::domain::text::skip_columns;
use crate::tui::keymap::KeyCommand;
use crate::tui::state::{App, Level, Mode, TextInput};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let width = usize::from(area.width);
    let status = Rect { height: 1, ..area };
    let line2 = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    frame.render_widget(
        Paragraph::new(fit(&status_text(app), width))
            .style(Style::new().add_modifier(Modifier::REVERSED)),
        status,
    );
    match &app.mode {
        Mode::Filter(bar) => {
            input_line(frame, line2, "/", &bar.input);
            let line3 = Rect {
                y: area.y + 2,
                height: 1,
                ..area
            };
            let hint = match &bar.error {
                Some((start, end, reason)) => {
                    // columns on screen, not characters: a wide character takes two
                    let text = &bar.input.text;
                    let col = text
                        .get(..(*start).min(text.len()))
                        .map_or(0, |s| display_width(&sanitize(s)))
                        + 1;
                    let len = text
                        .get(*start..(*end).min(text.len()))
                        .map_or(1, |s| display_width(&sanitize(s)).max(1));
                    Line::from(vec![
                        Span::raw(" ".repeat(col)),
                        Span::styled(
                            "^".repeat(len),
                            theme.fg(Color::Red).add_modifier(Modifier::BOLD),
                        ),
                        Span::styled(
                            format!(" error: {}", sanitize(reason)),
                            theme.fg(Color::Red),
                        ),
                    ])
                }
                None => Line::styled(
                    " Enter apply · Esc cancel · the list updates as you type",
                    theme.dim(),
                ),
            };
            frame.render_widget(Paragraph::new(hint), line3);
        }
        Mode::CommandLine(input) => input_line(frame, line2, ":", input),
        _ if app.stage_confirming() => {
            if let Some(p) = app.stages.as_ref().and_then(|s| s.confirm.as_ref()) {
                super::prompt::draw_prompt(frame, line2, p);
            }
        }
        Mode::Confirm(p) => super::prompt::draw_prompt(frame, line2, p),
        _ => {
            let line = match &app.message {
                Some((Level::Error, m)) => {
                    Line::styled(fit(&format!("error: {m}"), width), theme.fg(Color::Red))
                }
                Some((Level::Info, m)) => Line::raw(fit(m, width)),
                None => Line::styled(fit(&hints(app), width), theme.dim()),
            };
            frame.render_widget(Paragraph::new(line), line2);
        }
    }
}

fn input_line(frame: &mut Frame, area: Rect, prompt: &str, input: &TextInput) {
    // the cursor's screen column: display width, so CJK and emoji before it count two
    let before = input
        .text
        .get(..input.cursor)
        .map_or(0, |s| display_width(&sanitize(s)));
    // keep the cursor on screen for long input
    let room = usize::from(area.width).saturating_sub(2);
    let clean = sanitize(&input.text);
    let (shown, skipped) = skip_columns(&clean, (before + 1).saturating_sub(room));
    frame.render_widget(Paragraph::new(format!("{prompt}{shown}")), area);
    let x = area.x + u16::try_from(1 + before.saturating_sub(skipped)).unwrap_or(0);
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

pub fn status_text(app: &App) -> String {
    let l = app.listing();
    let mut parts = vec![format!(" {}", app.pane.title())];
    if app.read_only {
        // early in the line, so a narrow terminal still shows it
        parts.push("[read-only]".into());
    }
    match (app.views.get(&app.pane), l.query.filter.is_empty()) {
        (Some(v), _) => parts.push(format!("view {v}: {}", l.query.filter)),
        (None, false) => parts.push(format!("filter: {}", l.query.filter)),
        (None, true) => parts.push("no filter".into()),
    }
    parts.push(match l.count {
        Some(c) => format!("{c} rows"),
        None => "… rows".into(),
    });
    if let Some(ms) = app.last_ms {
        parts.push(format!("{ms} ms"));
    }
    parts.push(format!("{} {}", app.backend, app.location));
    parts.push(app.user.clone().unwrap_or_else(|| "no user (--as)".into()));
    if app.live.paused {
        parts.push("live updates paused".into());
    }
    let mut text = sanitize(&parts.join(" │ "));
    if app.busy() {
        text.push(' ');
        text.push_str(SPINNER[usize::try_from(app.tick % 10).unwrap_or(0)]);
    }
    text
}

fn hints(app: &App) -> String {
    let k = |c| app.keymap.hint(c);
    let prompt_hint = app.board.prompt.as_ref().and_then(|p| p.hint());
    if let Some(hint) = prompt_hint.filter(|_| app.board_active()) {
        // typing a lost reason: only these keys do anything
        hint.to_string()
    } else if app.stages_active() {
        format!(
            " {} new · {} edit · {}/{} move · {} (de)activate · {} delete · {} back · {} help",
            k(KeyCommand::New),
            k(KeyCommand::Edit),
            k(KeyCommand::ShiftDown),
            k(KeyCommand::ShiftUp),
            k(KeyCommand::Complete),
            k(KeyCommand::Delete),
            k(KeyCommand::Back),
            k(KeyCommand::Help)
        )
    } else if app.detail.is_some() {
        format!(
            " {}/{} tabs · {} edit · {} delete · {} back · {} help",
            k(KeyCommand::PrevTab),
            k(KeyCommand::NextTab),
            k(KeyCommand::Edit),
            k(KeyCommand::Delete),
            k(KeyCommand::Back),
            k(KeyCommand::Help)
        )
    } else {
        format!(
            " {} filter · {} builder · {} command · {} open · {} new · {} sort · {} help · {} quit",
            k(KeyCommand::FilterBar),
            k(KeyCommand::FilterBuilder),
            k(KeyCommand::CommandLine),
            k(KeyCommand::Open),
            k(KeyCommand::New),
            k(KeyCommand::Sort),
            k(KeyCommand::Help),
            k(KeyCommand::Quit)
        )
    }
}

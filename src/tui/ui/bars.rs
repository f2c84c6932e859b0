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
        Paragraph::new(status_text(app, width))
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
                    let message = format!("error: {}", sanitize(reason));
                    let carets = Span::styled(
                        "^".repeat(len),
                        theme.fg(Color::Red).add_modifier(Modifier::BOLD),
                    );
                    let room_after = width.saturating_sub(col + len + 1);
                    let room_before = col.saturating_sub(1);
                    if display_width(&message) > room_after
                        && display_width(&message) <= room_before
                    {
                        // the whole reason fits to the left of the carets, not to their right
                        let gap = col - display_width(&message);
                        Line::from(vec![
                            Span::styled(message, theme.fg(Color::Red)),
                            Span::raw(" ".repeat(gap)),
                            carets,
                        ])
                    } else {
                        Line::from(vec![
                            Span::raw(" ".repeat(col)),
                            carets,
                            Span::styled(
                                format!(" {}", fit(&message, room_after)),
                                theme.fg(Color::Red),
                            ),
                        ])
                    }
                }
                None => Line::styled(
                    " Enter apply · Esc cancel · Tab complete · ↑/↓ history · the list updates as you type",
                    theme.dim(),
                ),
            };
            frame.render_widget(Paragraph::new(hint), line3);
        }
        Mode::CommandLine(line) => input_line(frame, line2, ":", &line.input),
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

/// The status line for a terminal `width` columns wide. What matters comes first and is kept:
/// the pane, the filter (cut to leave room), the count and the acting user; then the database
/// (its file name, or `db@host`), the last query's time. The spinner has its own place at the end,
/// blank while nothing loads. The count is shown only once it is the count of what is on screen.
pub fn status_text(app: &App, width: usize) -> String {
    let spinner = if app.busy() {
        SPINNER[usize::try_from(app.tick % 10).unwrap_or(0)]
    } else {
        " "
    };
    // the spinner's place: a space and one column
    let room = width.saturating_sub(2);
    let sep = " │ ";
    let l = app.listing();
    let mut head = vec![format!(" {}", app.pane.title())];
    if app.read_only {
        head.push("[read-only]".into());
    }
    let invalid = super::filter_error(app).is_some();
    let filter = match (app.views.get(&app.pane), l.query.filter.is_empty()) {
        _ if invalid => "filter: invalid (see below)".to_string(),
        (Some(v), _) => format!("view {v}: {}", l.query.filter),
        (None, false) => format!("filter: {}", l.query.filter),
        (None, true) => "no filter".into(),
    };
    let mut tail = Vec::new();
    if !invalid {
        tail.push(count(app).unwrap_or_else(|| "…".into()));
    }
    tail.push(
        app.user
            .clone()
            .unwrap_or_else(|| crate::tui::update::identity::NO_USER.into()),
    );
    if app.live.paused {
        tail.push("live updates paused".into());
    }
    // dropped from the end when the line is short
    let mut extra = vec![format!(
        "{} {}",
        app.backend,
        short_location(&app.backend, &app.location)
    )];
    if let Some(ms) = app.last_ms {
        extra.push(format!("{ms} ms"));
    }
    let measure = |parts: &[String]| display_width(&sanitize(&parts.join(sep)));
    let line = |filter: &str, extra: &[String]| {
        let mut parts = head.clone();
        parts.push(filter.to_string());
        parts.extend(tail.iter().cloned());
        parts.extend(extra.iter().cloned());
        parts
    };
    while !extra.is_empty() && measure(&line(&filter, &extra)) > room {
        extra.pop();
    }
    let mut parts = line(&filter, &extra);
    let over = measure(&parts).saturating_sub(room);
    if over > 0 {
        // cut the filter (it is in full in the bar and the board's title) before the user
        let keep = display_width(&sanitize(&filter))
            .saturating_sub(over)
            .max(8);
        parts = line(&fit(&filter, keep), &extra);
    }
    let text = fit(&parts.join(sep), room);
    format!(
        "{}{} {spinner}",
        text,
        " ".repeat(room - display_width(&text))
    )
}

/// "7 rows", on the board "7 deals" (what its columns hold), on the agenda "5 items", once it
/// belongs to what is shown; `None` while the count for a new filter is still coming.
fn count(app: &App) -> Option<String> {
    // a record opened from the board counts the board's deals (the table behind it is not read)
    if app.pane == crate::tui::pane::PaneId::Deals && app.board.shown {
        let data = app.board.data.as_ref()?;
        if data.filter != app.listing().query.filter {
            return None;
        }
        let n: i64 = data.columns.iter().map(|c| c.deals).sum();
        let noun = if n == 1 { "deal" } else { "deals" };
        return Some(format!(
            "{} {noun}",
            crate::tui::state::listing::thousands(n)
        ));
    }
    if app.pane == crate::tui::pane::PaneId::Activities
        && app.timeline.shown
        && app.detail.is_none()
    {
        // the agenda's items, not the table's rows
        let t = &app.timeline;
        if !t.loaded || t.pending.is_some() {
            return None;
        }
        let n = t
            .lines
            .iter()
            .filter(|l| matches!(l, crate::tui::state::timeline::Line::Item(_)))
            .count();
        let noun = if n == 1 { "item" } else { "items" };
        return Some(format!(
            "{} {noun}",
            crate::tui::state::listing::thousands(i64::try_from(n).unwrap_or(i64::MAX))
        ));
    }
    let c = app.listing().count?;
    let noun = if matches!(c, crate::tui::state::Count::Exact(1)) {
        "row"
    } else {
        "rows"
    };
    Some(format!("{c} {noun}"))
}

/// The database, short: the SQLite file's name, or `db@host` for PostgreSQL (the location is
/// `host[:port]/db`).
pub fn short_location(backend: &str, location: &str) -> String {
    if backend == "sqlite" {
        return std::path::Path::new(location).file_name().map_or_else(
            || location.to_string(),
            |f| f.to_string_lossy().into_owned(),
        );
    }
    match location.split_once('/') {
        Some((host, db)) if !db.is_empty() => format!("{db}@{host}"),
        _ => location.to_string(),
    }
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
    } else if let Some(d) = &app.detail {
        let tabs = format!("{}/{} tabs", k(KeyCommand::PrevTab), k(KeyCommand::NextTab));
        let on_row = if d.opened.is_some() {
            // an opened change: j/k go through the changes, Esc closes it
            format!(
                "{}/{} next/previous change · {} close the change",
                k(KeyCommand::Down),
                k(KeyCommand::Up),
                k(KeyCommand::Back)
            )
        } else if let Some(link) = d.selected_link() {
            format!(
                "{} open the {}",
                k(KeyCommand::Open),
                link.pane.entity().singular()
            )
        } else if d.current_tab().is_some_and(|t| !t.changes.is_empty()) {
            format!("{} open the change", k(KeyCommand::Open))
        } else {
            String::new()
        };
        let rest = format!(
            "{tabs} · {} edit · {} delete · {} back · {} help",
            k(KeyCommand::Edit),
            k(KeyCommand::Delete),
            k(KeyCommand::Back),
            k(KeyCommand::Help)
        );
        if on_row.is_empty() {
            format!(" {rest}")
        } else if d.opened.is_some() {
            format!(" {on_row} · {tabs} · {} help", k(KeyCommand::Help))
        } else {
            format!(" {on_row} · {rest}")
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::Keymap;

    #[test]
    fn the_database_is_named_short() {
        assert_eq!(
            short_location("sqlite", "/home/a/.local/share/rolo/rolo.db"),
            "rolo.db"
        );
        assert_eq!(
            short_location("postgres", "db.example.com:6432/crm"),
            "crm@db.example.com:6432"
        );
        assert_eq!(short_location("postgres", "localhost"), "localhost");
    }

    #[test]
    fn the_user_and_the_spinner_place_survive_a_narrow_line() {
        let mut app = App::new(
            "postgres".into(),
            "db.example.com:5432/crm".into(),
            Some("ada.lovelace@example.com".into()),
            Keymap::default(),
        );
        app.listing_mut().query.filter = "status:customer or status:prospect or 東京🦀".into();
        app.listing_mut().count = Some(crate::tui::state::Count::Exact(12_345));
        app.last_ms = Some(12);
        // at the narrowest screen (60) the line is cut, but keeps its width and the spinner's place
        let line = status_text(&app, 60);
        assert_eq!(display_width(&line), 60, "{line}");
        assert!(line.ends_with("…  "), "{line}");
        for width in [80, 120, 200] {
            let line = status_text(&app, width);
            assert_eq!(display_width(&line), width, "{line}");
            assert!(line.contains("12,345 rows"), "{width}: {line}");
            assert!(line.contains("ada.lovelace@example.com"), "{width}: {line}");
            assert!(line.ends_with("  "), "the spinner's place is blank: {line}");
        }
        assert!(status_text(&app, 200).contains("postgres crm@db.example.com:5432 │ 12 ms"));
        // loading: the spinner in its place, nothing cut to make room for it
        app.listing_mut().count_req = Some(1);
        let line = status_text(&app, 80);
        assert!(line.ends_with(" ⠋"), "{line}");
        assert!(line.contains("ada.lovelace@example.com"), "{line}");
        // a new filter's count is not known yet
        app.listing_mut().count = None;
        assert!(status_text(&app, 120).contains("│ … │"));
    }
}

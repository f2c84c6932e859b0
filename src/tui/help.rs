//! The help overlay's page for the screen on show (like k9s' `?`): that screen's keys, then the
//! keys every screen has and the `:` commands; for a line, a form or the builder, their keys.
//! Keys come from the keymap (as remapped in the config file) and its tables
//! (`keymap/help.rs`, `keymap/line.rs`). Plain data: the overlay draws it and scrolls through it.

use crate::filter::catalogue;
use crate::tui::keymap::help::{self as keys, FixedKey, ScreenKey};
use crate::tui::keymap::LINE_COMMANDS;
use crate::tui::pane::PaneId;
use crate::tui::state::{App, Mode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A section's title.
    Heading(String),
    /// Keys and what they do.
    Key(String, String),
    /// A gap before the next section.
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpPage {
    /// What screen it is for (the overlay's title).
    pub title: String,
    pub lines: Vec<HelpLine>,
}

impl HelpPage {
    fn heading(&mut self, text: impl Into<String>) {
        if !self.lines.is_empty() {
            self.lines.push(HelpLine::Blank);
        }
        self.lines.push(HelpLine::Heading(text.into()));
    }

    fn screen(&mut self, app: &App, rows: &[ScreenKey]) {
        for (command, about) in rows {
            self.lines.push(HelpLine::Key(
                keys_of(app, *command),
                about.unwrap_or_else(|| command.describe()).to_string(),
            ));
        }
    }

    fn fixed(&mut self, rows: &[FixedKey]) {
        for (k, about) in rows {
            self.lines
                .push(HelpLine::Key((*k).to_string(), (*about).to_string()));
        }
    }

    fn commands(&mut self) {
        self.heading("Commands (type : then Tab to complete)");
        for c in LINE_COMMANDS {
            self.lines
                .push(HelpLine::Key(c.usage.to_string(), c.about.to_string()));
        }
    }
}

/// The width the help is laid out for (inside its box, which then fits 80 columns): `update`
/// scrolls through the same lines the overlay draws.
pub const WIDTH: usize = 74;

/// Below this width (inside the box) the keys no longer get a column of their own: each key is
/// a line and what it does is wrapped under it, indented.
pub const STACKED: usize = 48;

/// Where the help is laid out on a terminal `screen` (columns, rows) wide and high: the width
/// inside its box and the lines it shows at once. The overlay draws over the body (between the
/// tab line and the status lines); on a terminal too small for the rest of rolo it takes the
/// whole screen, so it stays readable down to 40x12. `(0, 0)` (not drawn yet): the width for 80
/// columns and `rows` lines.
pub fn geometry(screen: (u16, u16), rows: usize) -> (usize, usize) {
    use crate::tui::ui::{MIN_HEIGHT, MIN_WIDTH};
    let (w, h) = screen;
    if w == 0 || h == 0 {
        return (WIDTH, rows.max(1));
    }
    let small = w < MIN_WIDTH || h < MIN_HEIGHT;
    let body = if small { h } else { h.saturating_sub(3) };
    // a margin of two columns each side over the body; none when every column counts
    let margin = if small { 2 } else { 6 };
    let inner = usize::from(w.saturating_sub(margin)).clamp(1, WIDTH);
    // borders and the hint line take three
    (inner, usize::from(body.saturating_sub(3)).max(1))
}

/// The overlay's last line: which lines show and the keys that scroll, as much as fits.
pub fn hint(first: usize, shown: usize, total: usize, width: usize) -> String {
    use crate::domain::text::width as cols;
    let forms = if shown < total {
        let (a, b) = (first + 1, first + shown);
        vec![
            format!("lines {a}–{b} of {total} · j/k PgDn/PgUp g/G scroll · Esc close"),
            format!("{a}–{b} of {total} · j/k PgDn/PgUp scroll · Esc close"),
            format!("{a}–{b} of {total} · j/k scroll · Esc close"),
            format!("{a}–{b}/{total} · j/k · Esc"),
            format!("{a}–{b}/{total}"),
        ]
    } else {
        vec![
            "Esc close · keys are remapped in config.toml [keys]".to_string(),
            "Esc close".to_string(),
        ]
    };
    let last = forms.last().cloned().unwrap_or_default();
    forms.into_iter().find(|f| cols(f) <= width).unwrap_or(last)
}

/// One screen line of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub text: String,
    pub heading: bool,
}

/// The page as screen lines `width` columns wide: keys in a column, what they do beside them,
/// wrapped at word boundaries (never cut); a key too long for the column gets a line of its own.
/// Narrower than [`STACKED`], every key is a line and what it does is wrapped under it.
pub fn rows(page: &HelpPage, width: usize) -> Vec<Row> {
    use crate::domain::text::{pad, width as cols};
    if width < STACKED {
        return stacked(page, width);
    }
    let key_w = page
        .lines
        .iter()
        .filter_map(|l| match l {
            HelpLine::Key(k, _) => Some(cols(k)),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let room = width.saturating_sub(key_w + 2).max(10);
    let mut out = Vec::new();
    let row = |text: String| Row {
        text,
        heading: false,
    };
    for line in &page.lines {
        match line {
            HelpLine::Blank => out.push(row(String::new())),
            HelpLine::Heading(h) => out.push(Row {
                text: h.clone(),
                heading: true,
            }),
            HelpLine::Key(k, about) => {
                let mut wrapped = wrap(about, room).into_iter();
                let first = wrapped.next().unwrap_or_default();
                if cols(k) > key_w {
                    out.push(row(k.clone()));
                    out.push(row(format!("{}  {first}", pad("", key_w))));
                } else {
                    out.push(row(format!("{}  {first}", pad(k, key_w))));
                }
                out.extend(wrapped.map(|w| row(format!("{}  {w}", pad("", key_w)))));
            }
        }
    }
    out
}

/// [`rows`] for a narrow box: "j Down" on its line, then "  next row", indented by two.
fn stacked(page: &HelpPage, width: usize) -> Vec<Row> {
    let mut out = Vec::new();
    let row = |text: String, heading: bool| Row { text, heading };
    for line in &page.lines {
        match line {
            HelpLine::Blank => out.push(row(String::new(), false)),
            HelpLine::Heading(h) => {
                out.extend(wrap(h, width).into_iter().map(|w| row(w, true)));
            }
            HelpLine::Key(k, about) => {
                out.extend(wrap(k, width).into_iter().map(|w| row(w, false)));
                let indent = 2.min(width.saturating_sub(1));
                out.extend(
                    wrap(about, width.saturating_sub(indent).max(1))
                        .into_iter()
                        .map(|w| row(format!("{}{w}", " ".repeat(indent)), false)),
                );
            }
        }
    }
    out
}

/// Words into lines at most `width` columns wide (a longer word is broken between characters,
/// never cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    use crate::domain::text::width as cols;
    use unicode_segmentation::UnicodeSegmentation;
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut words: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        if cols(word) <= width {
            words.push(word.to_string());
            continue;
        }
        let mut piece = String::new();
        for g in word.graphemes(true) {
            if cols(&piece) + cols(g) > width {
                words.push(std::mem::take(&mut piece));
            }
            piece.push_str(g);
        }
        words.push(piece);
    }
    for word in &words {
        if !line.is_empty() && cols(&line) + 1 + cols(word) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The keys of a command as the keymap has them (`j Down`), or "(unbound)".
pub fn keys_of(app: &App, c: crate::tui::keymap::KeyCommand) -> String {
    let keys: Vec<String> = app
        .keymap
        .keys_for(c)
        .iter()
        .map(|k| k.to_string())
        .collect();
    if keys.is_empty() {
        "(unbound)".into()
    } else {
        keys.join(" ")
    }
}

/// The help for the screen under the overlay (`under` is the mode it was opened from).
pub fn page(app: &App, under: &Mode) -> HelpPage {
    let mut p = HelpPage {
        title: String::new(),
        lines: vec![],
    };
    match under {
        Mode::Form(f) => {
            p.title = "form".into();
            if f.picker.is_some() {
                p.heading("Picking a record");
                p.fixed(keys::PICKER);
            } else {
                p.heading("Form");
                p.fixed(keys::FORM);
            }
        }
        Mode::Builder(_) => {
            p.title = "filter builder".into();
            p.heading("Filter builder");
            p.fixed(keys::BUILDER);
        }
        Mode::Filter(_) => {
            p.title = format!("filter bar ({})", app.pane.entity().as_str());
            p.heading("Filter bar (/): the list follows as you type");
            p.fixed(keys::LINE);
            p.heading("The filter language");
            p.fixed(keys::FILTER_SYNTAX);
            fields(&mut p, app.pane);
        }
        Mode::CommandLine(_) => {
            p.title = "command line".into();
            p.heading("Command line (:)");
            p.fixed(keys::LINE);
            p.commands();
        }
        _ => {
            let (title, rows): (String, Vec<&[ScreenKey]>) = if app.stages_active() {
                ("pipeline stages".into(), vec![keys::STAGES])
            } else if app.detail.is_some() {
                ("open record".into(), vec![keys::DETAIL])
            } else if app.board_active() {
                ("deals board".into(), vec![keys::BOARD])
            } else if app.pane == PaneId::Activities && app.timeline.shown {
                ("agenda".into(), vec![keys::TIMELINE])
            } else {
                let more: &[ScreenKey] = match app.pane {
                    PaneId::Deals => keys::DEALS_TABLE,
                    PaneId::Activities => keys::ACTIVITIES_TABLE,
                    _ => &[],
                };
                let pane = app.pane.title().to_lowercase();
                (format!("{pane} table"), vec![keys::TABLE, more])
            };
            p.heading(format!("{}{}", title[..1].to_uppercase(), &title[1..]));
            for r in rows {
                p.screen(app, r);
            }
            p.title = title;
            p.heading("On every screen");
            p.screen(app, keys::EVERYWHERE);
            p.commands();
        }
    }
    p.heading("This help");
    p.fixed(keys::HELP);
    p
}

/// The pane's filter fields, a few to a line, from the field catalogue.
fn fields(p: &mut HelpPage, pane: PaneId) {
    let entity = pane.entity();
    p.heading(format!(
        "Fields of {} (Tab completes them)",
        entity.as_str()
    ));
    let names = catalogue::all_names(entity);
    for (i, chunk) in names.chunks(6).enumerate() {
        let label = if i == 0 { "fields" } else { "" };
        p.lines
            .push(HelpLine::Key(label.to_string(), chunk.join(", ")));
    }
    let related: Vec<String> = catalogue::relations(entity)
        .iter()
        .map(|r| format!("{}.FIELD", r.name))
        .collect();
    if !related.is_empty() {
        p.lines
            .push(HelpLine::Key("related".into(), related.join(", ")));
    }
}

#[cfg(test)]
#[path = "help_tests.rs"]
mod tests;

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

/// One screen line of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub text: String,
    pub heading: bool,
}

/// The page as screen lines `width` columns wide: keys in a column, what they do beside them,
/// wrapped at word boundaries (never cut); a key too long for the column gets a line of its own.
pub fn rows(page: &HelpPage, width: usize) -> Vec<Row> {
    use crate::domain::text::{pad, width as cols};
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

/// Words into lines at most `width` columns wide (a longer word is a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    use crate::domain::text::width as cols;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
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
mod tests {
    use super::*;
    use crate::tui::keymap::Keymap;
    use crate::tui::state::FilterBar;

    fn keys(page: &HelpPage) -> Vec<(&str, &str)> {
        page.lines
            .iter()
            .filter_map(|l| match l {
                HelpLine::Key(k, d) => Some((k.as_str(), d.as_str())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn rows_wrap_what_does_not_fit_and_never_cut_it() {
        let page = HelpPage {
            title: "t".into(),
            lines: vec![
                HelpLine::Heading("Keys".into()),
                HelpLine::Key("j".into(), "move down one row in the 東京 table 🚀".into()),
                HelpLine::Key("a-very-long-key".into(), "short".into()),
            ],
        };
        let got: Vec<String> = rows(&page, 20).into_iter().map(|r| r.text).collect();
        // keys take at most a third of the width (6); a longer key has a line of its own
        assert_eq!(
            got,
            [
                "Keys",
                "j       move down",
                "        one row in",
                "        the 東京",
                "        table 🚀",
                "a-very-long-key",
                "        short",
            ]
        );
        for r in rows(&page, 20) {
            assert!(crate::domain::text::width(&r.text) <= 20, "{r:?}");
        }
    }

    #[test]
    fn each_screen_has_its_own_page_with_the_keymaps_keys() {
        let mut o = std::collections::BTreeMap::new();
        o.insert("won".to_string(), vec!["ctrl-w".to_string()]);
        let mut app = App::new(
            "sqlite".into(),
            "x".into(),
            None,
            Keymap::with_overrides(&o).unwrap(),
        );
        // (pane, board shown, title, a key row it has, one it has not)
        type Case<'a> = (PaneId, bool, &'a str, (&'a str, &'a str), &'a str);
        let cases: &[Case] = &[
            (
                PaneId::Companies,
                false,
                "companies table",
                ("s", "sort by the column under the cursor"),
                "mark the deal won",
            ),
            (
                PaneId::Deals,
                true,
                "deals board",
                ("ctrl-w", "mark the deal won"),
                "clear the filter",
            ),
            (
                PaneId::Deals,
                false,
                "deals table",
                ("b", "back to the board"),
                "mark the deal won",
            ),
            (
                PaneId::Activities,
                true,
                "agenda",
                ("x", "complete the task"),
                "mark the deal won",
            ),
        ];
        for (pane, shown, title, (k, about), not) in cases {
            app.pane = *pane;
            app.board.shown = *shown;
            app.timeline.shown = *shown;
            let page = page(&app, &Mode::Normal);
            assert_eq!(page.title, *title);
            let rows = keys(&page);
            assert!(
                rows.iter().any(|(key, d)| key == k && d.starts_with(about)),
                "{title}: {rows:?}"
            );
            assert!(!rows.iter().any(|(_, d)| d.contains(not)), "{title}: {not}");
            // every screen lists the commands and the keys it shares
            assert!(
                rows.iter().any(|(k, _)| *k == ":sort FIELD [desc]"),
                "{title}"
            );
            assert!(
                rows.iter().any(|(k, d)| *k == "q ctrl-c" && *d == "quit"),
                "{title}"
            );
        }
        // the filter bar: the line's keys, the syntax and the pane's fields
        app.pane = PaneId::Deals;
        let bar = page(&app, &Mode::Filter(FilterBar::new("")));
        assert_eq!(bar.title, "filter bar (deals)");
        let rows = keys(&bar);
        assert!(rows.iter().any(|(k, _)| *k == "↑ / ↓"));
        assert!(rows
            .iter()
            .any(|(k, d)| *k == "fields" && d.starts_with("title, stage")));
        assert!(rows
            .iter()
            .any(|(k, d)| *k == "related" && d.contains("company.FIELD")));
    }
}
